import { h, s, uid, type Child } from './dom.js';
import { linear, ticks, upperBound } from './scale.js';

/**
 * Hand-drawn SVG charts. Each is a figure with a caption, an SVG that assistive technology reads as
 * one image with a title and a description, and the same numbers as a table under "Show the numbers".
 */

const WIDTH = 720;
const LABEL = 170;
const RIGHT = 150;
const ROW = 30;
const TOP = 26;
const AXIS = 28;

interface Figure {
  title: string;
  description: string;
  svg: SVGSVGElement;
  table: { head: string[]; rows: Child[][] };
  legend?: HTMLElement;
}

function figure({ title, description, svg, table, legend }: Figure): HTMLElement {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const captionId = uid('chart-caption');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${titleId} ${descId}`);
  svg.prepend(s('title', { id: titleId }, title), s('desc', { id: descId }, description));
  return h(
    'figure',
    { class: 'chart', 'aria-labelledby': captionId },
    h('figcaption', { id: captionId }, title),
    svg,
    legend ?? null,
    h(
      'details',
      null,
      h('summary', null, 'Show the numbers'),
      h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, h('tr', null, table.head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', null, table.rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))))),
    ),
  );
}

function xAxis(x: (v: number) => number, values: number[], y: number, height: number, format: (v: number) => string): SVGGElement {
  return s(
    'g',
    null,
    values.map((v) => [
      s('line', { class: 'grid', x1: x(v), x2: x(v), y1: TOP - 6, y2: y }),
      s('text', { x: x(v), y: y + 16, 'text-anchor': 'middle', class: 'muted' }, format(v)),
    ]),
    s('line', { class: 'axis', x1: x(values[0]), x2: x(values[values.length - 1]), y1: y, y2: y }),
    s('line', { class: 'axis', x1: LABEL, x2: LABEL, y1: TOP - 6, y2: TOP - 6 + height }),
  );
}

export interface IntervalRow {
  label: string;
  value: number;
  lower: number;
  upper: number;
  note?: string;
}

/** Estimates with their confidence intervals, one row per group, on [0, 1]. */
export function intervalChart(options: { title: string; description: string; rows: IntervalRow[]; format: (v: number) => string; valueLabel: string }): HTMLElement {
  const { rows, format } = options;
  const height = rows.length * ROW;
  const x = linear([0, 1], [LABEL, WIDTH - RIGHT]);
  const axisY = TOP + height;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${axisY + AXIS}`, class: 'chart' },
    xAxis(x, ticks(0, 1, 5), axisY, height, (v) => v.toFixed(1)),
    rows.map((r, i) => {
      const y = TOP + i * ROW + ROW / 2;
      return s(
        'g',
        null,
        s('text', { x: LABEL - 8, y: y + 4, 'text-anchor': 'end' }, r.label),
        s('line', { class: 'whisker', x1: x(r.lower), x2: x(r.upper), y1: y, y2: y }),
        s('line', { class: 'whisker', x1: x(r.lower), x2: x(r.lower), y1: y - 6, y2: y + 6 }),
        s('line', { class: 'whisker', x1: x(r.upper), x2: x(r.upper), y1: y - 6, y2: y + 6 }),
        s('circle', { class: 'point', cx: x(r.value), cy: y, r: 5 }),
        s('text', { x: WIDTH - RIGHT + 10, y: y + 4 }, `${format(r.value)} [${format(r.lower)}, ${format(r.upper)}]`),
      );
    }),
  );
  return figure({
    title: options.title,
    description: options.description,
    svg,
    table: { head: ['Group', options.valueLabel, 'Lower bound', 'Upper bound', 'Note'], rows: rows.map((r) => [r.label, format(r.value), format(r.lower), format(r.upper), r.note ?? '']) },
  });
}

export interface RatioRow {
  label: string;
  value: number | null;
  /** The verdict against the threshold; null when not judged. */
  pass: boolean | null;
  /** The group the others are compared with. */
  reference?: boolean;
  note?: string;
}

