import { facts, fixed, h1, h2, list, note, p, table, type Block, type ComplianceDocument } from './document-model.js';
import type { TenantEvidence } from './evidence.js';
import { rulesFor } from './governing-rules.js';
import { provenanceBlocks } from './model-sections.js';
import { footerOf, type BuildContext } from './technical-documentation.js';

/**
 * The GDPR documents of one tenant (the controller; Warden's operator is its processor): the record
 * of processing activities (Art. 30) from what Warden has actually processed for it, and a data
 * protection impact assessment (Art. 35) prefilled with what Warden knows.
 */

type Purpose = TenantEvidence['record']['purposes'][number];

const purposesTable = (purposes: Purpose[]): Block[] => [
  table(
    ['purpose', 'lawful basis', 'calls', 'allowed', 'refused', 'consent subjects', 'models', 'retention'],
    purposes.map((x) => [x.id, x.lawfulBasis ? `${x.lawfulBasis} (${x.lawfulBasisArticle})` : 'not registered', x.calls, x.allowedCalls, x.deniedCalls, x.subjectsWithConsentRecords, x.models.join(', '), `${x.retentionDays} days`]),
    [false, false, true, true, true, true, false, false],
  ),
  list(purposes.filter((x) => x.firstCall).map((x) => `${x.id}: calls from ${x.firstCall} to ${x.lastCall}`)),
];

function categoriesTable(e: TenantEvidence): Block {
  return table(
    ['category', 'model', 'data', 'stored'],
    e.record.dataCategories.map((c) => {
      const detail = c as { model?: string; features?: { name: string }[]; attributes?: string[]; subjects?: number };
      const data = detail.features ? detail.features.map((f) => f.name).join(', ') : detail.attributes ? `${detail.attributes.join(', ')} (${detail.subjects} subjects)` : '';
      return [c.category, detail.model, data, c.storage];
    }),
  );
}

export function recordOfProcessingDocument(e: TenantEvidence, ctx: BuildContext): ComplianceDocument {
  const r = e.record;
  return {
    title: `Record of processing activities: ${e.tenant.name}`,
    subtitle: `GDPR Art. 30, generated from Warden's records of processing for tenant ${e.tenant.id} on ${ctx.provenance.builtAt}`,
    builtAt: ctx.builtAt,
    footer: footerOf(ctx),
    blocks: [
      note('Built from what Warden has processed for the controller, not from declarations: purposes are those its calls and consents named. The controller adds processing that does not pass through Warden.'),
      h1('1. Controller and processor'),
      facts([
        ['Controller', `${r.controller.name} (tenant ${r.controller.id})`],
        ['Processor', `${r.processor.name}: ${r.processor.activity}`],
        ['Record format', r.schemaVersion],
      ]),
      h1('2. Purposes of the processing'),
      ...(r.purposes.length ? purposesTable(r.purposes) : [note('No processing has been recorded for this tenant yet.')]),
      ...r.purposes.filter((x) => x.description).map((x) => p(`${x.id}: ${x.description}`)),
      h1('3. Categories of personal data'),
      categoriesTable(e),
      h1('4. Categories of data subjects'),
      list(r.dataSubjects.categories),
      facts([['Distinct pseudonymous subjects in stored records', r.dataSubjects.pseudonymousSubjects]]),
      h1('5. Recipients'),
      table(['recipient', 'receives', 'personal data'], r.recipients.map((x) => [x.recipient, x.receives, x.personalData])),
      h1('6. Transfers to third countries'),
      note('Warden records no transfer of personal data to a third country or an international organisation; the controller states any it makes, with its safeguards.'),
      h1('7. Time limits for erasure'),
      table(['data', 'kept for', 'then'], r.retention.map((x) => [x.data, x.period, x.then])),
      h1('8. Technical and organisational security measures (Art. 32)'),
      list(r.securityMeasures),
      h1('9. Provenance of this document'),
      ...provenanceBlocks(ctx.provenance),
    ],
  };
}

