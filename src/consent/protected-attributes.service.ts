import { Inject, Injectable } from '@nestjs/common';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import type { Principal } from '../auth/principal.js';
import { AppConfig } from '../config/config.module.js';
import { DomainError, notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { CONSENT_RULE, latestConsentState } from './consent-rules.js';
import { ConsentRepository } from './consent.repository.js';
import type { FairnessBasisDto, FairnessBasisView } from './consent.dto.js';
import { fairnessBasis, fairnessBasisInForce, protectedAttributeProblems, protectedAttributesExpiry, type ProtectedAttributes } from './protected-attributes.js';
import { FAIRNESS_MONITORING_PURPOSE } from './purpose.js';
import { PurposesRepository } from './purposes.repository.js';
import { invalidField as invalid } from '../common/errors.js';
import { tenantOf } from './requests.js';
import { SubjectDataRepository } from './subject-data.repository.js';
import { Subjects } from './subjects.js';
import type { ProtectedAttributesDto, ProtectedAttributesView, ProtectedAttributesWriteView } from './subjects.dto.js';

/**
 * Protected attributes through the API: written only on a basis for fairness monitoring (the
 * subject's consent, or the tenant's declared basis), every read audited with counts, no values.
 */
@Injectable()
export class ProtectedAttributesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(ConsentRepository) private readonly consent: ConsentRepository,
    @Inject(PurposesRepository) private readonly purposes: PurposesRepository,
    @Inject(SubjectDataRepository) private readonly data: SubjectDataRepository,
    @Inject(Subjects) private readonly subjects: Subjects,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async put(principal: Principal, subjectId: string, dto: ProtectedAttributesDto): Promise<ProtectedAttributesWriteView> {
    const subject = await this.subjects.resolve(tenantOf(principal, 'update:Subject'), subjectId);
    const problems = protectedAttributeProblems(dto.attributes, this.config.protectedAttributes);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', `${problems[0].field}: ${problems[0].message}`, { fields: problems });
    const now = new Date();
    const requested = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (requested && requested.getTime() <= now.getTime()) throw invalid('expiresAt', 'future', 'must be in the future');

    return this.db.tenant(subject.tenantId, async () => {
      const facts = await this.consent.facts(subject.tenantId, subject.pseudonym, [FAIRNESS_MONITORING_PURPOSE]);
      const [fairness] = facts.purposes;
      if (!fairness) throw new DomainError('PURPOSE_NOT_ALLOWED', `The purpose ${FAIRNESS_MONITORING_PURPOSE} is not registered`, { rule: 'purpose.registered', purpose: FAIRNESS_MONITORING_PURPOSE });
      const state = latestConsentState(fairness.latest, FAIRNESS_MONITORING_PURPOSE, now);
      const basis = fairnessBasis(fairness.purpose, facts.declaredFairnessBasis, state);
      if (!basis.ok) {
        throw new DomainError(basis.code, `No basis to keep protected attributes: the subject's consent to ${FAIRNESS_MONITORING_PURPOSE} is ${state.status}`, {
          rule: CONSENT_RULE,
          purpose: FAIRNESS_MONITORING_PURPOSE,
          since: state.since?.toISOString() ?? null,
        });
      }
      const retentionEnd = protectedAttributesExpiry(now, fairness.purpose.retentionDays, basis.expiresAt);
      const expiresAt = requested && requested.getTime() < retentionEnd.getTime() ? requested : retentionEnd;
      const attributes = dto.attributes as ProtectedAttributes;
      const kept = await this.data.upsertProtectedAttributes(subject.tenantId, subject.pseudonym, { attributes, basis: basis.basis, source: 'api', recordedAt: now, expiresAt });
      await this.audit.recordNow(actorOf(principal), {
        tenantId: subject.tenantId,
        action: 'protected-attributes.write',
        resource: { type: 'subject', id: subject.pseudonym },
        details: { subject: subject.pseudonym, attributes: Object.keys(attributes).sort(), basis: basis.basis, expiresAt: kept.expiresAt.toISOString(), source: 'api' },
      });
      return { subjectPseudonym: subject.pseudonym, attributes: kept.names, basis: basis.basis, expiresAt: kept.expiresAt.toISOString() };
    });
  }

  async get(principal: Principal, subjectId: string): Promise<ProtectedAttributesView> {
    const subject = await this.subjects.resolve(tenantOf(principal, 'read:Subject'), subjectId);
    return this.db.tenant(subject.tenantId, async () => {
      const row = await this.data.protectedAttributes(subject.tenantId, subject.pseudonym);
      if (!row) throw notFound('Protected attributes of subject', subject.pseudonym);
      await this.logRead(actorOf(principal), subject.tenantId, subject.pseudonym, Object.keys(row.attributes).length, 'api');
      return { subjectPseudonym: subject.pseudonym, attributes: row.attributes, basis: row.basis, source: row.source, recordedAt: row.recordedAt.toISOString(), expiresAt: row.expiresAt.toISOString() };
    });
  }

  /** Every read of protected attributes leaves an event: who, which subject, how many — never the values. */
  async logRead(actor: AuditActor, tenantId: string, subject: string, count: number, reason: string): Promise<void> {
    await this.audit.recordNow(actor, {
      tenantId,
      action: 'protected-attributes.read',
      resource: { type: 'subject', id: subject },
      details: { subject, subjects: count > 0 ? 1 : 0, attributes: count, reason },
    });
  }

  async basis(principal: Principal): Promise<FairnessBasisView> {
    const tenantId = tenantOf(principal, 'read:Consent');
    const declared = await this.db.tenant(tenantId, () => this.consent.declaredFairnessBasis(tenantId));
    return declared
      ? { lawfulBasis: declared.lawfulBasis, source: 'declared', justification: declared.justification, declaredAt: declared.declaredAt.toISOString() }
      : { lawfulBasis: 'consent', source: 'purpose' };
  }

  /**
   * The tenant declares the basis it keeps protected attributes on instead of consent (or returns to
   * consent). Attributes kept on a basis that no longer holds go in the same transaction: nothing
   * else would ever delete them before their expiry, and live audits would go on reading them.
   * Those kept on consent stay while the subject's consent is active, whatever the tenant declares.
   */
  async declareBasis(principal: Principal, dto: FairnessBasisDto): Promise<FairnessBasisView> {
    const tenantId = tenantOf(principal, 'create:Consent');
    const declared = dto.lawfulBasis === 'consent' ? null : dto.lawfulBasis;
    if (declared && !dto.justification) throw invalid('justification', 'required', 'say why this basis applies (e.g. EU AI Act Art. 10(5) with GDPR Art. 9(2)(g))');
    await this.db.tenant(tenantId, async () => {
      await this.consent.declareFairnessBasis(tenantId, declared, dto.justification ?? '', principal.keyId);
      const purpose = await this.purposes.find(FAIRNESS_MONITORING_PURPOSE);
      const inForce = fairnessBasisInForce({ lawfulBasis: purpose?.lawfulBasis ?? 'consent' }, declared);
      const removed = await this.data.deleteProtectedAttributesOffBasis(tenantId, inForce, FAIRNESS_MONITORING_PURPOSE);
      await this.audit.recordNow(actorOf(principal), {
        tenantId,
        action: 'protected-attributes.basis',
        resource: { type: 'tenant', id: tenantId },
        details: { lawfulBasis: dto.lawfulBasis, justification: dto.justification ?? null, protectedAttributesRemoved: removed },
      });
    });
    return this.basis(principal);
  }
}
