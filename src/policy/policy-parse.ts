import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { formatPath, type PathSegment, type PolicyDocument, type PolicyError } from './policy-document.js';
import { REQUEST_VALUE_PROBLEMS, unstorableText } from '../common/validation.js';
import { checkPolicyData, conditionsNotYetKnown, type RawIssue } from './policy-validate.js';

export type ParseResult = { document: PolicyDocument; errors?: undefined } | { document?: undefined; errors: PolicyError[] };

/**
 * YAML (or JSON, which is YAML) source to a validated policy document, or every problem found,
 * each with the 1-based line and column of the key or value at fault.
 */
export function parsePolicy(source: string): ParseResult {
  const lineCounter = new LineCounter();
  const yaml = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (yaml.errors.length > 0) {
    return { errors: yaml.errors.map((e) => ({ ...at(e.pos[0]), path: '', message: firstLine(e.message) })) };
  }
  let value: unknown;
  try {
    value = yaml.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { errors: [{ line: 1, column: 1, path: '', message: (error as Error).message }] };
  }
  if (value === null || value === undefined) return { errors: [{ line: 1, column: 1, path: '', message: 'the policy document is empty' }] };
  const plain = notPlainData(value);
  if (plain) return { errors: [{ ...at(offsetOf(yaml, plain)), path: formatPath(plain.path), message: plain.message }] };
  const checked = checkPolicyData(value);
  const issues = checked.document ? conditionsNotYetKnown(checked.document) : checked.issues;
  if (checked.document && issues.length === 0) return { document: checked.document };
  const errors = issues.map((issue) => ({ ...at(offsetOf(yaml, issue)), path: formatPath(issue.path), message: issue.message }));
  return { errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
}

/** The most values a policy may hold once its aliases are expanded: a few thousand in practice. */
export const MAX_POLICY_VALUES = 100_000;

/**
 * What makes parsed YAML more than a policy's plain data, found without recursion: a value of a
 * type YAML 1.1's tags make (`!!omap`, `!!set`, `!!binary`, `!!timestamp`: a Map, Set, bytes or a
 * date, which a validator reading objects would see as empty), text Postgres cannot store, or more
 * values than MAX_POLICY_VALUES once aliases are expanded.
 */
function notPlainData(root: unknown): RawIssue | null {
  const stack: [unknown, PathSegment[]][] = [[root, []]];
  let values = 0;
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (++values > MAX_POLICY_VALUES) return { path: [], at: 'value', message: `the policy holds more than ${MAX_POLICY_VALUES.toLocaleString('en-US')} values once its aliases are expanded` };
    if (typeof value === 'string') {
      if (unstorableText(value)) return { path, at: 'value', message: `text ${REQUEST_VALUE_PROBLEMS.storableText}` };
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, [...path, i]]));
    } else if (typeof value === 'object' && value !== null) {
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        return { path, at: 'value', message: `a ${(value as object).constructor?.name ?? 'tagged'} value (from a YAML tag such as !!omap, !!set or !!binary) is not policy data; write plain maps, lists and scalars` };
      }
      for (const [key, item] of Object.entries(value)) {
        if (unstorableText(key)) return { path: [...path, key], at: 'key', message: `names ${REQUEST_VALUE_PROBLEMS.storableText}` };
        stack.push([item, [...path, key]]);
      }
    }
  }
  return null;
}

/** `12:5 rules[2].when.model.riskClass: "High" is not one of …`, one error a line. */
export function formatPolicyErrors(errors: readonly PolicyError[]): string {
  return errors.map((e) => `${e.line}:${e.column} ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n');
}

/** The offset of the deepest node the path reaches: the key itself for naming errors, else its value. */
function offsetOf(yaml: Document, issue: RawIssue): number {
  let node: unknown = yaml.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < issue.path.length; i++) {
    const segment: PathSegment = issue.path[i];
    if (isAlias(node)) node = node.resolve(yaml);
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const last = i === issue.path.length - 1;
      if ((last && issue.at === 'key') || pair.value === null || pair.value === undefined) return keyStart ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
    } else {
      break;
    }
    offset = rangeStart(node) ?? offset;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
