import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import { dsrDeadline } from './deadlines.js';
import { signJson, verifyJson, type JwsFailure } from './jws.js';
import { isPseudonym } from './pseudonym.js';
import { controllerProblems, type Controller } from './receipt.js';
import { assertSound, check, isCount, isInstant, isRecord, isText, unexpectedKeys, type Problems } from './shape.js';

/**
 * The answer to an erasure request (GDPR Art. 17): how many rows each table lost, when, for
 * which request, and what was deliberately kept. A repeated erasure yields a receipt of zeros,
 * which is the proof that it changed nothing.
 */
export const ERASURE_RECEIPT_SCHEMA = 'warden.erasure-receipt/1';
export const ERASURE_RECEIPT_TYP = 'erasure-receipt+jws';

export interface RetainedRecord {
  table: string;
  reason: string;
}

export interface ErasureReceipt {
  schemaVersion: typeof ERASURE_RECEIPT_SCHEMA;
  receiptId: string;
  requestId: string;
  subjectPseudonym: string;
  controller: Controller;
  receivedAt: string;
  /** The Art. 12(3) deadline the request was tracked against. */
  dueBy: string;
  completedAt: string;
  /** Rows removed per table. */
  removed: Record<string, number>;
  totalRemoved: number;
  retained: RetainedRecord[];
}

export interface ErasureReceiptInput {
  receiptId: string;
  requestId: string;
  subjectPseudonym: string;
  controller: Controller;
  receivedAt: Date;
  completedAt: Date;
  removed: Readonly<Record<string, number>>;
  retained?: readonly RetainedRecord[];
}

export function buildErasureReceipt(input: ErasureReceiptInput): ErasureReceipt {
  const removed = { ...input.removed };
  const receipt: ErasureReceipt = {
    schemaVersion: ERASURE_RECEIPT_SCHEMA,
    receiptId: input.receiptId,
    requestId: input.requestId,
    subjectPseudonym: input.subjectPseudonym,
    controller: { ...input.controller },
    receivedAt: input.receivedAt.toISOString(),
    dueBy: dsrDeadline(input.receivedAt).toISOString(),
    completedAt: input.completedAt.toISOString(),
    removed,
    totalRemoved: Object.values(removed).reduce((sum, n) => sum + n, 0),
    retained: [...(input.retained ?? [])].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)),
  };
  assertSound(erasureReceiptProblems(receipt));
  return JSON.parse(canonicalJson(receipt)) as ErasureReceipt;
}

export function signErasureReceipt(receipt: ErasureReceipt, privateKey: KeyObject, kid: string): string {
  assertSound(erasureReceiptProblems(receipt));
  return signJson(receipt, privateKey, { kid, typ: ERASURE_RECEIPT_TYP });
}

export type ErasureReceiptVerification =
  | { valid: true; kid: string; receipt: ErasureReceipt }
  | { valid: false; reason: JwsFailure; detail: string };

export function verifyErasureReceipt(jws: string, publicKey: KeyObject): ErasureReceiptVerification {
  const checked = verifyJson(jws, publicKey, ERASURE_RECEIPT_TYP);
  if (!checked.valid) return checked;
  const problems = erasureReceiptProblems(checked.value);
  if (problems.length > 0) return { valid: false, reason: 'invalid-payload', detail: problems.join('; ') };
  return { valid: true, kid: checked.kid, receipt: checked.value as ErasureReceipt };
}

const KEYS = [
  'schemaVersion', 'receiptId', 'requestId', 'subjectPseudonym', 'controller', 'receivedAt', 'dueBy', 'completedAt',
  'removed', 'totalRemoved', 'retained',
];
const TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

export function erasureReceiptProblems(value: unknown): Problems {
  if (!isRecord(value)) return ['an erasure receipt is a JSON object'];
  const r = value;
  const problems = [
    ...unexpectedKeys(r, KEYS, 'the erasure receipt'),
    ...check(r.schemaVersion === ERASURE_RECEIPT_SCHEMA, `schemaVersion must be ${ERASURE_RECEIPT_SCHEMA}`),
    ...check(isText(r.receiptId), 'receiptId is required'),
    ...check(isText(r.requestId), 'requestId is required'),
    ...check(isPseudonym(r.subjectPseudonym), 'subjectPseudonym must be a pseudonym (psn_…), never a raw subject id'),
    ...controllerProblems(r.controller, 'controller'),
    ...check(isInstant(r.receivedAt), 'receivedAt must be an ISO 8601 UTC instant'),
    ...check(isInstant(r.dueBy), 'dueBy must be an ISO 8601 UTC instant'),
    ...check(isInstant(r.completedAt), 'completedAt must be an ISO 8601 UTC instant'),
    ...removedProblems(r.removed, r.totalRemoved),
    ...retainedProblems(r.retained),
  ];
  if (isInstant(r.receivedAt) && isInstant(r.dueBy) && dsrDeadline(new Date(r.receivedAt)).toISOString() !== r.dueBy) {
    problems.push('dueBy must be the GDPR Art. 12(3) deadline of receivedAt');
  }
  if (isInstant(r.receivedAt) && isInstant(r.completedAt) && r.completedAt < r.receivedAt) {
    problems.push('completedAt must not be before receivedAt');
  }
  return problems;
}

function removedProblems(removed: unknown, total: unknown): Problems {
  // Listing every table that was searched, zeros included, is what shows the search was complete.
  if (!isRecord(removed) || Object.keys(removed).length === 0) return ['removed must name at least one table'];
  const entries = Object.entries(removed);
  const problems = entries.flatMap(([table, count]) => [
    ...check(TABLE.test(table), `removed names ${JSON.stringify(table)}, which is not a table name`),
    ...check(isCount(count), `removed.${table} must be a whole, non-negative count`),
  ]);
  const sum = entries.reduce((acc, [, count]) => acc + (isCount(count) ? count : 0), 0);
  return [...problems, ...check(total === sum, 'totalRemoved must be the sum of removed')];
}

function retainedProblems(value: unknown): Problems {
  if (!Array.isArray(value)) return ['retained must be a list'];
  return value.flatMap((item: unknown, i) =>
    isRecord(item)
      ? [
          ...unexpectedKeys(item, ['table', 'reason'], `retained[${i}]`),
          ...check(typeof item.table === 'string' && TABLE.test(item.table), `retained[${i}].table must be a table name`),
          ...check(isText(item.reason), `retained[${i}].reason is required`),
        ]
      : [`retained[${i}] must be an object`],
  );
}
