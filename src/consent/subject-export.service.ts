import { Inject, Injectable } from '@nestjs/common';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { Db } from '../database/db.js';
import { consentState } from './consent-rules.js';
import { ConsentRepository } from './consent.repository.js';
import { stateView } from './consent.service.js';
import { ErasureRepository } from './erasure.repository.js';
import { erasureView } from './erasure.service.js';
import { ProtectedAttributesService } from './protected-attributes.service.js';
import { requiresConsent } from './purpose.js';
import { PurposesRepository } from './purposes.repository.js';
import { withholdContexts, withholdStored } from '../inference/inference-record.js';
import type { Prediction } from '../models/predictions.js';
import type { PolicyContext } from '../policy/policy-context.js';
import { unverifiedPayload } from './receipt-payload.js';
import { tenantOf } from './requests.js';
import { SubjectDataRepository } from './subject-data.repository.js';
import { Subjects } from './subjects.js';
import type { SubjectExportView } from './subjects.dto.js';

export const SUBJECT_EXPORT_SCHEMA = 'warden.subject-export/1';

/**
 * The access export (GDPR Art. 15): everything Warden holds on one subject, as JSON. Inference
 * records are given as stored, which is already without subject attributes and with free text
 * withheld or redacted, except that the controller reads back no more of a call's outputs (in
 * `outputs`, in each row's `output` and in its review item) than the call's answer gave it; audit
 * events are listed by reference (they hold only the pseudonym).
 */
@Injectable()
export class SubjectExportService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Subjects) private readonly subjects: Subjects,
    @Inject(ConsentRepository) private readonly consent: ConsentRepository,
    @Inject(PurposesRepository) private readonly purposes: PurposesRepository,
    @Inject(SubjectDataRepository) private readonly data: SubjectDataRepository,
    @Inject(ErasureRepository) private readonly erasures: ErasureRepository,
    @Inject(ProtectedAttributesService) private readonly protectedAttributes: ProtectedAttributesService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async export(principal: Principal, subjectId: string): Promise<SubjectExportView> {
    const subject = await this.subjects.resolve(tenantOf(principal, 'export:Subject'), subjectId);
    const now = new Date();
    return this.db.tenant(subject.tenantId, async () => {
      const { tenantId, pseudonym } = subject;
      const subjectKey = await this.consent.subjectKey(tenantId, pseudonym, false);
      const events = subjectKey ? await this.consent.events(subjectKey, pseudonym) : [];
      const receipts = subjectKey ? await this.consent.receipts(subjectKey) : [];
      const named = new Set(events.map((e) => e.purpose));
      const purposes = (await this.purposes.list()).filter((p) => requiresConsent(p) || named.has(p.id));
      const records = await this.data.inferenceRecords(tenantId, pseudonym);
      const requestIds = records.map((r) => r.request_id as string);
      const related: Record<string, unknown[]> = {};
      for (const dependent of await this.data.dependents()) related[dependent.table] = requestIds.length ? await this.data.dependentRows(dependent, requestIds) : [];
      const reviews = requestIds.length ? await this.data.reviews(requestIds) : [];
      const attributes = await this.data.protectedAttributes(tenantId, pseudonym);
      const auditEvents = await this.data.auditReferences(tenantId, pseudonym);
      const erasureRequests = (await this.erasures.list(undefined, 1000)).filter((e) => e.subject === pseudonym).map((e) => erasureView(e, now));

      await this.audit.recordNow(actorOf(principal), {
        tenantId,
        action: 'subject.export',
        resource: { type: 'subject', id: pseudonym },
        details: { subject: pseudonym, consentEvents: events.length, receipts: receipts.length, inferenceRecords: records.length, reviews: reviews.length, protectedAttributes: attributes ? 1 : 0 },
      });
      if (attributes) await this.protectedAttributes.logRead(actorOf(principal), tenantId, pseudonym, Object.keys(attributes.attributes).length, 'export');

      return {
        schemaVersion: SUBJECT_EXPORT_SCHEMA,
        generatedAt: now.toISOString(),
        controller: { id: tenantId, name: subject.tenantName },
        subjectPseudonym: pseudonym,
        consent: {
          state: purposes.map((p) => stateView(p, consentState(events, p.id, now))),
          events: events.map((e) => ({ recordId: e.recordId, type: e.type, purpose: e.purpose, at: e.at, expiresAt: e.expiresAt, noticeVersion: e.noticeVersion, collectionMethod: e.collectionMethod, jurisdiction: e.jurisdiction, recordedAt: e.recordedAt })),
          receipts: receipts.map((r) => ({ receiptId: r.receiptId, recordId: r.recordId, purpose: r.purpose, issuedAt: r.issuedAt, receipt: r.jws, content: unverifiedPayload(r.jws) })),
        },
        inferenceRecords: records.map((r) => ({
          requestId: r.request_id,
          createdAt: r.created_at,
          model: r.model,
          version: r.version,
          purpose: r.purpose,
          decision: r.decision,
          stage: r.stage,
          reason: r.reason,
          policyVersion: r.policy_version,
          rows: r.rows,
          context: withholdContexts(r.context as PolicyContext[], withheld(r)),
          outputs: r.outputs && withholdStored(r.outputs as Prediction[], withheld(r)),
          withheld: r.withheld,
          audit: { chain: r.audit_chain, seq: Number(r.audit_seq) },
        })),
        related,
        reviews: reviews.map((r) => ({ ...r, outputs: withholdStored(r.outputs as Prediction[], withheld(r)) })),
        protectedAttributes: attributes ? { ...attributes } : null,
        auditEvents,
        erasureRequests: erasureRequests as unknown as Record<string, unknown>[],
      };
    });
  }
}

const withheld = (row: Record<string, unknown>) => row.withheld as string[] | null;
