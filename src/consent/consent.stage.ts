import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference/inference-context.js';
import { checkConsent, latestConsentState } from './consent-rules.js';
import { TurnBatcher } from '../common/turn-batcher.js';
import { ConsentRepository, type ConsentFacts } from './consent.repository.js';
import { fairnessBasis, pickProtected, subjectAttributeProblems, protectedAttributesExpiry } from './protected-attributes.js';
import { FAIRNESS_MONITORING_PURPOSE } from './purpose.js';
import { PROTECTED_ATTRIBUTES_UPSERT } from './subject-data.repository.js';

/**
 * The call's purpose must be registered and have a lawful basis; one resting on consent needs the
 * subject's active consent at this moment. Read from the consent log on every call, so a
 * withdrawal committed on any instance stops the very next call everywhere; the calls of one
 * tenant that arrive within one event-loop turn share one indexed query, sent after all of them.
 * Protected attributes in `subject.attributes` are kept for fairness monitoring when, and only
 * when, there is a basis for that purpose too; the call itself does not depend on it.
 */
@Injectable()
export class ConsentStage implements Stage {
  readonly name = 'consent';
  private readonly reads = new TurnBatcher<FactsQuery, ConsentFacts>(
    (tenantId, calls) => this.repo.factsOfMany(tenantId, calls),
    (q) => `${q.pseudonym}\u0000${q.purposes.join('\u0000')}`,
    (q) => q.tenantId,
  );

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(ConsentRepository) private readonly repo: ConsentRepository,
  ) {}

  async run(ctx: InferenceContext): Promise<InferenceContext | Denial> {
    const tenantId = ctx.principal.tenantId;
    const subject = ctx.subject!;
    const purposeId = ctx.request.purpose;
    const [problem, ...more] = subjectAttributeProblems(ctx.request.subject.attributes, this.config.protectedAttributes);
    if (problem) return deny(this.name, 'VALIDATION_FAILED', `${problem.field}: ${problem.message}`, { rule: problem.rule, details: { fields: [problem, ...more] } });
    const attributes = pickProtected(ctx.request.subject.attributes, this.config.protectedAttributes);
    const wanted = Object.keys(attributes).length ? [purposeId, FAIRNESS_MONITORING_PURPOSE] : [purposeId];
    const facts = await this.reads.get({ tenantId, pseudonym: subject, purposes: wanted });

    const purpose = facts.purposes.find((f) => f.purpose.id === purposeId);
    if (!purpose) {
      return deny(this.name, 'PURPOSE_NOT_ALLOWED', `${purposeId} is not a registered purpose, so no lawful basis is recorded for it (GET /v1/purposes lists them)`, {
        rule: 'purpose.registered',
        details: { purpose: purposeId },
      });
    }
    const decision = checkConsent(purpose.purpose, latestConsentState(purpose.latest, purposeId, ctx.now));
    if (!decision.ok) {
      return deny(this.name, decision.code, consentMessage(decision.code, purposeId), {
        rule: decision.rule,
        details: { purpose: purposeId, since: decision.since?.toISOString() ?? null },
      });
    }

    const next: InferenceContext = {
      ...ctx,
      lawfulBasis: decision.basis,
      facts: { ...ctx.facts, lawfulBasis: decision.basis, ...(decision.grantRecordId ? { consentRecord: decision.grantRecordId } : {}) },
    };
    if (!Object.keys(attributes).length) return next;

    const fairness = facts.purposes.find((f) => f.purpose.id === FAIRNESS_MONITORING_PURPOSE);
    const basis = fairness ? fairnessBasis(fairness.purpose, facts.declaredFairnessBasis, latestConsentState(fairness.latest, FAIRNESS_MONITORING_PURPOSE, ctx.now)) : null;
    if (!fairness || !basis?.ok) return { ...next, facts: { ...next.facts, protectedAttributes: 'not-kept' } };
    const row = {
      tenant_id: tenantId,
      subject,
      attributes: JSON.stringify(attributes),
      basis: basis.basis,
      source: 'inference',
      recorded_at: ctx.now,
      expires_at: protectedAttributesExpiry(ctx.now, fairness.purpose.retentionDays, basis.expiresAt),
    };
    return {
      ...next,
      facts: { ...next.facts, protectedAttributes: 'kept', protectedAttributeNames: Object.keys(attributes).sort() },
      attachments: [...next.attachments, () => [{ table: 'protected_attributes', rows: [row], onConflict: PROTECTED_ATTRIBUTES_UPSERT }]],
    };
  }
}

interface FactsQuery {
  tenantId: string;
  pseudonym: string;
  purposes: string[];
}

function consentMessage(code: 'CONSENT_MISSING' | 'CONSENT_WITHDRAWN' | 'CONSENT_EXPIRED', purpose: string): string {
  switch (code) {
    case 'CONSENT_MISSING':
      return `${purpose} rests on consent and the subject has not consented to it`;
    case 'CONSENT_WITHDRAWN':
      return `${purpose} rests on consent and the subject has withdrawn it`;
    case 'CONSENT_EXPIRED':
      return `${purpose} rests on consent and the subject's consent has expired`;
  }
}
