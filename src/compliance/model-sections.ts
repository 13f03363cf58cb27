import { DEFAULT_THRESHOLDS } from '../fairness/metrics/config.js';
import { formatDuration } from '../fairness/stored-audit.js';
import type { FeatureSpec, ModelManifest } from '../models/model-schema.js';
import { auditCharts } from './bias-chart.js';
import { facts, fixed, h3, list, note, p, show, table, type Block } from './document-model.js';
import type { AuditFacts, LifecycleEvent, ModelEvidence, PolicyFacts, Provenance, ScheduleFacts } from './evidence.js';

/** Sections that the technical documentation and the instructions for use share. */

export const modelRef = (e: ModelEvidence): string => `${e.model.name}@${e.model.version}`;

function range(f: FeatureSpec): string {
  switch (f.type) {
    case 'numeric':
      return `${f.min ?? '−∞'} to ${f.max ?? '∞'}${f.integer ? ', whole numbers' : ''}${f.unit ? ` (${f.unit})` : ''}`;
    case 'categorical':
      return f.values.join(', ');
    case 'text':
      return `text of at most ${f.maxLength} characters`;
  }
}

export function inputTable(m: ModelManifest): Block {
  return table(
    ['feature', 'type', 'accepted values', 'required', 'meaning'],
    m.input.features.map((f) => [f.name, f.type, range(f), f.optional ? `no (default ${show(f.default as string | number | undefined)})` : 'yes', f.description]),
  );
}

export function outputFacts(m: ModelManifest): Block {
  const o = m.output;
  return o.kind === 'binary'
    ? facts([
        ['Output', `binary: "${o.labels[1]}" or "${o.labels[0]}"`],
        ['Score', `${o.scoreName}: the probability of "${o.labels[1]}", from 0 to 1`],
        ['Decision threshold', `"${o.labels[1]}" when the score is at least ${o.threshold}`],
        ['Explanation', explanationText(m)],
      ])
    : facts([
        ['Output', `one of ${o.labels.length} labels: ${o.labels.join(', ')}`],
        ['Score', 'a probability per label; the label with the highest probability is returned'],
        ['Explanation', explanationText(m)],
      ]);
}

export function explanationText(m: ModelManifest): string {
  switch (m.explanation.kind) {
    case 'linear':
      return 'exact per-feature contributions to the logit of the score (linear model)';
    case 'linear-softmax':
      return 'exact per-feature contributions to the logit of the explained label (softmax model)';
    case 'shapley':
      return `sampled Shapley values of the score against ${m.explanation.baseline.rows} training rows, ${m.explanation.permutations} permutations per row`;
  }
}

export function evaluationBlocks(m: ModelManifest): Block[] {
  const e = m.card.evaluation;
  const metricNames = [...new Set(e.perGroup.flatMap((g) => Object.keys(g.metrics)))];
  return [
    facts([['Evaluated on', e.dataset], ...Object.entries(e.overall).map(([k, v]) => [k, fixed(v, 4)] as [string, string])]),
    ...(e.perGroup.length
      ? [table(['attribute', 'group', 'count', ...metricNames], e.perGroup.map((g) => [g.attribute, g.group, g.count, ...metricNames.map((k) => fixed(g.metrics[k], 4))]), [false, false, true, ...metricNames.map(() => true)])]
      : []),
    ...(m.card.fairness ? [p(`Known disparities: ${m.card.fairness.summary}`), facts(Object.entries(m.card.fairness.impactRatios).map(([a, v]) => [`Impact ratio by ${a} (held-out data)`, fixed(v, 4)]))] : []),
  ];
}

export function policyBlocks(policy: PolicyFacts | null, model: string): Block[] {
  if (!policy) return [note('No usage policy is active: every governed call of any model is refused until an admin activates one.')];
  return [
    facts([
      ['Active policy', `${policy.name}, version ${policy.version}`],
      ['Content hash', policy.contentHash],
      ['Activated', policy.activatedAt],
    ]),
    p(`The rules of this policy that apply to calls of ${model}, in the order the policy lists them:`),
    table(
      ['rule', 'kind', 'effect', 'obligations', 'applies to', 'when'],
      policy.rules.map((r) => [r.id, r.kind, r.effect, r.obligations.join(', '), r.scope, r.when ?? 'every call']),
    ),
  ];
}

export function oversightBlocks(e: ModelEvidence): Block[] {
  const reviewRules = e.policy?.rules.filter((r) => r.obligations.includes('human_review')) ?? [];
  const notifyRules = e.policy?.rules.filter((r) => r.obligations.includes('notify_subject')) ?? [];
  return [
    p(`The provider's oversight measures: ${e.model.manifest.card.humanOversight}`),
    list([
      reviewRules.length
        ? `Human review (EU AI Act Art. 14): calls matching ${reviewRules.map((r) => r.id).join(', ')} are held as open reviews; a reviewer with the tenant's reviewer scope confirms or overrides each decision with a reason (GET /v1/reviews, POST /v1/reviews/{id}/decision).`
        : 'Human review: no rule of the active policy sends calls of this model to a reviewer.',
      notifyRules.length
        ? `Notification: calls matching ${notifyRules.map((r) => r.id).join(', ')} carry the notify_subject obligation, which the deployer must pass on to the person concerned.`
        : 'Notification: no rule of the active policy obliges the deployer to notify subjects.',
      e.reviewRequirement
        ? `Every call of ${e.model.name} currently goes to a human reviewer: bias audit ${e.reviewRequirement.auditId} breached its thresholds (since ${e.reviewRequirement.since}); an admin clears this.`
        : `No bias-audit breach currently holds calls of ${e.model.name} for review.`,
      'Stopping: an admin can suspend the version at once (POST /v1/admin/models/{name}/versions/{version}/status); every instance stops serving it within a second, and callers receive 423 MODEL_SUSPENDED.',
      'Every decision is explained (feature contributions) unless a policy output rule withholds the explanation.',
    ]),
  ];
}

