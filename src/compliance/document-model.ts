/**
 * A generated compliance document as data: a title and a list of blocks. Builders (one per kind of
 * document) turn evidence into this; renderers turn it into Markdown and PDF, so both formats say
 * exactly the same thing.
 */

/** One bar of a rate chart: a group's rate with its confidence interval and impact ratio. */
export interface ChartBar {
  label: string;
  n: number;
  value: number;
  lower: number;
  upper: number;
  /** The group's rate over the highest eligible rate; null when it was not judged. */
  impactRatio: number | null;
  /** The impact-ratio verdict: null when the group was not judged (too small, unknown). */
  pass: boolean | null;
}

export interface RateChart {
  title: string;
  /** What the bars measure, e.g. `selection rate`. */
  rateLabel: string;
  confidence: number;
  bars: ChartBar[];
  /** The impact-ratio threshold (LL144 / four-fifths rule: 0.8). */
  threshold: number;
  /** The highest eligible rate: bars under threshold × reference fail the impact ratio. */
  reference: number | null;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  /** Label–value pairs, e.g. the facts of a model version. */
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'table'; columns: string[]; rows: string[][]; numeric?: boolean[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'chart'; chart: RateChart }
  /** Guidance for the reader that is not a fact, e.g. a section the controller must complete. */
  | { kind: 'note'; text: string };

export interface ComplianceDocument {
  title: string;
  subtitle: string;
  builtAt: Date;
  blocks: Block[];
  /** Printed at the foot of every PDF page. */
  footer: string;
}

/** Small helpers for builders. */
export const h1 = (text: string): Block => ({ kind: 'heading', level: 1, text });
export const h2 = (text: string): Block => ({ kind: 'heading', level: 2, text });
export const h3 = (text: string): Block => ({ kind: 'heading', level: 3, text });
export const p = (text: string): Block => ({ kind: 'paragraph', text });
export const note = (text: string): Block => ({ kind: 'note', text });
export const list = (items: string[]): Block => ({ kind: 'list', items });
export const facts = (rows: [string, string | number | boolean | null | undefined][]): Block => ({
  kind: 'facts',
  rows: rows.map(([label, value]) => [label, show(value)]),
});
export const table = (columns: string[], rows: (string | number | boolean | null | undefined)[][], numeric?: boolean[]): Block => ({
  kind: 'table',
  columns,
  rows: rows.map((r) => r.map(show)),
  ...(numeric ? { numeric } : {}),
});

/** How a value reads in a document: numbers as written, absent values as a dash. */
export function show(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A rate or ratio with a fixed number of decimals (three by default); null reads as a dash. */
export const fixed = (value: number | null | undefined, digits = 3): string => (value === null || value === undefined ? '—' : value.toFixed(digits));

export const percent = (value: number, digits = 1): string => `${(100 * value).toFixed(digits)} %`;
