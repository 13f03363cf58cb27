import { canonicalJson } from '../common/canonical-json.js';
import type { PolicyDocument, PolicyRule } from './policy-document.js';

/**
 * What changed between two versions of a policy, rule by rule (matched by id) and field by field,
 * for an admin reviewing a draft. The order of usage, output and quota rules carries no meaning
 * (deny overrides allow whatever the order), so reordering them is no change; the order of
 * redaction rules does (when two name one entity type, the first decides its operator), so a
 * change in it is reported.
 */

export interface FieldChange {
  /** Rule-relative dotted path, e.g. `when.model.riskClass`; absent before/after means added/removed. */
  field: string;
  before?: unknown;
  after?: unknown;
  /** For lists of plain values: what entered and what left. */
  added?: unknown[];
  removed?: unknown[];
}

export interface RuleChange {
  id: string;
  changes: FieldChange[];
}

export interface PolicyDiff {
  identical: boolean;
  /** Changes to the document's own name and description. */
  document: FieldChange[];
  added: PolicyRule[];
  removed: PolicyRule[];
  changed: RuleChange[];
  unchanged: string[];
  /** The redaction rules both versions have, in each version's order, when that order changed. */
  redactionOrder?: { before: string[]; after: string[] };
}

export function diffPolicies(previous: PolicyDocument, next: PolicyDocument): PolicyDiff {
  const before = new Map(previous.rules.map((r) => [r.id, r]));
  const after = new Map(next.rules.map((r) => [r.id, r]));
  const document: FieldChange[] = [];
  diffValue({ name: previous.name, description: previous.description }, { name: next.name, description: next.description }, '', document);
  const changed: RuleChange[] = [];
  const unchanged: string[] = [];
  for (const rule of next.rules) {
    const old = before.get(rule.id);
    if (!old) continue;
    const changes: FieldChange[] = [];
    diffValue(old, rule, '', changes);
    if (changes.length > 0) changed.push({ id: rule.id, changes });
    else unchanged.push(rule.id);
  }
  const added = next.rules.filter((r) => !before.has(r.id));
  const removed = previous.rules.filter((r) => !after.has(r.id));
  const redactionOrder = redactionOrderChange(previous, next);
  return {
    identical: document.length === 0 && added.length === 0 && removed.length === 0 && changed.length === 0 && !redactionOrder,
    document,
    added,
    removed,
    changed,
    unchanged,
    ...(redactionOrder ? { redactionOrder } : {}),
  };
}

function redactionOrderChange(previous: PolicyDocument, next: PolicyDocument): PolicyDiff['redactionOrder'] {
  const ids = (doc: PolicyDocument, other: PolicyDocument) =>
    doc.rules.filter((r) => r.kind === 'redaction' && other.rules.some((o) => o.id === r.id && o.kind === 'redaction')).map((r) => r.id);
  const before = ids(previous, next);
  const after = ids(next, previous);
  return before.some((id, i) => after[i] !== id) ? { before, after } : undefined;
}

function diffValue(before: unknown, after: unknown, field: string, out: FieldChange[]): void {
  if (same(before, after)) return;
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) diffValue(before[key], after[key], field ? `${field}.${key}` : key, out);
    return;
  }
  const change: FieldChange = { field };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every(isPlain)) {
    change.added = after.filter((a) => !before.some((b) => same(a, b)));
    change.removed = before.filter((b) => !after.some((a) => same(a, b)));
  }
  out.push(change);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}

function isPlain(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
