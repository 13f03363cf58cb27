import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR, actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { JobsService } from '../jobs/jobs.service.js';
import { TenantDirectory } from '../tenants/tenant-directory.js';
import { ConsentKeys } from './consent-keys.js';
import { dsrDeadline, isDsrOverdue } from './deadlines.js';
import { buildErasureReceipt, signErasureReceipt, type RetainedRecord } from './erasure-receipt.js';
import { ErasureRepository, type ErasureRow } from './erasure.repository.js';
import { unverifiedPayload } from './receipt-payload.js';
import { SubjectDataRepository } from './subject-data.repository.js';
import { tenantOf } from './requests.js';
import { Subjects, type SubjectRef } from './subjects.js';
import type { ErasureView } from './subjects.dto.js';

declare module '../jobs/job-types.js' {
  interface JobPayloads {
    'consent.erasure': { requestId: string; tenantId: string };
    'consent.erasure-sweep': { reason: 'schedule' };
  }
}

/** What erasure deliberately keeps, and why; every receipt lists it. */
export const RETAINED: readonly RetainedRecord[] = [
  {
    table: 'audit_events',
    reason:
      'The tamper-evident audit log holds only pseudonyms, codes and hashes; removing an event would break every later hash, and it is the evidence that each call had a lawful basis (GDPR Art. 5(2), 17(3)(b) and (e)).',
  },
  {
    table: 'consent_events',
    reason:
      'Evidence of the grants and withdrawals that calls relied on (GDPR Art. 7(1)); the pseudonym mapping is removed, so they no longer name the subject. The audit events that recorded them (kept, above) name their record id with the pseudonym, which only the tenant secret and the raw subject id can recompute.',
  },
  {
    table: 'charges',
    reason:
      'Billing records of the calls charged (version, tenant, time, amount, and the call\'s request id and audit event; no pseudonym, inputs or outputs), kept for revenue settlement and the accounts the law requires (GDPR Art. 17(3)(b)); the inference record that request id named is deleted.',
  },
  {
    table: 'erasure_requests',
    reason: 'This receipt, the proof that the request was answered (GDPR Art. 12(3)); the pseudonym remains only inside the signed receipt.',
  },
];

const SWEEP_EVERY_MS = 5 * 60_000;
/** A request younger than this is left to the job its creation enqueued. */
const SWEEP_GRACE_MS = 60_000;

/**
 * Erasure (GDPR Art. 17) as a job: one transaction per request removes every row that names the
 * subject, completes the request with a signed receipt that counts them, and audits it — so a job
 * that dies half-way changed nothing and simply runs again (on retry, or from the sweep after a
 * crash). Completed requests are skipped, so a repeated job is harmless.
 */
