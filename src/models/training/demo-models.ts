import type { ModelArtefact } from './artefact.js';
import { buildCreditApproval } from './credit-approval.model.js';
import { creditDataset } from './credit-dataset.js';
import { buildCreditRisk } from './credit-risk.model.js';
import { buildSupportRouter } from './support-router.model.js';

/**
 * Trains every demo model from the project's own seeded data. Pure apart from CPU time: the
 * same code gives the same bytes, which is how the committed files in models/ are checked.
 */
export function buildDemoModels(): ModelArtefact[] {
  const credit = creditDataset();
  return [buildCreditApproval(credit), buildCreditRisk(credit), buildSupportRouter()];
}

/** The two files of one artefact: `<name>@<version>.onnx` and `<name>@<version>.json`. */
export function artefactFiles(artefact: ModelArtefact): { name: string; bytes: Uint8Array }[] {
  const base = `${artefact.manifest.name}@${artefact.manifest.version}`;
  return [
    { name: `${base}.onnx`, bytes: artefact.onnx },
    { name: `${base}.json`, bytes: new TextEncoder().encode(manifestJson(artefact.manifest)) },
  ];
}

/** A manifest as written to disk: pretty-printed for reviewers, in the order the builders assign fields. */
export const manifestJson = (manifest: ModelArtefact['manifest']): string => `${JSON.stringify(manifest, null, 2)}\n`;
