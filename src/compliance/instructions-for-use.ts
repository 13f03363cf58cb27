import { formatDuration } from '../fairness/stored-audit.js';
import { facts, fixed, h1, h2, list, note, p, type ComplianceDocument } from './document-model.js';
import { rulesFor } from './governing-rules.js';
import type { ModelEvidence } from './evidence.js';
import { auditBlocks, evaluationBlocks, explanationText, inputTable, lifecycleTable, modelRef, outputFacts, oversightBlocks, policyBlocks, provenanceBlocks, termsBlocks } from './model-sections.js';
import { recordKeepingBlocks } from './record-keeping.js';
import { footerOf, type BuildContext } from './technical-documentation.js';

/** The instructions for use a deployer receives with a high-risk model version (EU AI Act Art. 13(3)). */
export function instructionsForUse(e: ModelEvidence, ctx: BuildContext): ComplianceDocument {
  const m = e.model.manifest;
  const card = m.card;
  const ref = modelRef(e);
  const perGroup = card.evaluation.perGroup;
  // Every deployer reads this document: rules that concern particular tenants stay out of it.
  const policy = e.policy && { ...e.policy, rules: rulesFor(e.policy.rules, null) };
  const forDeployers = { ...e, policy };
  return {
    title: `Instructions for use: ${ref}`,
    subtitle: `EU AI Act Art. 13, generated from the Warden registry, policy and audit log on ${ctx.provenance.builtAt}`,
    builtAt: ctx.builtAt,
    footer: footerOf(ctx),
    blocks: [
      note('For deployers of the model through Warden. Read it before use; the provider keeps it current with the system (the provenance section names what it was built from).'),
      h1('1. Provider'),
      facts([
        ['Provider', card.provider],
        ['Contact', card.contact],
        ['Model and version', ref],
        ['ONNX sha256', e.model.sha256],
        ['Status', `${e.model.status} since ${e.model.statusChangedAt}${e.model.statusReason ? `: ${e.model.statusReason}` : ''}`],
      ]),
      h1('2. Characteristics, capabilities and limitations'),
      h2('2.1 Intended purpose'),
      facts([
        ['Intended purpose', card.intendedPurpose],
        ['Intended users', card.intendedUsers],
        ['Purposes Warden lets it be called for', m.allowedPurposes.join(', ')],
        ['Risk class', m.riskClass],
      ]),
      h2('2.2 Accuracy'),
      facts([['Evaluated on', card.evaluation.dataset], ...Object.entries(card.evaluation.overall).map(([k, v]) => [k, fixed(v, 4)] as [string, string])]),
      h2('2.3 Circumstances that may lead to risks'),
      list([...card.limitations, ...card.outOfScopeUses.map((u) => `Do not use it for: ${u}`)]),
      h2('2.4 Explaining its output'),
      p(`Each decision can be returned with an explanation: ${explanationText(m)}. Ask for it with "explain": true; an output rule of the policy may withhold it.`),
      h2('2.5 Performance for specific groups of persons'),
      ...(perGroup.length ? evaluationBlocks(m).slice(1) : [note('The model card reports no per-group evaluation.')]),
      p('Measured on the traffic and data it has actually decided, in the latest bias audits:'),
      ...auditBlocks(e.audits, e.model.name),
      h2('2.6 Input data'),
      inputTable(m),
      p('Calls with a feature missing, of the wrong type, out of range or not declared are refused with 400 before the model runs.'),
      h2('2.7 Interpreting the output'),
      outputFacts(m),
      h1('3. Conditions of use'),
      p('Warden enforces these on every call; a call they do not allow is refused with 403 and the rule that refused it.'),
      ...policyBlocks(policy, ref),
      ...(policy ? [note('Rules that concern particular tenants (their conditions name tenant.id or tenant.name) are not listed here; a tenant’s DPIA lists those that concern it.')] : []),
      ...termsBlocks(e).slice(0, 1),
      h1('4. Changes'),
      p('Nothing about this version changes after registration: a new version comes with its own instructions. Status changes so far:'),
      lifecycleTable(e.lifecycle),
      h1('5. Human oversight'),
      ...oversightBlocks(forDeployers),
      h1('6. Resources, lifetime and maintenance'),
      list([
        `The graph is ${e.model.sizeBytes} bytes and runs on CPU in onnxruntime inside Warden; deployers need no hardware of their own.`,
        'The version serves until an admin suspends or retires it; a suspended version answers 423 and a retired one 410, and a call naming no version is served by the highest active version.',
        `Monitoring while in use: ${e.schedule ? `a scheduled bias audit every ${formatDuration(e.schedule.everyMs)} over the last ${formatDuration(e.schedule.windowMs)} of traffic (ISO 8601 durations; on breach: ${e.schedule.consequence})` : 'bias audits on request (no schedule is set)'}.`,
      ]),
      h1('7. Logs (Art. 12)'),
      ...recordKeepingBlocks(ref, ctx.checkpoint),
      p('Deployers keep the logs of their own use: a tenant reads and exports its own chain (GET /v1/audit/events, GET /v1/audit/export) and verifies it offline.'),
      h1('8. Provenance of this document'),
      ...provenanceBlocks(ctx.provenance),
      // Incidents are their deployers' and the provider's: this document says only that the version is held.
      ...(e.freezes.length
        ? [p(`This version is held as evidence of ${e.freezes.length === 1 ? 'a serious incident' : `${e.freezes.length} serious incidents`} (since ${e.freezes.map((f) => f.frozenAt).sort()[0]}): its status cannot change until the provider releases it.`)]
        : []),
    ],
  };
}
