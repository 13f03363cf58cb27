import { type AnalyzeOptions, type Analyzer, defaultAnalyzer } from './analyzer.js';
import type { EntityType, Finding } from './entities.js';
import { RedactionFailedError } from './errors.js';
import { type Operator, type OperatorName, type OperatorOptions, createOperator } from './operators.js';

export interface RedactOptions extends AnalyzeOptions {
  /** What replaces each finding (default `replace`: `<EMAIL>`). */
  operator?: OperatorName;
  operatorOptions?: OperatorOptions;
}

export interface RedactedEntity {
  type: EntityType;
  /** Offsets into the original text. */
  start: number;
  end: number;
  score: number;
}

export interface Redaction {
  text: string;
  entities: RedactedEntity[];
}

export interface Redactor {
  redact(text: string, options?: RedactOptions): Redaction;
  redactBatch(texts: readonly string[], options?: RedactOptions): Redaction[];
  /** A copy of `value` with every string in it redacted by `replace`; see `scrubValue`. */
  scrub<T>(value: T, options?: ScrubOptions): Scrubbed<T>;
}

export interface ScrubOptions {
  entities?: readonly EntityType[];
  timeBudgetMs?: number;
}

/** What `scrub` returns: the same shape, with strings (and long numbers that held PII) as strings. */
export type Scrubbed<T> = T extends string ? string : T extends object ? unknown : T;

function apply(text: string, findings: readonly Finding[], operator: Operator): string {
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + operator(text.slice(f.start, f.end), f.type);
    at = f.end;
  }
  return out + text.slice(at);
}

const MAX_DEPTH = 64;
const BIG_INTEGER = 1_000_000;

export function createRedactor(analyzer: Analyzer = defaultAnalyzer): Redactor {
  function operatorFor(options: RedactOptions): Operator {
    try {
      return createOperator(options.operator ?? 'replace', options.operatorOptions);
    } catch (cause) {
      throw new RedactionFailedError('OPERATOR_FAILED', (cause as Error).message, { cause });
    }
  }

  function redactWith(text: string, options: RedactOptions, operator: Operator): Redaction {
    if (typeof text !== 'string') throw new RedactionFailedError('ANALYZER_FAILED', 'Only strings can be redacted');
    let findings: Finding[];
    try {
      findings = analyzer.analyze(text, options);
    } catch (cause) {
      if (cause instanceof RedactionFailedError) throw cause;
      throw new RedactionFailedError('ANALYZER_FAILED', 'PII analysis failed', { cause });
    }
    let redacted: string;
    try {
      redacted = apply(text, findings, operator);
    } catch (cause) {
      throw new RedactionFailedError('OPERATOR_FAILED', 'Applying the redaction operator failed', { cause });
    }
    return { text: redacted, entities: findings.map(({ type, start, end, score }) => ({ type, start, end, score })) };
  }

  const redact = (text: string, options: RedactOptions = {}): Redaction => redactWith(text, options, operatorFor(options));

  const redactBatch = (texts: readonly string[], options: RedactOptions = {}): Redaction[] => {
    const operator = operatorFor(options);
    return texts.map((text) => redactWith(text, options, operator));
  };

  function scrub<T>(value: T, options: ScrubOptions = {}): Scrubbed<T> {
    const analyze: RedactOptions = { entities: options.entities, timeBudgetMs: options.timeBudgetMs };
    const operator = operatorFor({ operator: 'replace' });
    const text = (s: string) => redactWith(s, analyze, operator).text;
    const seen = new WeakSet<object>();

    const walk = (v: unknown, depth: number): unknown => {
      if (typeof v === 'string') return text(v);
      if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= BIG_INTEGER ? numberLeaf(v) : v;
      if (typeof v === 'bigint') return numberLeaf(v);
      if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
      if (depth >= MAX_DEPTH) return '[Truncated]';
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
      try {
        if (v instanceof Date) return new Date(v.getTime());
        if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `<BINARY:${v.byteLength} bytes>`;
        if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
        if (v instanceof Map) return new Map([...v].map(([k, item]) => [walk(k, depth + 1), walk(item, depth + 1)]));
        if (v instanceof Set) return new Set([...v].map((item) => walk(item, depth + 1)));
        if (v instanceof Error) {
          return { name: v.name, message: text(v.message), ...(v.stack ? { stack: text(v.stack) } : {}) };
        }
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(v)) out[text(k)] = walk(item, depth + 1);
        return out;
      } finally {
        seen.delete(v);
      }
    };

    // A phone or card number stored as a JSON number is still that number.
    const numberLeaf = (n: number | bigint): unknown => {
      const s = String(n);
      const r = redactWith(s, analyze, operator);
      return r.entities.length > 0 ? r.text : n;
    };

    return walk(value, 0) as Scrubbed<T>;
  }

  return { redact, redactBatch, scrub };
}

const defaultRedactor = createRedactor();

/** Redacts one text with the built-in recognizers. Throws `RedactionFailedError`, never returns the text unredacted. */
export const redact = defaultRedactor.redact;
export const redactBatch = defaultRedactor.redactBatch;
export const scrub = defaultRedactor.scrub;