@Injectable()
export class ErasureService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Erasure');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ErasureRepository) private readonly repo: ErasureRepository,
    @Inject(SubjectDataRepository) private readonly data: SubjectDataRepository,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(ConsentKeys) private readonly keys: ConsentKeys,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(Subjects) private readonly subjects: Subjects,
  ) {
    jobs.register('consent.erasure', ({ requestId, tenantId }) => this.run(requestId, tenantId));
    jobs.register('consent.erasure-sweep', () => this.sweep(new Date(Date.now() - SWEEP_GRACE_MS)));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('consent.erasure-sweep', SWEEP_EVERY_MS, { reason: 'schedule' });
    // Whatever was pending when an instance last stopped is picked up again now.
    void this.sweep(new Date()).catch((error) => this.logger.warn(`Erasure sweep failed: ${(error as Error).message}`));
  }

  async requestFor(principal: Principal, subjectId: string): Promise<ErasureView> {
    return this.request(principal, await this.subjects.resolve(tenantOf(principal, 'delete:Subject'), subjectId));
  }

  /** Opens the request (or answers the one already pending for the subject) and enqueues its job. */
  async request(principal: Principal, subject: SubjectRef): Promise<ErasureView> {
    const receivedAt = new Date();
    const row = await this.db.tenant(subject.tenantId, async () => {
      const opened = await this.repo.open(subject.tenantId, subject.pseudonym, receivedAt, dsrDeadline(receivedAt), principal.keyId);
      if (opened.created) {
        await this.audit.recordNow(actorOf(principal), {
          tenantId: subject.tenantId,
          action: 'subject.erasure-request',
          resource: { type: 'erasure', id: opened.row.id },
          details: { subject: subject.pseudonym, dueBy: opened.row.dueBy.toISOString() },
        });
      }
      return opened.row;
    });
    // Enqueued again for a request already pending: the job id makes it a no-op while that job is known.
    await this.jobs.enqueue('consent.erasure', { requestId: row.id, tenantId: row.tenantId }, { jobId: `erasure-${row.id}` });
    return erasureView(row);
  }

  async get(principal: Principal, id: string): Promise<ErasureView> {
    const row = await this.db.forPrincipal(principal, () => this.repo.find(id));
    if (!row) throw notFound('Erasure request', id);
    return erasureView(row);
  }

  async list(principal: Principal, status: string | undefined, limit: number): Promise<ErasureView[]> {
    return (await this.db.forPrincipal(principal, () => this.repo.list(status, limit))).map((row) => erasureView(row));
  }

  /** The job: erase, sign, complete, audit — all in one transaction. */
  async run(requestId: string, tenantId: string): Promise<void> {
    await this.db.tenant(tenantId, () => this.repo.countAttempt(requestId));
    const tenant = await this.tenants.get(tenantId);
    const key = await this.keys.signingKey();
    await this.db.tenant(tenantId, async () => {
      const request = await this.repo.find(requestId, true);
      if (!request || request.status === 'completed' || !request.subject) return;
      const removed = await this.erase(tenantId, request.subject);
      const completedAt = new Date();
      const receipt = buildErasureReceipt({
        receiptId: randomUUID(),
        requestId,
        subjectPseudonym: request.subject,
        controller: { id: tenantId, name: tenant.name, contact: 'Data Protection Officer' },
        receivedAt: request.receivedAt,
        completedAt,
        removed,
        retained: RETAINED,
      });
      await this.repo.complete(requestId, removed, signErasureReceipt(receipt, key.privateKey, key.kid), completedAt);
      await this.audit.recordNow(SYSTEM_ACTOR, {
        tenantId,
        action: 'subject.erasure',
        resource: { type: 'erasure', id: requestId },
        details: { subject: request.subject, removed, totalRemoved: receipt.totalRemoved, receiptId: receipt.receiptId, dueBy: receipt.dueBy, kid: key.kid },
      });
      this.logger.log(`Erasure ${requestId} removed ${receipt.totalRemoved} rows`);
    });
  }

  /** Every row that names the subject, per table (zeros included: the list shows what was searched). */
  private async erase(tenantId: string, subject: string): Promise<Record<string, number>> {
    const requestIds = await this.data.requestIds(tenantId, subject);
    const removed: Record<string, number> = {};
    for (const dependent of await this.data.dependents()) {
      removed[dependent.table] = requestIds.length ? await this.data.countDependent(dependent, requestIds) : 0;
    }
    removed.reviews = requestIds.length ? await this.data.deleteReviews(requestIds) : 0;
    removed.inference_records = requestIds.length ? await this.data.deleteInferenceRecords(requestIds) : 0;
    removed.protected_attributes = await this.data.deleteProtectedAttributes(tenantId, subject);
    const subjectKeys = await this.data.subjectKeys(tenantId, subject);
    removed.consent_receipts = subjectKeys.length ? await this.data.deleteReceipts(subjectKeys) : 0;
    removed.data_subjects = await this.data.deleteSubjectMapping(tenantId, subject);
    return removed;
  }

  private async sweep(before: Date): Promise<void> {
    const pending = await this.db.platform(() => this.repo.pending(before, 1000));
    for (const { id, tenantId } of pending) {
      await this.jobs.enqueue('consent.erasure', { requestId: id, tenantId }, { jobId: `erasure-${id}-sweep-${Date.now()}` });
    }
  }
}

export function erasureView(row: ErasureRow, now = new Date()): ErasureView {
  const content = row.receipt ? unverifiedPayload(row.receipt) : null;
  return {
    id: row.id,
    status: row.status,
    subjectPseudonym: row.subject ?? (content?.subjectPseudonym as string | undefined) ?? null,
    receivedAt: row.receivedAt.toISOString(),
    dueBy: row.dueBy.toISOString(),
    overdue: row.status === 'pending' ? isDsrOverdue(row.receivedAt, now) : row.completedAt!.getTime() > row.dueBy.getTime(),
    completedAt: row.completedAt?.toISOString() ?? null,
    attempts: row.attempts,
    removed: row.removed,
    receipt: row.receipt,
    content,
  };
}