function riskRows(e: TenantEvidence): string[][] {
  const calls = e.record.purposes.reduce((n, x) => n + x.calls, 0);
  const highRisk = e.models.filter((m) => m.riskClass === 'high');
  const reviewRules = [...new Set(e.models.flatMap((m) => m.rules.filter((r) => r.obligations.includes('human_review')).map((r) => r.id)))];
  const notifyRules = [...new Set(e.models.flatMap((m) => m.rules.filter((r) => r.obligations.includes('notify_subject')).map((r) => r.id)))];
  const reviews = e.reviews.reduce((s, r) => ({ open: s.open + r.open, confirmed: s.confirmed + r.confirmed, overridden: s.overridden + r.overridden }), { open: 0, confirmed: 0, overridden: 0 });
  const breached = e.audits.filter((a) => a.status === 'breach');
  const special = e.record.dataCategories.find((c) => c.category.startsWith('special categories')) as { attributes?: string[]; subjects?: number } | undefined;
  const fairness = e.record.purposes.find((x) => x.id === 'fairness-monitoring');
  return [
    [
      'Decisions with legal or similarly significant effects made by automated means (GDPR Art. 22)',
      `${calls} governed calls; high-risk models used: ${highRisk.map((m) => `${m.name}@${m.version}`).join(', ') || 'none'}`,
      reviewRules.length ? `human review by rules ${reviewRules.join(', ')}; reviews ${reviews.confirmed} confirmed, ${reviews.overridden} overridden, ${reviews.open} open` : 'no policy rule sends these calls to a human reviewer',
    ],
    [
      'Discrimination by protected characteristics',
      breached.length
        ? `${breached.length} of ${e.audits.length} bias audits breached a threshold: ${breached.map((a) => `${a.model ?? 'data set'} audit ${a.id.slice(0, 8)}${a.lowestImpactRatio ? ` (lowest impact ratio ${fixed(a.lowestImpactRatio.value, 2)}, ${a.lowestImpactRatio.group})` : ''}`).join('; ')}`
        : e.audits.length
          ? `${e.audits.length} bias audits, none breached`
          : 'no bias audit covers this tenant’s models yet',
      'bias audits on request and on schedule; a breach can notify, require human review or suspend the model',
    ],
    [
      'Processing of special categories of data (GDPR Art. 9) for fairness monitoring',
      special ? `${special.subjects} subjects with ${special.attributes?.join(', ')} kept` : 'none kept',
      fairness?.lawfulBasis ? `only on ${fairness.lawfulBasis} (${fairness.lawfulBasisArticle}), apart from inference records, every read logged (EU AI Act Art. 10(5))` : 'kept only with consent to fairness-monitoring or a declared basis',
    ],
    [
      'Inaccurate decisions',
      e.models.map((m) => `${m.name}@${m.version}: ${m.intendedPurpose}`).join('; ') || 'no model used',
      'per-group accuracy in each model’s instructions for use; outcomes reported back feed label-based bias metrics',
    ],
    [
      'Subjects not knowing a decision was automated',
      notifyRules.length ? `notify_subject obligation from rules ${notifyRules.join(', ')}` : 'no policy rule obliges notification',
      'the controller passes the obligation on; explanations are available for each decision',
    ],
    ['Unauthorised access or disclosure', 'inputs, outputs and pseudonyms stored per tenant', 'pseudonymisation, row-level security, hashed API keys, append-only signed audit log (section 4)'],
  ];
}

