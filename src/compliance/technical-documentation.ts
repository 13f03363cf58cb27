import { facts, h1, h2, list, note, p, table, type ComplianceDocument } from './document-model.js';
import type { CheckpointFacts, ModelEvidence, Provenance } from './evidence.js';
import {
  auditBlocks,
  evaluationBlocks,
  inputTable,
  lifecycleTable,
  modelRef,
  outputFacts,
  oversightBlocks,
  policyBlocks,
  provenanceBlocks,
  scheduleFacts,
  termsBlocks,
} from './model-sections.js';
import { recordKeepingBlocks } from './record-keeping.js';

export interface BuildContext {
  builtAt: Date;
  provenance: Provenance;
  checkpoint: CheckpointFacts | null;
}

export const footerOf = (ctx: BuildContext): string => `Warden compliance document ${ctx.provenance.documentId} · built ${ctx.provenance.builtAt}`;

/** The technical documentation of a model version, in the order of EU AI Act Annex IV. */
export function technicalDocumentation(e: ModelEvidence, ctx: BuildContext): ComplianceDocument {
  const m = e.model.manifest;
  const card = m.card;
  const ref = modelRef(e);
  return {
    title: `Technical documentation: ${ref}`,
    subtitle: `EU AI Act Annex IV, draft generated from the Warden registry, policy and audit log on ${ctx.provenance.builtAt}`,
    builtAt: ctx.builtAt,
    footer: footerOf(ctx),
    blocks: [
      note('A draft for the provider to review and complete. Every fact below comes from the system as it was when the document was built; the provenance section at the end names the records.'),
      h1('1. General description of the AI system'),
      facts([
        ['Model', e.model.name],
        ['Version', e.model.version],
        ['Provider', card.provider],
        ['Contact', card.contact],
        ['Description', m.description],
        ['Intended purpose', card.intendedPurpose],
        ['Intended users', card.intendedUsers],
        ['Risk class', `${m.riskClass}${m.riskClass === 'high' ? ' (high-risk AI system, EU AI Act Art. 6)' : ''}`],
        ['Allowed purposes', m.allowedPurposes.join(', ')],
        ['Status', `${e.model.status} since ${e.model.statusChangedAt}${e.model.statusReason ? `: ${e.model.statusReason}` : ''}`],
        ['Registered', `${e.model.registeredAt} by ${e.model.registeredBy}`],
        ['ONNX sha256', e.model.sha256],
        ['ONNX size', `${e.model.sizeBytes} bytes`],
        ['Other versions', e.versions.filter((v) => v.version !== e.model.version).map((v) => `${v.version} (${v.status})`).join(', ') || 'none'],
      ]),
      p(
        `How it is put into service: the version is an ONNX graph that Warden runs with onnxruntime on CPU behind POST /v1/models/${e.model.name}/infer. ` +
          'Deployers call it through Warden only; every call passes authentication, consent, the usage policy, PII redaction, input validation, inference, the output policy, explanation, metering and the audit log, and a refusal names the stage and rule that stopped it.',
      ),
      h1('2. Elements of the system and its development'),
      h2('2.1 Design and architecture'),
      p(card.architecture),
      h2('2.2 Data'),
      facts([
        ['Training data sources', card.trainingData.sources.join('; ')],
        ['Collection', card.trainingData.collection],
        ['Preparation', card.trainingData.preparation],
        ['Training rows', card.trainingData.trainRows],
        ['Test rows', card.trainingData.testRows],
      ]),
      h2('2.3 Input'),
      inputTable(m),
      p(`Encoding (format ${m.encoding.version}): ${m.encoding.steps.map((s) => `${s.feature} by ${s.kind}`).join('; ')}.`),
      h2('2.4 Output and explanation'),
      outputFacts(m),
      h2('2.5 Cybersecurity'),
      list([
        `The registered bytes are immutable: their sha256 (${e.model.sha256}) was checked at upload and the database refuses any change to a registered version.`,
        'The graph was loaded and run on its example before it could be registered; inputs outside the declared schema are refused before inference.',
        'API keys are stored only as hashes; each tenant sees only its own rows (Postgres row-level security); the audit log is append-only and signed.',
      ]),
      h1('3. Monitoring, functioning and control'),
      h2('3.1 Limitations and foreseeable misuse'),
      list([...card.limitations, ...card.outOfScopeUses.map((u) => `Out of scope: ${u}`)]),
      h2('3.2 Human oversight'),
      ...oversightBlocks(e),
      h1('4. Performance metrics'),
      ...evaluationBlocks(m),
      h1('5. Risk management'),
      h2('5.1 Usage policy'),
      ...policyBlocks(e.policy, ref),
      h2('5.2 Bias monitoring'),
      scheduleFacts(e.schedule, e.model.name),
      p(`The latest bias audits of ${e.model.name} (${e.audits.length}), each with the selection rate of every group, its interval, and the impact-ratio threshold:`),
      ...auditBlocks(e.audits, e.model.name),
      h1('6. Changes through the lifecycle'),
      p('Registered versions never change; a change of weights, schema or card is a new version with its own documentation. Status changes of this version, from the audit log:'),
      lifecycleTable(e.lifecycle),
      ...(e.freezes.length
        ? [table(['evidence freeze', 'incident', 'since', 'seal sha256'], e.freezes.map((f) => [f.id, f.incidentId, f.frozenAt, f.sealHash]))]
        : [p('No evidence freeze holds this version.')]),
      h1('7. Standards and specifications applied'),
      note('The registry records no harmonised standard or common specification for this version; the provider lists those it applies here.'),
      p('Warden itself follows: RFC 9162 (Merkle trees and proofs of the audit log), RFC 8032 (Ed25519 signatures of checkpoints and receipts), the canonical JSON of docs/audit-format.md §4 for everything hashed or signed, and the EU AI Act Art. 73 deadlines for incidents.'),
      h1('8. EU declaration of conformity'),
      note('Not generated: the provider draws up and signs the declaration (EU AI Act Art. 47) and attaches it here.'),
      h1('9. Post-market monitoring'),
      p(
        `Warden monitors the version in use through its scheduled bias audits (section 5.2), the human reviews its policy requires (section 3.2), and its audit log. ` +
          `Serious incidents are registered with POST /v1/compliance/incidents; their reporting deadline (2, 10 or 15 days, EU AI Act Art. 73) is tracked, and an evidence freeze seals this version, the active policy and the audit log range under a signed checkpoint.`,
      ),
      h2('9.1 Record-keeping (Art. 12)'),
      ...recordKeepingBlocks(ref, ctx.checkpoint),
      h1('10. Licence, rights-holders and lineage'),
      ...termsBlocks(e),
      h1('11. Provenance of this document'),
      ...provenanceBlocks(ctx.provenance),
    ],
  };
}
