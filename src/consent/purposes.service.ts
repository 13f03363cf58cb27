import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { DomainError, notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { DEFAULT_PURPOSES } from './default-purposes.js';
import { noticeTextSha256, purposeProblems, type Purpose } from './purpose.js';
import { purposeChange } from './purpose-change.js';
import { purposeVersionView, purposeView, type CreatePurposeDto, type PurposeDetailView, type PurposeView, type UpdatePurposeDto } from './purposes.dto.js';
import { PurposesRepository, type PurposeRow } from './purposes.repository.js';
import { invalidField as invalid } from '../common/errors.js';

/** Purposes: platform-wide, every version kept, every change audited on the platform chain. */
@Injectable()
export class PurposesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(PurposesRepository) private readonly repo: PurposesRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(): Promise<PurposeView[]> {
    return (await this.db.platform(() => this.repo.list())).map(purposeView);
  }

  get(id: string): Promise<PurposeDetailView> {
    return this.db.platform(async () => {
      const purpose = await this.repo.find(id);
      if (!purpose) throw notFound('Purpose', id);
      return { ...purposeView(purpose), history: (await this.repo.versions(id)).map(purposeVersionView) };
    });
  }

  create(actor: AuditActor, dto: CreatePurposeDto): Promise<PurposeView> {
    const purpose = toPurpose(dto.id, dto);
    assertSound(purpose);
    return this.db.platform(async () => {
      const row = await this.repo.insert(purpose, actor.id, dto.reason ?? 'created');
      if (!row) throw new DomainError('CONFLICT', `Purpose ${purpose.id} already exists; PUT /v1/admin/purposes/${purpose.id} adds a version`, { field: 'id' });
      await this.record(actor, 'purpose.create', row);
      return purposeView(row);
    });
  }

  update(actor: AuditActor, id: string, dto: UpdatePurposeDto): Promise<PurposeView> {
    const next = toPurpose(id, dto);
    assertSound(next);
    return this.db.platform(async () => {
      const current = await this.repo.find(id, true);
      if (!current) throw notFound('Purpose', id);
      const change = purposeChange(await this.repo.versions(id), next);
      if (change.kind === 'refused') {
        throw new DomainError('CONFLICT', `${change.field}: ${change.message}`, { fields: [{ field: change.field, rule: change.rule, message: change.message }] });
      }
      if (change.kind === 'unchanged') return purposeView(current);
      const row = await this.repo.update(next, current.version + 1, actor.id, dto.reason);
      await this.record(actor, 'purpose.update', row, change.fields);
      return purposeView(row);
    });
  }

  /** Adds the default purposes that are missing; never touches one that exists (start-up, idempotent). */
  installDefaults(actor: AuditActor): Promise<string[]> {
    return this.db.platform(async () => {
      const added: string[] = [];
      for (const purpose of DEFAULT_PURPOSES) {
        const row = await this.repo.insert(purpose, actor.id, 'default purpose');
        if (!row) continue;
        await this.record(actor, 'purpose.create', row);
        added.push(row.id);
      }
      return added;
    });
  }

  private async record(actor: AuditActor, action: string, row: PurposeRow, changed?: string[]): Promise<void> {
    await this.audit.recordNow(actor, {
      tenantId: null,
      action,
      resource: { type: 'purpose', id: row.id },
      details: {
        version: row.version,
        lawfulBasis: row.lawfulBasis,
        noticeVersion: row.notice.version,
        noticeSha256: noticeTextSha256(row.notice.text),
        retentionDays: row.retentionDays,
        ...(changed ? { changed } : {}),
      },
    });
  }
}

function toPurpose(id: string, dto: Omit<UpdatePurposeDto, 'reason'>): Purpose {
  return { id, description: dto.description, lawfulBasis: dto.lawfulBasis, notice: { text: dto.notice.text, version: dto.notice.version }, retentionDays: dto.retentionDays };
}

function assertSound(purpose: Purpose): void {
  const [problem] = purposeProblems(purpose);
  if (problem) throw invalid('purpose', 'purpose', problem);
}