export function dpiaDocument(evidence: TenantEvidence, ctx: BuildContext): ComplianceDocument {
  // The tenant reads its DPIA: rules that name other tenants stay out of it.
  const e = { ...evidence, models: evidence.models.map((m) => ({ ...m, rules: rulesFor(m.rules, evidence.tenant) })) };
  const r = e.record;
  return {
    title: `Data protection impact assessment (draft): ${e.tenant.name}`,
    subtitle: `GDPR Art. 35, prefilled by Warden for tenant ${e.tenant.id} on ${ctx.provenance.builtAt}`,
    builtAt: ctx.builtAt,
    footer: footerOf(ctx),
    blocks: [
      note('A draft: Warden fills in what it knows about the processing it performs for the controller. The controller completes the assessment of necessity, the severity and likelihood of each risk, and section 6.'),
      h1('1. Systematic description of the processing (Art. 35(7)(a))'),
      ...(r.purposes.length ? purposesTable(r.purposes) : [note('No processing has been recorded for this tenant yet.')]),
      table(
        ['model', 'risk class', 'provider', 'intended purpose', 'explanation'],
        e.models.map((m) => [`${m.name}@${m.version}`, m.riskClass, m.provider, m.intendedPurpose, m.explanation]),
      ),
      facts([
        ['Automated decisions', `${r.purposes.reduce((n, x) => n + x.allowedCalls, 0)} answered, ${r.purposes.reduce((n, x) => n + x.deniedCalls, 0)} refused by consent, policy or licence`],
        ['Pseudonymous subjects', r.dataSubjects.pseudonymousSubjects],
        ['Active usage policy', e.policy ? `version ${e.policy.version} (${e.policy.contentHash})` : 'none'],
      ]),
      h1('2. Necessity and proportionality (Art. 35(7)(b))'),
      table(['purpose', 'lawful basis', 'retention'], r.purposes.map((x) => [x.id, x.lawfulBasis ? `${x.lawfulBasis} (${x.lawfulBasisArticle})` : 'not registered', `${x.retentionDays} days`])),
      list(r.securityMeasures.filter((m) => /minimisation|Pseudonymisation|Protected attributes/i.test(m))),
      h1('3. Risks to the rights and freedoms of data subjects (Art. 35(7)(c))'),
      table(['risk', 'what Warden observed', 'safeguard in place'], riskRows(e)),
      h2('3.1 Bias audits of the models used'),
      e.audits.length
        ? table(
            ['audit', 'model', 'scope', 'date', 'status', 'breaches', 'lowest impact ratio'],
            e.audits.map((a) => [a.id, a.model ? `${a.model}${a.version ? `@${a.version}` : ''}` : 'data set', a.scope, a.createdAt, a.status, a.breachCount, a.lowestImpactRatio ? `${fixed(a.lowestImpactRatio.value, 2)} (${a.lowestImpactRatio.group})` : null]),
          )
        : note('No bias audit covers the models this tenant uses.'),
      h2('3.2 Human reviews'),
      e.reviews.length
        ? table(['model', 'open', 'confirmed', 'overridden'], e.reviews.map((x) => [`${x.model}@${x.version}`, x.open, x.confirmed, x.overridden]), [false, true, true, true])
        : note('No decision of this tenant has been sent for human review.'),
      h1('4. Measures to address the risks (Art. 35(7)(d))'),
      list([
        ...r.securityMeasures,
        ...e.models.flatMap((m) => m.rules.filter((x) => x.obligations.length || x.effect === 'deny').map((x) => `${m.name}: policy rule ${x.id} (${x.effect}${x.obligations.length ? `, ${x.obligations.join(', ')}` : ''}): ${x.description}`)),
        ...e.models.map((m) => `${m.name}: ${m.humanOversight}`),
      ]),
      note('Policy rules that concern only other tenants (their conditions name another tenant.id or tenant.name) are not listed.'),
      h1('5. Data subjects’ rights'),
      list([
        'Access and portability (Art. 15, 20): GET /v1/subjects/{subjectId}/export.',
        'Erasure (Art. 17): POST /v1/subjects/{subjectId}/erasure, answered with a signed receipt.',
        'Withdrawal of consent (Art. 7(3)): POST /v1/consents/withdraw; it applies from the next call.',
        'Human intervention and contesting a decision (Art. 22(3)): human review of held decisions (GET /v1/reviews).',
      ]),
      h1('6. To be completed by the controller'),
      note('Advice of the data protection officer (Art. 35(2)); views of data subjects or their representatives (Art. 35(9)); the assessment of severity and likelihood of each risk; the residual risk and whether prior consultation of the supervisory authority is needed (Art. 36); approval, date and next review.'),
      h1('7. Provenance of this document'),
      ...provenanceBlocks(ctx.provenance),
    ],
  };
}
