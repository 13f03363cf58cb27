import { MAX_RETENTION_DAYS } from './purpose.js';

/**
 * Time limits, all counted in UTC. Calendar arithmetic follows Regulation (EEC, Euratom)
 * No 1182/71, which fixes how EU-law periods run: a period in months starts the day after the
 * event and ends with the last hour of the same date in the last month, or of that month's
 * last day when the date does not exist in it (received 31 January → due 28 or 29 February).
 */
const DAY_MS = 86_400_000;

/**
 * `date` moved by whole calendar months, time of day kept, the day of month clamped to the
 * target month's last day (31 Jan + 1 month = 28/29 Feb; 29 Feb + 12 months = 28 Feb).
 */
export function addCalendarMonthsUtc(date: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError('Months must be a whole number');
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonthUtc(year, month));
  const moved = new Date(date.getTime());
  moved.setUTCFullYear(year, month, day);
  return moved;
}

export function daysInMonthUtc(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * When a data-subject request received at `receivedAt` must be answered (GDPR Art. 12(3)): the
 * last millisecond (23:59:59.999 UTC) of the same date one calendar month on, or three months
 * on when the controller has used the two-month extension the same article allows. The date of
 * receipt is the UTC date. Weekends and public holidays do not move the deadline, which can only
 * make it earlier than Regulation 1182/71 Art. 3(4) would allow, never later.
 */
export function dsrDeadline(receivedAt: Date, options: { extended?: boolean } = {}): Date {
  const due = addCalendarMonthsUtc(receivedAt, options.extended ? 3 : 1);
  return new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate(), 23, 59, 59, 999));
}

/** A request is overdue once the instant after its deadline has begun. */
export function isDsrOverdue(receivedAt: Date, now: Date, options: { extended?: boolean } = {}): boolean {
  return now.getTime() > dsrDeadline(receivedAt, options).getTime();
}

/**
 * When a payload stored at `storedAt` reaches the end of its purpose's retention: exactly
 * `retentionDays` × 24 hours later. UTC has no daylight-saving days, so every day is 24 hours.
 */
export function retentionEndsAt(storedAt: Date, retentionDays: number): Date {
  assertDays(retentionDays);
  return new Date(storedAt.getTime() + retentionDays * DAY_MS);
}

/**
 * The purge job's cut-off: rows stored at or before it have reached their retention end by
 * `now` (storedAt + days <= now ⟺ storedAt <= now − days), so one indexed range query finds them.
 */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  assertDays(retentionDays);
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export function isRetentionOver(storedAt: Date, retentionDays: number, now: Date): boolean {
  return retentionEndsAt(storedAt, retentionDays).getTime() <= now.getTime();
}

function assertDays(days: number): void {
  if (!Number.isInteger(days) || days < 0 || days > MAX_RETENTION_DAYS) {
    throw new RangeError(`Retention must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}`);
  }
}
