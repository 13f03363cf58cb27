import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { consentState, type ConsentState } from './consent-rules.js';
import { ConsentKeys } from './consent-keys.js';
import { ConsentRepository } from './consent.repository.js';
import type { ConsentStateView, ConsentsView, GrantConsentDto, GrantView, WithdrawConsentDto, WithdrawView } from './consent.dto.js';
import { ErasureService } from './erasure.service.js';
import type { LawfulBasis } from './lawful-basis.js';
import { FAIRNESS_MONITORING_PURPOSE, requiresConsent, type Purpose } from './purpose.js';
import { PurposesRepository } from './purposes.repository.js';
import { buildConsentReceipt, signReceipt } from './receipt.js';
import { invalidField as invalid } from '../common/errors.js';
import { tenantOf } from './requests.js';
import { SubjectDataRepository } from './subject-data.repository.js';
import { Subjects, type SubjectRef } from './subjects.js';

/**
 * Grants and withdrawals: one call each (GDPR Art. 7(3)), appended to the consent log, audited on
 * the tenant's chain with the pseudonym only, and answered with the state they leave behind.
 */
@Injectable()
export class ConsentService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(ConsentRepository) private readonly repo: ConsentRepository,
    @Inject(PurposesRepository) private readonly purposes: PurposesRepository,
    @Inject(SubjectDataRepository) private readonly data: SubjectDataRepository,
    @Inject(ConsentKeys) private readonly keys: ConsentKeys,
    @Inject(Subjects) private readonly subjects: Subjects,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ErasureService) private readonly erasures: ErasureService,
  ) {}

  async grant(principal: Principal, dto: GrantConsentDto): Promise<GrantView> {
    const subject = await this.subjects.resolve(tenantOf(principal, 'create:Consent'), dto.subjectId);
    const key = await this.keys.signingKey();
    const now = new Date();
    const consentedAt = dto.consentedAt ? new Date(dto.consentedAt) : now;
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (consentedAt.getTime() > now.getTime()) throw invalid('consentedAt', 'notFuture', 'must not be in the future');
    if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalid('expiresAt', 'future', 'must be in the future');

    return this.db.tenant(subject.tenantId, async () => {
      const purpose = await this.consentPurpose(dto.purpose);
      const subjectKey = (await this.repo.subjectKey(subject.tenantId, subject.pseudonym, true))!;
      const recordId = randomUUID();
      const sensitive = purpose.id === FAIRNESS_MONITORING_PURPOSE;
      const event = {
        id: recordId,
        tenantId: subject.tenantId,
        subjectKey,
        purpose: purpose.id,
        type: 'grant' as const,
        at: consentedAt,
        expiresAt,
        noticeVersion: purpose.notice.version,
        // Protected attributes are special-category data: Art. 9(2)(a) asks for explicit consent.
        consentType: dto.consentType ?? (sensitive ? 'explicit' : 'expressed'),
        collectionMethod: dto.collectionMethod ?? 'api',
        jurisdiction: dto.jurisdiction ?? 'EU',
        language: dto.language ?? 'en',
        recordedBy: principal.keyId,
      };
      await this.repo.insertEvent(event);
      const content = buildConsentReceipt({
        receiptId: randomUUID(),
        recordId,
        subjectPseudonym: subject.pseudonym,
        controller: { id: subject.tenantId, name: subject.tenantName, contact: dto.controller?.contact ?? 'Data Protection Officer', ...withoutContact(dto.controller) },
        purposes: [purpose],
        consentType: event.consentType,
        consentedAt,
        issuedAt: now,
        expiresAt,
        collectionMethod: event.collectionMethod,
        jurisdiction: event.jurisdiction,
        language: event.language,
        policyUrl: dto.policyUrl,
        sensitive,
        withdrawal: {
          method: 'POST',
          endpoint: `${this.config.publicUrl}/v1/consents/withdraw`,
          instructions: dto.withdrawalInstructions ?? `Ask ${subject.tenantName} to withdraw your consent to ${purpose.id}; it takes one step and stops processing at once.`,
        },
      });
      const receipt = signReceipt(content, key.privateKey, key.kid);
      await this.repo.insertReceipt(subject.tenantId, subjectKey, { receiptId: content.receiptId, recordId, purpose: purpose.id, issuedAt: now, jws: receipt });
      await this.audit.recordNow(actorOf(principal), {
        tenantId: subject.tenantId,
        action: 'consent.grant',
        resource: { type: 'consent', id: recordId },
        details: {
          subject: subject.pseudonym,
          purpose: purpose.id,
          noticeVersion: purpose.notice.version,
          consentedAt: consentedAt.toISOString(),
          expiresAt: expiresAt?.toISOString() ?? null,
          collectionMethod: event.collectionMethod,
          jurisdiction: event.jurisdiction,
          receiptId: content.receiptId,
          kid: key.kid,
        },
      });
      const state = consentState(await this.repo.events(subjectKey, subject.pseudonym), purpose.id, now);
      // A newer grant's expiry replaces the older one's, even a shorter one: so does the date
      // protected attributes kept on that consent go.
      if (sensitive && state.status === 'active' && state.expiresAt) {
        await this.data.limitConsentedAttributes(subject.tenantId, subject.pseudonym, state.expiresAt);
      }
      return { receipt, content: content as unknown as Record<string, unknown>, state: stateView(purpose, state) };
    });
  }

  async withdraw(principal: Principal, dto: WithdrawConsentDto): Promise<WithdrawView> {
    const subject = await this.subjects.resolve(tenantOf(principal, 'delete:Consent'), dto.subjectId);
    const now = new Date();
    const result = await this.db.tenant(subject.tenantId, async () => {
      const purpose = await this.consentPurpose(dto.purpose);
      // A withdrawal with no grant before it is still recorded: the subject has said no.
      const subjectKey = (await this.repo.subjectKey(subject.tenantId, subject.pseudonym, true))!;
      const recordId = randomUUID();
      const event = { id: recordId, tenantId: subject.tenantId, subjectKey, purpose: purpose.id, type: 'withdraw' as const, at: now, expiresAt: null, noticeVersion: null, consentType: null, collectionMethod: null, jurisdiction: null, language: null, recordedBy: principal.keyId };
      await this.repo.insertEvent(event);
      const removed = await this.removeProtectedAttributesIfUnfounded(subject, purpose);
      await this.audit.recordNow(actorOf(principal), {
        tenantId: subject.tenantId,
        action: 'consent.withdraw',
        resource: { type: 'consent', id: recordId },
        details: { subject: subject.pseudonym, purpose: purpose.id, withdrawnAt: now.toISOString(), protectedAttributesRemoved: removed },
      });
      const state = consentState(await this.repo.events(subjectKey, subject.pseudonym), purpose.id, now);
      return { recordId, subjectPseudonym: subject.pseudonym, withdrawnAt: now.toISOString(), state: stateView(purpose, state), protectedAttributesRemoved: removed };
    });
    if (!dto.erase) return result;
    const erasure = await this.erasures.request(principal, subject);
    return { ...result, erasure: { id: erasure.id, status: erasure.status, dueBy: erasure.dueBy } };
  }

  async state(principal: Principal, subjectId: string): Promise<ConsentsView> {
    const subject = await this.subjects.resolve(tenantOf(principal, 'read:Consent'), subjectId);
    const now = new Date();
    return this.db.tenant(subject.tenantId, async () => {
      const subjectKey = await this.repo.subjectKey(subject.tenantId, subject.pseudonym, false);
      const events = subjectKey ? await this.repo.events(subjectKey, subject.pseudonym) : [];
      const named = new Set(events.map((e) => e.purpose));
      const purposes = (await this.purposes.list()).filter((p) => requiresConsent(p) || named.has(p.id));
      return {
        subjectPseudonym: subject.pseudonym,
        asOf: now.toISOString(),
        purposes: purposes.map((p) => stateView(p, consentState(events, p.id, now))),
        events: events.map((e) => ({
          recordId: e.recordId,
          type: e.type,
          purpose: e.purpose,
          at: e.at.toISOString(),
          expiresAt: e.expiresAt?.toISOString() ?? null,
          noticeVersion: e.noticeVersion,
          collectionMethod: e.collectionMethod,
          jurisdiction: e.jurisdiction,
          recordedAt: e.recordedAt.toISOString(),
        })),
      };
    });
  }

  private async consentPurpose(id: string): Promise<Purpose> {
    const purpose = await this.purposes.find(id);
    if (!purpose) throw invalid('purpose', 'exists', `${id} is not a registered purpose (GET /v1/purposes lists them)`);
    if (!requiresConsent(purpose)) {
      throw invalid('purpose', 'consentBasis', `${id} rests on ${purpose.lawfulBasis}, not consent: it takes no grants or withdrawals`);
    }
    return purpose;
  }

  /** Protected attributes stored on consent go when that consent does, unless the tenant declared another basis. */
  private async removeProtectedAttributesIfUnfounded(subject: SubjectRef, purpose: Purpose): Promise<number> {
    if (purpose.id !== FAIRNESS_MONITORING_PURPOSE) return 0;
    if (await this.repo.declaredFairnessBasis(subject.tenantId)) return 0;
    return this.data.deleteProtectedAttributes(subject.tenantId, subject.pseudonym);
  }
}

export function stateView(purpose: Pick<Purpose, 'id' | 'lawfulBasis'>, state: ConsentState): ConsentStateView {
  if (!requiresConsent(purpose)) return { purpose: purpose.id, lawfulBasis: purpose.lawfulBasis as LawfulBasis, status: 'not-required', since: null };
  const base = { purpose: purpose.id, lawfulBasis: purpose.lawfulBasis as LawfulBasis, status: state.status, since: state.since?.toISOString() ?? null };
  switch (state.status) {
    case 'active':
      return { ...base, expiresAt: state.expiresAt?.toISOString() ?? null, recordId: state.grantRecordId };
    case 'expired':
      return { ...base, recordId: state.grantRecordId };
    case 'withdrawn':
      return { ...base, recordId: state.withdrawRecordId };
    case 'missing':
      return base;
  }
}

function withoutContact(controller: GrantConsentDto['controller']): { email?: string; address?: string; url?: string } {
  if (!controller) return {};
  const { contact: _contact, ...rest } = controller;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
