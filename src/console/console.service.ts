import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/errors.js';
import { Db } from '../database/db.js';
import { ConsoleRepository } from './console.repository.js';
import type { ChainView, OverviewQuery, OverviewView, SessionView } from './console.dto.js';
import { summariseCalls, summariseModels } from './overview-rules.js';
import { consolePermissions } from './permissions.js';

const DEFAULT_WINDOW_MS = 30 * 86_400_000;

/** What the console reads that no other endpoint gives: who is signed in, and the overview's aggregates. */
@Injectable()
export class ConsoleService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ConsoleRepository) private readonly repo: ConsoleRepository,
  ) {}

  async session(principal: Principal): Promise<SessionView> {
    const partyName = principal.partyId ? await this.db.platform(() => this.repo.partyName(principal.partyId!)) : null;
    return {
      role: principal.role,
      keyId: principal.keyId,
      tenantId: principal.tenantId,
      partyId: principal.partyId,
      partyName,
      scopes: principal.scopes,
      permissions: consolePermissions(principal),
    };
  }

  /** Counts across every tenant in a window: operators' and regulators' view, never personal data. */
  overview(query: OverviewQuery, now = new Date()): Promise<OverviewView> {
    const { from, to } = windowOf(query, now);
    return this.db.platform(async () => {
      const calls = summariseCalls(await this.repo.calls(from, to));
      const reviews = await this.repo.openReviews();
      return {
        window: { from: from.toISOString(), to: to.toISOString() },
        models: summariseModels(await this.repo.modelVersions()),
        tenants: { total: await this.repo.tenantCount() },
        calls: { ...calls, daily: await this.repo.daily(from, to) },
        consent: {
          subjects: await this.repo.subjectCount(),
          purposes: await this.repo.consent(from, to, now),
          erasures: await this.repo.erasures(from, to, now),
        },
        reviews: {
          open: reviews.reduce((sum, r) => sum + r.open, 0),
          byModel: reviews.map((r) => ({ model: r.model, open: r.open, oldest: r.oldest.toISOString() })),
        },
        audits: (await this.repo.latestAudits()).map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
      };
    });
  }

  /** The audit chains the caller may read (a tenant: its own), with sizes. */
  async chains(principal: Principal): Promise<ChainView[]> {
    const rows = await this.db.forPrincipal(principal, () => this.repo.chains());
    return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
  }
}

/** [from, to) from the query: `to` defaults to now and `from` to 30 days before it. */
export function windowOf(query: OverviewQuery, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
  if (!(from.getTime() < to.getTime())) {
    throw new DomainError('VALIDATION_FAILED', 'to: must be after from', { fields: [{ field: 'to', rule: 'after', message: 'must be after from' }] });
  }
  return { from, to };
}
