import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { DomainError, notFound, invalidField } from '../common/errors.js';
import { Db } from '../database/db.js';
import { JobsService } from '../jobs/jobs.service.js';
import { assembleSettlement, settlementHash, settlementId } from './settlement-documents.js';
import { periodLabel, uncoveredGap, type Invoice, type Period, type PeriodLabel, type Statement } from './settlement-rules.js';
import { SettlementsRepository, type SettlementRow } from './settlements.repository.js';

declare module '../jobs/job-types.js' {
  interface JobPayloads {
    'licensing.settle': { from: string; to: string; actor: { id: string; role: string } };
  }
}

export interface SettlementRequest {
  jobId: string;
  settlementId: string;
  period: PeriodLabel;
  status: 'queued' | 'closed';
}

export interface SettlementDetail {
  settlement: SettlementRow;
  statements: Statement[];
  invoices: Invoice[];
}

/**
 * Closing a period [from, to) into a statement per party and an invoice per tenant. A job does the
 * work; it is idempotent (the settlement of a period has an id derived from the period, and a
 * period already closed is returned as stored), and it closes in one transaction: mark the
 * unsettled charges dated in the period and the late ones dated in periods closed before, check
 * that their allocations add up, group them in the database, seal the documents, store them.
 * Charges that commit after that transaction fall into the next period.
 *
 * So that every charge is in exactly one statement, and in its own period's unless it came late,
 * a period is refused while unsettled charges dated before it lie in no closed period: the stretch
 * they lie in must be closed first.
 */
@Injectable()
export class SettlementsService {
  private readonly logger = new Logger('Settlements');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(SettlementsRepository) private readonly repo: SettlementsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {
    jobs.register('licensing.settle', async ({ from, to, actor }) => {
      await this.close(actor, { from: new Date(from), to: new Date(to) });
    });
  }

  /** Queues the close of a period that has ended; refuses one that overlaps a closed period. */
  async request(actor: AuditActor, period: Period, now = new Date()): Promise<SettlementRequest> {
    const label = checkedPeriod(period);
    if (period.to.getTime() > now.getTime()) {
      throw invalidField('to', 'ended', `the period must have ended: ${label.to} is in the future`);
    }
    const id = settlementId(period);
    const { existing, overlap } = await this.db.platform(async () => ({ existing: await this.repo.find(id), overlap: await this.repo.overlapping(period.from, period.to) }));
    if (overlap) {
      throw new DomainError('CONFLICT', `The period overlaps the closed settlement of ${overlap.from.toISOString()} – ${overlap.to.toISOString()}`, { settlementId: overlap.id });
    }
    if (!existing) await this.db.platform(() => this.refuseGap(period));
    const jobId = `settle-${id}`;
    if (!existing) await this.jobs.enqueue('licensing.settle', { from: label.from, to: label.to, actor }, { jobId });
    return { jobId, settlementId: id, period: label, status: existing ? 'closed' : 'queued' };
  }

  /** Closes the period, or returns it unchanged when it is closed already. */
  async close(actor: AuditActor, period: Period): Promise<SettlementRow> {
    const label = checkedPeriod(period);
    const id = settlementId(period);
    return this.db.platform(async () => {
      await this.repo.lock();
      const existing = await this.repo.find(id);
      if (existing) return existing;
      const overlap = await this.repo.overlapping(period.from, period.to);
      if (overlap) throw new DomainError('CONFLICT', `The period overlaps the closed settlement ${overlap.id}`, { settlementId: overlap.id });
      await this.refuseGap(period);

      const charges = await this.repo.markCharges(id, period.from, period.to);
      const mismatched = await this.repo.mismatched(id);
      if (mismatched.length) {
        throw new DomainError('CONFLICT', 'Allocations do not add up to their charges; the period cannot be closed', { mismatchedCharges: mismatched });
      }
      const documents = assembleSettlement(period, await this.repo.statementGroups(id, period.from), await this.repo.invoiceGroups(id, period.from));
      const unbalanced = documents.totals.filter((t) => t.difference !== 0);
      if (unbalanced.length) throw new DomainError('CONFLICT', 'Statements do not add up to invoices; the period cannot be closed', { totals: unbalanced });
      const settlement = { id, from: period.from, to: period.to, charges, deferred: await this.repo.deferred(period.to), totals: documents.totals, hash: settlementHash(documents), closedBy: actor.id };
      await this.repo.insert(settlement, documents.statements, documents.invoices);
      await this.audit.recordNow(actor, {
        tenantId: null,
        action: 'settlement.close',
        resource: { type: 'settlement', id },
        details: { from: label.from, to: label.to, charges, statements: documents.statements.length, invoices: documents.invoices.length, hash: settlement.hash },
      });
      this.logger.log(`Closed ${label.from} – ${label.to}: ${charges} charges, ${documents.statements.length} statements, ${documents.invoices.length} invoices`);
      return (await this.repo.find(id))!;
    });
  }

  /** Refuses a period while unsettled charges before it lie in no closed period, naming the stretch to close first. */
  private async refuseGap(period: Period): Promise<void> {
    const uncovered = await this.repo.uncovered(period.from);
    if (!uncovered) return;
    const gap = periodLabel(uncoveredGap(uncovered.earliest, period, await this.repo.list()));
    throw new DomainError(
      'CONFLICT',
      `${uncovered.charges} unsettled charge(s) dated before ${period.from.toISOString()} lie in no closed period; close ${gap.from} – ${gap.to} first`,
      { gap, charges: uncovered.charges },
    );
  }

  list(): Promise<SettlementRow[]> {
    return this.db.platform(() => this.repo.list());
  }

  get(id: string): Promise<SettlementDetail> {
    return this.db.platform(async () => {
      const settlement = await this.repo.find(id);
      if (!settlement) throw notFound('Settlement', id);
      return {
        settlement,
        statements: (await this.repo.statements(null, id)).map((s) => s.document),
        invoices: (await this.repo.invoices(id)).map((i) => i.document),
      };
    });
  }
}

function checkedPeriod(period: Period): PeriodLabel {
  try {
    return periodLabel(period);
  } catch (error) {
    if (error instanceof DomainError) throw invalidField('to', 'period', error.message);
    throw error;
  }
}