export function scheduleFacts(s: ScheduleFacts | null, model: string): Block {
  if (!s) return note(`No scheduled bias audit is configured for ${model}; audits run only on request (PUT /v1/admin/fairness/schedules/${model} sets one).`);
  return facts([
    ['Scheduled bias audit', `every ${formatDuration(s.everyMs)} over the last ${formatDuration(s.windowMs)} of traffic (ISO 8601 durations)`],
    ['Attributes', s.attributes.join(', ')],
    ['Favourable outcome', s.favorable],
    ['Thresholds', Object.entries({ ...DEFAULT_THRESHOLDS, ...s.thresholds }).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['On breach', s.consequence],
    ['Schedule last changed', s.updatedAt],
  ]);
}

export function auditBlocks(audits: AuditFacts[], model: string): Block[] {
  if (!audits.length) return [note(`No bias audit of ${model} is stored yet; run one with POST /v1/fairness/audits.`)];
  return audits.flatMap((a) => [
    h3(`Bias audit ${a.id}`),
    facts([
      ['Audit date', a.createdAt],
      ['Source', `${a.source === 'live' ? 'governed traffic' : 'uploaded data set'} (${a.data.kind}): ${a.data.description}`],
      ['Period', `${a.data.period.from} to ${a.data.period.to}`],
      ['Rows', a.data.rows],
      ...(a.data.withAttributes !== undefined ? ([['With consented protected attributes', a.data.withAttributes]] as [string, number][]) : []),
      ['Attributes', a.attributes.join(', ')],
      ['Outcome', `${a.status}, ${a.breachCount} breach(es)`],
      ['Data hash', a.dataHash],
    ]),
    ...auditCharts(a.report, (g) => `Selection rate by ${g.join(' × ')}, audit ${a.id.slice(0, 8)}`).map((chart) => ({ kind: 'chart' as const, chart })),
    ...(a.breachCount ? [list(a.report.verdicts.filter((v) => v.pass === false).slice(0, 8).map((v) => v.reason))] : []),
  ]);
}

export function lifecycleTable(events: LifecycleEvent[]): Block {
  if (!events.length) return note('No lifecycle event of this version is in the platform chain.');
  return table(
    ['time', 'event', 'by', 'from → to', 'reason', 'audit seq'],
    events.map((e) => [e.time, e.action, e.actorRole, e.from || e.to ? `${e.from ?? ''} → ${e.to ?? ''}` : '', e.reason, `${e.chain}#${e.seq}`]),
  );
}

export function termsBlocks(e: ModelEvidence): Block[] {
  const { license, shares, lineage } = e.terms;
  return [
    license
      ? facts([
          ['Licence', `${license.name}${license.spdxId ? ` (${license.spdxId})` : ''}`],
          ['Commercial use', license.commercialUse],
          ['Allowed purposes', license.allowedPurposes?.join(', ') ?? 'any'],
          ['Forbidden purposes', license.forbiddenPurposes.join(', ') || 'none'],
          ['Territories', license.territories?.join(', ') ?? 'anywhere'],
          ['Attribution', license.attribution],
          ['Expires', license.expiresAt ?? 'never'],
        ])
      : note('No licence is attached to this version.'),
    table(['rights-holder', 'role', 'contact'], e.model.rightsHolders.map((r) => [r.name, r.role, r.contact])),
    ...(shares.length ? [table(['revenue share party', 'basis points'], shares.map((s) => [s.party, s.basisPoints]), [false, true])] : []),
    lineage.length ? table(['derived from', 'kind', 'basis points passed on'], lineage.map((l) => [l.parent, l.kind, l.basisPoints]), [false, false, true]) : p('Lineage: the version derives from no other registered version.'),
  ];
}

export function provenanceBlocks(prov: Provenance): Block[] {
  return [
    p('This document was generated by Warden from the records below. Its sha256 (of the Markdown and of the PDF) is in the audit chain, in the document.generate event named below; GET /v1/compliance/documents/{id}/verify recomputes both.'),
    facts([
      ['Document id', prov.documentId],
      ['Built at', prov.builtAt],
      ['Evidence hash', prov.evidenceHash],
      ['Model version', prov.model ? `${prov.model.name}${prov.model.version ? `@${prov.model.version}` : ''}` : null],
      ['Model version id', prov.model?.versionId],
      ['Model sha256', prov.model?.sha256],
      ['Policy version', prov.policy ? `${prov.policy.version} (${prov.policy.contentHash})` : null],
      ['Bias audits', prov.audits.map((a) => a.id).join(', ')],
      ['Tenant', prov.tenantId],
      ['Incident', prov.incident?.id],
      ['Evidence freezes', prov.incident?.freezes.map((f) => `${f.id} (seal ${f.sealHash})`).join(', ')],
      ['Checkpoint', prov.checkpoint ? `${prov.checkpoint.id}, issued ${prov.checkpoint.issuedAt}, key ${prov.checkpoint.keyId}` : 'none signed yet'],
      ...(prov.checkpoint?.chains.map((c) => [`Chain ${c.chainId}`, `size ${c.treeSize}, root ${c.rootHash}`] as [string, string]) ?? []),
    ]),
  ];
}
