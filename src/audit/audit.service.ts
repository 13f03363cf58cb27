import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { scrubForStorage } from '../pii/scrub.js';
import { invalidField, notFound } from '../common/errors.js';
import type { Principal } from '../auth/principal.js';
import { chainIdFor, isAuditTime, isChainId, type AuditEvent, type JsonValue } from './audit-event.js';
import { sealBatch, type AuditInput, type AuditReceipt } from './audit-batch.js';
import { AuditRepository, type EventCursor, type EventFilter } from './audit.repository.js';
import { AuditWriter, inputProblem, type Attachment } from './audit-writer.js';

/** What a service says happened; who did it comes from the principal. */
export interface AuditEntry {
  action: string;
  resource: { type: string; id: string } | null;
  decision?: AuditInput['decision'];
  reason?: string | null;
  details?: { [key: string]: JsonValue };
  /** The chain's tenant; defaults to the principal's tenant (platform chain for operators). */
  tenantId?: string | null;
}

export const actorOf = (p: Principal) => ({ id: p.keyId, role: p.role });
export const SYSTEM_ACTOR = { id: 'warden', role: 'system' };

/** Recording events, and reading them back within what the caller may see. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditRepository) private readonly repo: AuditRepository,
    @Inject(AuditWriter) private readonly writer: AuditWriter,
  ) {}

  /** Group-committed append: resolves once the event (and its attachments) is durable. */
  record(actor: AuditInput['actor'], entry: AuditEntry & { tenantId: string | null }, attach?: (r: AuditReceipt) => Attachment[]): Promise<AuditReceipt> {
    return this.writer.append(toInput(actor, entry), attach);
  }

  /**
   * Appends inside the caller's open transaction, so the event commits or rolls back with the change
   * it describes (admin actions). Holds the chain head's lock until that transaction ends.
   */
  recordNow(actor: AuditInput['actor'], entry: AuditEntry & { tenantId: string | null }): Promise<AuditReceipt> {
    const input = toInput(actor, entry);
    const problem = inputProblem(input);
    if (problem) throw new TypeError(`Refusing audit event: ${problem}`);
    return this.db.platform(async () => {
      const chainId = chainIdFor(input.tenantId);
      const heads = await this.repo.lockHeads([{ chainId, tenantId: input.tenantId }]);
      const sealed = sealBatch(heads, [input], new Date());
      await this.repo.insertEvents(sealed.events);
      await this.repo.updateHeads(sealed.heads.values());
      return sealed.receipts[0];
    });
  }

  /** The chains a principal may read: all for operators, its own for a tenant. `requested` narrows; another tenant's chain or tenant id is not found. */
  visibleChains(principal: Principal, requested?: string, tenantId?: string): string[] | undefined {
    if (requested !== undefined && !isChainId(requested)) {
      throw invalidField('chain', 'chain', 'must be "platform" or "tenant:<uuid>"');
    }
    if (principal.role === 'admin' || principal.role === 'regulator') return requested ? [requested] : undefined;
    const own = chainIdFor(principal.tenantId);
    if (requested && requested !== own) throw notFound('Audit chain', requested);
    if (tenantId && tenantId !== principal.tenantId) throw notFound('Tenant', tenantId);
    return [own];
  }

  async findEvents(principal: Principal, filter: EventFilter & { chain?: string }, cursor: string | undefined, limit: number): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    const chains = this.visibleChains(principal, filter.chain, filter.tenantId ?? undefined);
    const position = cursor ? decodeCursor(cursor) : null;
    const events = await this.db.forPrincipal(principal, () => this.repo.findEvents({ ...filter, chains }, position, limit + 1));
    const page = events.slice(0, limit);
    const last = page[page.length - 1];
    return { events: page, nextCursor: events.length > limit && last ? encodeCursor({ time: last.time, chain: last.chainId, seq: last.seq }) : null };
  }
}

function toInput(actor: AuditInput['actor'], entry: AuditEntry & { tenantId: string | null }): AuditInput {
  return {
    tenantId: entry.tenantId,
    actor,
    action: entry.action,
    // Whatever a caller passes, no personal data enters the chain: free text is scrubbed here.
    resource: entry.resource && { type: entry.resource.type, id: scrubForStorage(entry.resource.id) },
    decision: entry.decision ?? 'none',
    reason: entry.reason ?? null,
    details: scrubForStorage(entry.details ?? {}),
  };
}

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.time, cursor.chain, cursor.seq])).toString('base64url');
}

export function decodeCursor(text: string): EventCursor {
  try {
    const [time, chain, seq] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [string, string, number];
    // An event's time as stored (Postgres has no year 0).
    if (isAuditTime(time) && !time.startsWith('0000') && isChainId(chain) && Number.isSafeInteger(seq)) return { time, chain, seq };
  } catch {
    // fall through to the validation error
  }
  throw invalidField('cursor', 'cursor', 'is not a cursor this API issued');
}