/** Ratios as bars against a threshold line (the four-fifths rule at 0.8). */
export function ratioChart(options: { title: string; description: string; rows: RatioRow[]; threshold: number | null; thresholdLabel: string }): HTMLElement {
  const { rows, threshold } = options;
  const height = rows.length * ROW;
  const top = upperBound(Math.max(1, ...rows.map((r) => r.value ?? 0)), threshold ?? 0);
  const x = linear([0, top], [LABEL, WIDTH - RIGHT]);
  const axisY = TOP + height;
  const verdict = (r: RatioRow) => (r.value === null ? 'not computed' : r.reference ? 'reference' : r.pass === null ? 'not judged' : r.pass ? 'pass' : 'FAIL');
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${axisY + AXIS}`, class: 'chart' },
    xAxis(x, ticks(0, top, 5), axisY, height, (v) => v.toFixed(1)),
    rows.map((r, i) => {
      const y = TOP + i * ROW;
      return s(
        'g',
        null,
        s('text', { x: LABEL - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end' }, r.label),
        r.value === null ? null : s('rect', { class: `bar ${r.pass === null ? 'unjudged' : r.pass ? 'pass' : 'fail'}`, x: LABEL, y: y + 6, width: Math.max(1, x(r.value) - LABEL), height: ROW - 12 }),
        s('text', { x: WIDTH - RIGHT + 10, y: y + ROW / 2 + 4 }, `${r.value === null ? '—' : r.value.toFixed(2)} ${verdict(r)}`),
      );
    }),
    threshold === null
      ? null
      : s(
          'g',
          null,
          s('line', { class: 'threshold', x1: x(threshold), x2: x(threshold), y1: TOP - 8, y2: axisY }),
          s('text', { class: 'threshold-label', x: x(threshold), y: TOP - 12, 'text-anchor': 'middle' }, options.thresholdLabel),
        ),
  );
  return figure({
    title: options.title,
    description: options.description,
    svg,
    table: { head: ['Group', 'Ratio', 'Verdict', 'Note'], rows: rows.map((r) => [r.label, r.value === null ? '—' : r.value.toFixed(3), verdict(r), r.note ?? '']) },
  });
}

/** Counts as horizontal bars. */
export function barChart(options: { title: string; description: string; rows: { label: string; value: number }[]; format: (v: number) => string; valueLabel: string }): HTMLElement {
  const { rows, format } = options;
  const height = rows.length * ROW;
  const top = upperBound(Math.max(0, ...rows.map((r) => r.value)));
  const x = linear([0, top], [LABEL, WIDTH - RIGHT]);
  const axisY = TOP + height;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${axisY + AXIS}`, class: 'chart' },
    xAxis(x, ticks(0, top, 5), axisY, height, (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))),
    rows.map((r, i) => {
      const y = TOP + i * ROW;
      return s(
        'g',
        null,
        s('text', { x: LABEL - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end' }, r.label),
        s('rect', { class: 'bar', x: LABEL, y: y + 6, width: Math.max(1, x(r.value) - LABEL), height: ROW - 12 }),
        s('text', { x: WIDTH - RIGHT + 10, y: y + ROW / 2 + 4 }, format(r.value)),
      );
    }),
  );
  return figure({ title: options.title, description: options.description, svg, table: { head: ['', options.valueLabel], rows: rows.map((r) => [r.label, format(r.value)]) } });
}

export interface Series {
  name: string;
  values: number[];
  /** CSS class giving the series its colour; `series-<i>` when absent. */
  className?: string;
}

/** Stacked columns over time: one column per period, one colour per series. */
export function columnsChart(options: {
  title: string;
  description: string;
  periods: string[];
  series: Series[];
  format: (v: number) => string;
  /** An axis value as written, given the step between ticks (to choose how many decimals tell them apart). */
  axisFormat?: (v: number, step: number) => string;
  /** How a period is written under its column (default: as given). */
  periodLabel?: (period: string) => string;
}): HTMLElement {
  const { periods, series, format } = options;
  const left = 80;
  const height = 220;
  const bottom = TOP + height;
  const totals = periods.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = upperBound(Math.max(0, ...totals));
  const y = linear([0, top], [bottom, TOP]);
  const slot = (WIDTH - left - 20) / Math.max(periods.length, 1);
  const label = options.periodLabel ?? ((p: string) => p);
  // Leave every label room: about 7 units per character at this font size.
  const widest = Math.max(1, ...periods.map((p) => label(p).length)) * 7 + 12;
  const every = Math.max(1, Math.ceil(widest / slot));
  const classOf = (sr: Series, i: number) => sr.className ?? `series-${i % 8}`;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${bottom + 40}`, class: 'chart' },
    ticks(0, top, 4).map((v) => [
      s('line', { class: 'grid', x1: left, x2: WIDTH - 20, y1: y(v), y2: y(v) }),
      s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'muted' }, options.axisFormat ? options.axisFormat(v, top / 4) : format(v)),
    ]),
    s('line', { class: 'axis', x1: left, x2: WIDTH - 20, y1: bottom, y2: bottom }),
    periods.map((period, i) => {
      let base = 0;
      const cx = left + i * slot;
      return s(
        'g',
        null,
        series.map((sr, k) => {
          const v = sr.values[i] ?? 0;
          if (v <= 0) return null;
          const width = Math.max(1, Math.min(slot * 0.7, 48));
          const rect = s('rect', { class: classOf(sr, k), x: cx + (slot - width) / 2, width, y: y(base + v), height: Math.max(0.5, y(base) - y(base + v)) }, s('title', null, `${period} · ${sr.name}: ${format(v)}`));
          base += v;
          return rect;
        }),
        i % every === 0 ? s('text', { x: cx + slot / 2, y: bottom + 16, 'text-anchor': 'middle', class: 'muted' }, label(period)) : null,
      );
    }),
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    series.map((sr, k) => h('li', null, h('span', { class: `swatch ${classOf(sr, k)}`, 'aria-hidden': 'true' }), sr.name)),
  );
  return figure({
    title: options.title,
    description: options.description,
    svg,
    legend,
    table: { head: ['Period', ...series.map((sr) => sr.name), 'Total'], rows: periods.map((p, i) => [p, ...series.map((sr) => format(sr.values[i] ?? 0)), format(totals[i])]) },
  });
}
