import { type AnalyzeOptions, type Analyzer, DEFAULT_TIME_BUDGET_MS, defaultAnalyzer } from './analyzer.js';
import type { EntityType, Finding } from './entities.js';
import { RedactionFailedError } from './errors.js';
import { warmUp } from './warm-up.js';
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

/**
 * Whether a string is one no recognizer can find anything in, decided in one cheap pass so that
 * `scrub` — run on every stored record, audit detail, job payload and log line — spends nothing on
 * the many strings that cannot hold personal data:
 *  - plain ASCII without a digit, a capital letter, an `@`, two colons, "www." or "://" (keys such as
 *    "status" or "created_at", lower-case codes and messages): every recognizer needs one of those;
 *  - a UUID, or a hex digest of 35 digits or more ("sha256:9f86d0…") in one letter case, without seven
 *    digits in a row: too long to be an IBAN, with no number long enough for a phone, card or ID and
 *    no word a name or address could be made of.
 * Anything else goes to the analyzer. `cannot-hold-pii.spec.ts` holds this to the analyzer's verdicts.
 */
export function cannotHoldPii(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  let colons = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 64 || c > 127) return isMachineToken(s);
    if (c === 58 && ++colons >= 2) return isMachineToken(s);
  }
  return !s.includes('://') && !s.includes('www.') && !s.includes('WWW.');
}

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})$/;
const DIGEST = /^(?:(?:sha(?:1|224|256|384|512)|md5|blake2b|hex):)?(?:[0-9a-f]{35,}|[0-9A-F]{35,})$/;
const SEVEN_DIGITS = /\d{7}/;

function isMachineToken(s: string): boolean {
  if (s.length < 32 || s.length > 1024) return false;
  return (UUID.test(s) || DIGEST.test(s)) && !SEVEN_DIGITS.test(s);
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
    // A budget that can never be met fails every string, as in `redact`; otherwise strings that cannot hold PII are passed as they are.
    const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
    const skip = budget > 0 ? cannotHoldPii : () => false;
    const text = (s: string) => (typeof s === 'string' && skip(s) ? s : redactWith(s, analyze, operator).text);
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

/** Pays the default redactor's regex compilation now rather than on the first requests (see warm-up.ts). */
export const warmUpDefaultRedactor = (): void => warmUp(defaultRedactor);

/** Redacts one text with the built-in recognizers. Throws `RedactionFailedError`, never returns the text unredacted. */
export const redact = defaultRedactor.redact;
export const redactBatch = defaultRedactor.redactBatch;
export const scrub = defaultRedactor.scrub;
