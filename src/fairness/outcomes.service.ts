import { Inject, Injectable } from '@nestjs/common';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound, invalidField as invalid } from '../common/errors.js';
import { Db } from '../database/db.js';
import { outputsHash } from '../inference/inference-record.js';
import { ModelCatalog } from '../models/model-catalog.js';
import type { OutcomeView, ReportOutcomeDto } from './outcomes.dto.js';
import { OutcomesRepository } from './outcomes.repository.js';

/**
 * Ground truth reported after a decision: what really happened to each row of a governed call
 * (the loan was repaid, the candidate was hired). Label metrics of live audits join these to the
 * predictions. A reported label is a fact: the same label again is accepted, a different one is a
 * conflict.
 */
@Injectable()
export class OutcomesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OutcomesRepository) private readonly repo: OutcomesRepository,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  report(principal: Principal, dto: ReportOutcomeDto): Promise<OutcomeView> {
    const tenantId = principal.tenantId;
    if (principal.role !== 'tenant' || !tenantId) throw new DomainError('FORBIDDEN', 'Only tenant keys report outcomes of their calls', { permission: 'create:Outcome', role: principal.role });
    if ((dto.labels === undefined) === (dto.label === undefined)) throw invalid('labels', 'oneOf', 'send either labels (one per row) or label (with an optional row)');
    if (dto.labels !== undefined && dto.row !== undefined) throw invalid('row', 'oneOf', 'row goes with label, not with labels');
    return this.db.tenant(tenantId, async () => {
      const record = await this.repo.findRecord(dto.requestId);
      if (!record) throw notFound('Inference record', dto.requestId);
      if (record.decision !== 'allow') throw new DomainError('CONFLICT', `Call ${dto.requestId} was refused; it made no prediction to report an outcome for`);
      const outcomes = dto.labels ? dto.labels.map((label, row) => ({ row, label })) : [{ row: dto.row ?? 0, label: dto.label! }];
      if (dto.labels && dto.labels.length !== record.rows) throw invalid('labels', 'length', `must hold one label per row of the call (${record.rows})`);
      if (!dto.labels && outcomes[0].row >= record.rows) throw invalid('row', 'max', `the call has ${record.rows} row(s), numbered from 0`);
      const labels = this.catalog.versions(record.model).find((v) => v.version === record.version)?.manifest.output.labels ?? [];
      const stray = outcomes.find((o) => !labels.includes(o.label));
      if (stray) throw invalid(dto.labels ? `labels[${stray.row}]` : 'label', 'isIn', `must be one of the model's labels: ${labels.join(', ')}`);

      const { inserted, stored } = await this.repo.insert(tenantId, record.requestId, outcomes, principal.keyId);
      const clash = outcomes.find((o) => stored.get(o.row) !== o.label);
      if (clash) throw new DomainError('CONFLICT', `Row ${clash.row} of call ${dto.requestId} already has the outcome "${stored.get(clash.row)}"; outcomes are not changed once reported`, { row: clash.row });
      if (inserted > 0) {
        await this.audit.recordNow(actorOf(principal), {
          tenantId,
          action: 'outcome.report',
          resource: { type: 'inference', id: record.requestId },
          // The labels are facts about the subject: the chain gets their hash, as it gets the outputs' hash.
          details: { model: `${record.model}@${record.version}`, rows: outcomes.map((o) => o.row), outcomesHash: outputsHash(outcomes), recorded: inserted },
        });
      }
      return { requestId: record.requestId, model: record.model, version: record.version, outcomes, recorded: inserted };
    });
  }
}
