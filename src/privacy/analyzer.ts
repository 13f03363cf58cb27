import { contextScore } from './context.js';
import { type EntityType, type Finding, type Recognizer, finding, textStats } from './entities.js';
import { RedactionFailedError } from './errors.js';
import { readAsAscii } from './read-as-ascii.js';
import { DEFAULT_RECOGNIZERS } from './recognizers/index.js';

export interface AnalyzeOptions {
  /** Entity types to look for (default: all the analyzer knows). */
  entities?: readonly EntityType[];
  /** Findings scoring below this after context are dropped (default 0.5). */
  minScore?: number;
  /** Wall-clock budget for this text; past it analysis throws `RedactionFailedError` (default 250 ms). */
  timeBudgetMs?: number;
}

export const DEFAULT_MIN_SCORE = 0.5;
export const DEFAULT_TIME_BUDGET_MS = 250;

export interface Analyzer {
  readonly entities: readonly EntityType[];
  analyze(text: string, options?: AnalyzeOptions): Finding[];
}

/**
 * Turns overlapping findings into disjoint ones, in text order. A finding inside a longer one goes (the
 * street name inside an address, the name inside a URL); findings that overlap only in part become one
 * finding over both spans, typed after the higher score: a redaction may take a word too many, never
 * leave half a value behind.
 */
export function resolveOverlaps(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  // Inside another: strictly shorter, or the same span with a lower score (the earlier wins a tie).
  const covers = (g: Finding, f: Finding, gi: number, fi: number) =>
    g.start <= f.start &&
    g.end >= f.end &&
    (g.end - g.start > f.end - f.start || g.score > f.score || (g.score === f.score && gi < fi));
  const outer = findings.filter((f, fi) => !findings.some((g, gi) => gi !== fi && covers(g, f, gi, fi)));
  outer.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Finding[] = [];
  for (const f of outer) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      const top = f.score > last.score ? f : last;
      merged[merged.length - 1] = finding(top.type, last.start, Math.max(last.end, f.end), top.score, top.recognizer);
    } else {
      merged.push(f);
    }
  }
  return merged;
}

export function createAnalyzer(recognizers: readonly Recognizer[] = DEFAULT_RECOGNIZERS): Analyzer {
  const entities = [...new Set(recognizers.flatMap((r) => r.entities))];
  const looksFor = (recognizer: Recognizer, wanted: readonly EntityType[]) => {
    for (const e of recognizer.entities) if (wanted.includes(e)) return true;
    return false;
  };
  return {
    entities,
    analyze(given: string, options: AnalyzeOptions = {}): Finding[] {
      const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
      const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
      const wanted = options.entities;
      const started = performance.now();
      // A budget that is not a positive number (0, negative, NaN) can never be met: fail closed at once.
      if (!(budget > 0) || performance.now() - started >= budget) throw budgetError(budget);
      if (given.length === 0) return [];
      // Findings in the text as read point into `given` alike: each character is read as one.
      const text = readAsAscii(given);
      const stats = textStats(text);
      const raw: Finding[] = [];
      for (const recognizer of recognizers) {
        if (wanted && !looksFor(recognizer, wanted)) continue;
        if (!recognizer.applies(stats)) continue;
        recognizer.scan(text, raw, stats);
        // Recognizers are synchronous and cannot be stopped midway; the clock is read after each one that ran.
        if (performance.now() - started >= budget) throw budgetError(budget);
      }
      if (raw.length === 0) return raw;
      const scored: Finding[] = [];
      for (const f of raw) {
        if (wanted && !wanted.includes(f.type)) continue;
        const score = contextScore(text, f);
        if (score >= minScore) scored.push(score === f.score ? f : finding(f.type, f.start, f.end, score, f.recognizer));
      }
      return resolveOverlaps(scored);
    },
  };
}

function budgetError(budget: number): RedactionFailedError {
  return new RedactionFailedError('TIME_BUDGET_EXCEEDED', `PII analysis exceeded its time budget of ${budget} ms`);
}

export const defaultAnalyzer = createAnalyzer();
