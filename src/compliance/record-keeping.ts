import { facts, list, p, type Block } from './document-model.js';
import type { CheckpointFacts } from './evidence.js';

/**
 * How a model's events are logged and read (EU AI Act Art. 12 and Art. 13(3)(f)), as
 * docs/audit-format.md defines the log. Each statement cites the section of that document it
 * rests on; a spec checks that the sections exist with these titles.
 */
export const AUDIT_FORMAT_SECTIONS = {
  chains: '## 2. Chains',
  events: '## 3. Events',
  hash: '## 5. The event hash',
  merkle: '## 7. Merkle tree and proofs',
  checkpoints: '## 8. Checkpoints',
  exports: '## 9. Export files',
  command: '## 11. The audit-verify command',
  limits: '## 12. What verification shows, and what it does not',
} as const;

const cite = (key: keyof typeof AUDIT_FORMAT_SECTIONS) => `(docs/audit-format.md §${AUDIT_FORMAT_SECTIONS[key].split(' ')[1].replace('.', '')})`;

export function recordKeepingBlocks(model: string, checkpoint: CheckpointFacts | null): Block[] {
  return [
    p(
      `Warden logs automatically, for the whole life of the model, every event that concerns it, in a tamper-evident audit log of format version 1. ` +
        `The log is a set of hash chains: one for platform events (administrative actions) and one per tenant (that tenant's calls, consents and reviews) ${cite('chains')}.`,
    ),
    list([
      `Every governed call of ${model}, allowed or refused: action inference.infer with the resource model ${model}, the decision, the refusing stage and rule or reason code, the purpose, the subject's tenant-scoped pseudonym, the number of rows, the policy version and rules applied, the obligations (human_review, notify_subject) and a hash of the outputs ${cite('events')}.`,
      `Every change to the model version: registration, activation, suspension, resumption and retirement with their reasons (model.register, model.activate, model.suspend, model.resume, model.retire), its licence terms (model.license.attach, model.shares.set, model.lineage.set, model.price.set, model.price.override, model.price.override.remove), and evidence freezes and releases (incident.freeze, incident.release, whose resource is the incident).`,
      'Every bias audit of the model (fairness.audit) with the hash of the data it was computed from, and every breach (fairness.breach); every human review decision (review.confirm, review.override).',
      'Every compliance document generated about the model (document.generate) with the sha256 of its Markdown and PDF files and what it was built from.',
      `Raw personal data never enters the log: subjects appear only as pseudonyms and inputs and outputs only as hashes ${cite('events')}.`,
    ]),
    p(
      `Integrity: each event's hash covers the previous event's hash and the canonical JSON of the event ${cite('hash')}; each chain is also an RFC 9162 Merkle tree, so that inclusion and consistency proofs can be given ${cite('merkle')}; ` +
        `the database refuses UPDATE and DELETE on the log for every role; and Warden signs checkpoints of every chain's size and root with Ed25519 at regular intervals and after bursts of events ${cite('checkpoints')}.`,
    ),
    facts([
      ['Signing key id', checkpoint?.keyId ?? 'no checkpoint signed yet'],
      ['Latest checkpoint at build time', checkpoint ? `${checkpoint.id}, issued ${checkpoint.issuedAt}` : null],
      ['Platform chain size at that checkpoint', checkpoint?.chains.find((c) => c.chainId === 'platform')?.treeSize ?? null],
      ['Platform chain root at that checkpoint', checkpoint?.chains.find((c) => c.chainId === 'platform')?.rootHash ?? null],
    ]),
    p('How to read and check the log:'),
    list([
      `Query: GET /v1/audit/events?resourceType=model&resourceId=${model} (admins and regulators see every chain, a tenant its own); freezes and releases: GET /v1/audit/events?resourceType=incident with the incident's id.`,
      `Export: GET /v1/audit/export gives JSON Lines with the signed checkpoints ${cite('exports')}, which anyone can verify offline with npm run audit:verify and the public key from GET /v1/audit/public-key ${cite('command')}.`,
      'Proofs: GET /v1/audit/proofs/inclusion proves that one event is in a chain of a signed size; GET /v1/audit/proofs/consistency proves that a later checkpoint extends an earlier one.',
      `Limits: verification shows that what was logged was not changed afterwards, not that everything that should have been logged was ${cite('limits')}.`,
    ]),
  ];
}
