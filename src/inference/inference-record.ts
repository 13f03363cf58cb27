import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import type { Prediction } from '../models/predictions.js';
import type { FeatureRow, InputSchema } from '../models/model-schema.js';
import type { PolicyContext } from '../policy/policy-context.js';
import type { InferenceContext } from './inference-context.js';
import { callContext, rowContexts } from './inference-context.js';
import { withheldOutputs } from '../policy/policy-document.js';

/** Recorded per call for policy dry-runs; larger batches keep their first rows only. */
export const RECORDED_ROWS = 100;

/**
 * The policy context as it may be stored: subject attributes dropped (they may be special-category
 * data, kept apart and only with consent), and free text as the redaction stage left it for storage
 * (every finding replaced), or withheld when the call stopped before that stage.
 */
export function storableContexts(ctx: InferenceContext): PolicyContext[] {
  const rows = (ctx.storedRows ?? ctx.rows ?? []).slice(0, RECORDED_ROWS);
  const safe = (row: FeatureRow) => storableRow(ctx.model!.manifest.input, row, ctx.storedRows !== undefined);
  const call: PolicyContext = { ...callContext(ctx), subject: { id: ctx.subject } };
  return rows.length ? rowContexts(ctx, rows.map(safe), ctx.predictions, call) : [call];
}

function storableRow(schema: InputSchema, row: FeatureRow, redacted: boolean): FeatureRow {
  if (redacted) return row;
  const out: FeatureRow = { ...row };
  for (const feature of schema.features) if (feature.type === 'text' && feature.name in out) out[feature.name] = '[withheld]';
  return out;
}

/** What a caller was told, as the response carries it after suppression. */
export function publicOutputs(predictions: Prediction[], suppress: readonly string[]): Record<string, unknown>[] {
  const withheld = withheldOutputs(suppress);
  return predictions.map((p) => {
    const out: Record<string, unknown> = {};
    if (!withheld.includes('label')) out.label = p.label;
    if (!withheld.includes('score')) {
      if ('score' in p) out[p.scoreName] = p.score;
      else out.probabilities = p.probabilities;
    }
    return out;
  });
}

/**
 * Stored predictions as the calling tenant may read them back (its access export, its reviewers'
 * queue): in the stored shape, without the fields the call's answer left out. `withheld` is null
 * for rows stored before it was kept, which are given as stored.
 */
export function withholdStored(predictions: readonly Prediction[], withheld: readonly string[] | null): Partial<Prediction>[] {
  if (!withheld?.length) return [...predictions];
  return predictions.map((p) => {
    const { label, ...numbers } = p;
    const out: Record<string, unknown> = withheld.includes('score') ? {} : numbers;
    return withheld.includes('label') ? out : { label, ...out };
  }) as Partial<Prediction>[];
}

/** Stored policy contexts as the calling tenant may read them back: each row's `output` without what the answer left out. */
export function withholdContexts(contexts: readonly PolicyContext[], withheld: readonly string[] | null): PolicyContext[] {
  if (!withheld?.length) return [...contexts];
  return contexts.map(({ output, ...context }) => {
    if (!output) return context;
    const kept = Object.fromEntries(Object.entries(output).filter(([field]) => !withheld.includes(field)));
    return Object.keys(kept).length ? { ...context, output: kept as PolicyContext['output'] } : context;
  });
}

/** A hash of the answer, for the audit chain: proves what was said without storing it there. */
export const outputsHash = (outputs: unknown): string => createHash('sha256').update(canonicalJson(outputs)).digest('hex');
