/** Scales and axis ticks for the hand-drawn SVG charts. Pure functions, tested without a browser. */

export type Scale = (value: number) => number;

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linear([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** A step of 1, 2 or 5 times a power of ten giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** Ticks covering [min, max] at a nice step, starting at or below min and ending at or above max. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (max < min) [min, max] = [max, min];
  // A range too narrow to divide into steps that doubles at this magnitude can tell apart is drawn
  // like a single value.
  if (max - min < 1e-9 * Math.max(1, Math.abs(min), Math.abs(max))) max = min + Math.max(1, Math.abs(min) * 1e-6);
  const step = niceStep(max - min, count);
  // Written to the step's own decimals, so that 0.1 + 0.2 shows as 0.3.
  const decimals = Math.min(20, Math.max(0, -Math.floor(Math.log10(step))));
  const at = (k: number) => Number((k * step).toFixed(decimals));
  let k = Math.floor(min / step);
  while (at(k) > min) k--;
  const out: number[] = [];
  do {
    out.push(at(k++));
  } while ((out[out.length - 1] < max || out.length < 2) && out.length <= 50);
  return out;
}

/** The upper end of a 0-based axis that shows `max` and a reference line at `threshold`, with a little headroom. */
export function upperBound(max: number, threshold = 0): number {
  const top = Math.max(max, threshold, 0);
  if (top === 0) return 1;
  const step = niceStep(top, 5);
  return Math.ceil((top * 1.05) / step) * step;
}
