import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import type { AuditReport } from './audit-report.js';
import { canonicalCells, type Cell } from './metrics/cells.js';

/**
 * An audit is stored with the cells it was computed from, so that anyone can run `runAudit(cells,
 * config)` again and get the same report; the data hash names those cells independently of the
 * order a query returned them in.
 */
export { canonicalCells };

/** sha256 of the canonical JSON of the cells in canonical order. */
export const dataHash = (cells: readonly Cell[]): string => createHash('sha256').update(canonicalJson(canonicalCells(cells))).digest('hex');

export type AuditStatus = 'pass' | 'breach' | 'inconclusive';

/** A breach when any verdict failed; a pass when some verdict was reached and none failed; otherwise nothing could be judged. */
export function auditStatus(report: Pick<AuditReport, 'verdicts'>): AuditStatus {
  if (report.verdicts.some((v) => v.pass === false)) return 'breach';
  if (report.verdicts.some((v) => v.pass === true)) return 'pass';
  return 'inconclusive';
}

/** ISO 8601 durations in days, hours, minutes and seconds (`P30D`, `PT6H`, `P1DT12H`, `PT90S`), in milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  const ms = (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
  return ms > 0 && Number.isSafeInteger(ms) ? ms : null;
}

/**
 * The reverse of parseDuration, in the largest whole units. Milliseconds that make no whole second
 * (a schedule's period may have them) are kept as a decimal fraction of the seconds: `PT1.5S`.
 */
export function formatDuration(ms: number): string {
  const fraction = ms % 1000 ? `.${String(ms % 1000).padStart(3, '0').replace(/0+$/, '')}` : '';
  let s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || fraction ? `${s}${fraction}S` : ''}`;
  const text = `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}
