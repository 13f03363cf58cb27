import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { formatPath, type PathSegment, type PolicyDocument, type PolicyError } from './policy-document.js';
import { checkPolicyData, type RawIssue } from './policy-validate.js';

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
  const checked = checkPolicyData(value);
  if (checked.document) return { document: checked.document };
  const errors = checked.issues.map((issue) => ({ ...at(offsetOf(yaml, issue)), path: formatPath(issue.path), message: issue.message }));
  return { errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
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
