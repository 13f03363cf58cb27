/**
 * Reporting deadlines for serious incidents (EU AI Act Art. 73), counted in whole calendar days of
 * a named IANA time zone.
 *
 * The rule, following Regulation 1182/71 on periods, dates and time limits (Art. 3(1) and 3(2)(b)):
 * the day on which the provider became aware does not count; the period ends with the last instant
 * of the N-th calendar day after it, as that day runs in the given time zone. A report is on time
 * when it is made at or before that instant. Warden does not move a deadline that falls on a
 * weekend or public holiday (Art. 3(4) of that regulation would): it cannot know every calendar,
 * and an earlier deadline is the safe side.
 *
 * Days are civil days of the zone, so a day may have 23 or 25 hours (daylight saving time), or
 * start at 01:00 where the clocks skip midnight; the deadline is always the last millisecond whose
 * local date is the deadline date.
 */

export const INCIDENT_CLASSES = {
  'widespread-infringement': {
    days: 2,
    article: 'EU AI Act Art. 73(3)',
    description: 'Widespread infringement (Art. 3(61))',
  },
  'critical-infrastructure': {
    days: 2,
    article: 'EU AI Act Art. 73(3)',
    description: 'Serious and irreversible disruption of the management or operation of critical infrastructure (Art. 3(49)(b))',
  },
  death: {
    days: 10,
    article: 'EU AI Act Art. 73(4)',
    description: 'Death of a person (Art. 3(49)(a))',
  },
  'health-harm': {
    days: 15,
    article: 'EU AI Act Art. 73(2)',
    description: 'Serious harm to the health of a person (Art. 3(49)(a))',
  },
  'fundamental-rights': {
    days: 15,
    article: 'EU AI Act Art. 73(2)',
    description: 'Infringement of obligations under Union law intended to protect fundamental rights (Art. 3(49)(c))',
  },
  'property-or-environment': {
    days: 15,
    article: 'EU AI Act Art. 73(2)',
    description: 'Serious harm to property or the environment (Art. 3(49)(d))',
  },
} as const;

export type IncidentClass = keyof typeof INCIDENT_CLASSES;
export const INCIDENT_CLASS_NAMES = Object.keys(INCIDENT_CLASSES) as IncidentClass[];

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical IANA name of `name` (`US/Eastern` → `America/New_York`), or null when it is not a zone name. */
export function canonicalTimeZone(name: string): string | null {
  // Offsets (`+01:00`) are not zones: they know nothing of daylight saving time.
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

interface LocalParts extends CivilDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function localParts(instant: number, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: Number(parts.fractionalSecond),
  };
}

/** The calendar date an instant falls on in a zone. */
export function localDate(instant: Date, timeZone: string): CivilDate {
  const { year, month, day } = localParts(instant.getTime(), timeZone);
  return { year, month, day };
}

/**
 * Milliseconds since the epoch of a UTC wall-clock time. Date.UTC reads years 0–99 as 1900–1999;
 * setUTCFullYear takes the year as given.
 */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millisecond);
  return d.getTime();
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant.getTime(), timeZone);
  const wall = utc(p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond);
  return Math.round((wall - instant.getTime()) / 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

export const formatCivilDate = (d: CivilDate): string => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** ISO 8601 local time with the zone's offset at that instant, e.g. `2026-03-29T23:59:59.999+02:00`. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = localParts(instant.getTime(), timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${formatCivilDate(p)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.millisecond, 3)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(utc(date.year, date.month, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const ordinal = (d: CivilDate): number => d.year * 10_000 + d.month * 100 + d.day;
const HOUR = 3_600_000;
const STEP = 15 * 60_000;

/**
 * The last millisecond whose local date in `timeZone` is `date` or earlier. Local midnight of the
 * next day lies within 16 hours of that day's UTC midnight for every zone (offsets run from −12 to
 * +14 hours), so the search scans that window in quarter hours (no zone changes its offset twice
 * within one) and then bisects the quarter hour in which the date passes `date` for the last time.
 */
export function endOfLocalDay(date: CivilDate, timeZone: string): Date {
  const target = ordinal(date);
  const next = addDays(date, 1);
  const base = utc(next.year, next.month, next.day);
  const notAfter = (t: number) => ordinal(localParts(t, timeZone)) <= target;
  let last = base - 16 * HOUR;
  if (!notAfter(last)) throw new Error(`Cannot place the end of ${formatCivilDate(date)} in ${timeZone}`);
  for (let t = last + STEP; t <= base + 16 * HOUR; t += STEP) if (notAfter(t)) last = t;
  let lo = last;
  let hi = last + STEP;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (notAfter(mid)) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}

export interface Deadline {
  /** The last instant a report is on time. */
  deadline: Date;
  days: number;
  /** The calendar date of awareness and of the deadline, in the zone. */
  awareDate: string;
  deadlineDate: string;
  /** The deadline as local time with its offset. */
  deadlineLocal: string;
}

/** When an incident of `incidentClass` must be reported, the provider having become aware at `awareAt`. */
export function incidentDeadline(incidentClass: IncidentClass, awareAt: Date, timeZone: string): Deadline {
  const zone = canonicalTimeZone(timeZone);
  if (!zone) throw new RangeError(`${timeZone} is not an IANA time zone`);
  const days = INCIDENT_CLASSES[incidentClass].days;
  const aware = localDate(awareAt, zone);
  const due = addDays(aware, days);
  const deadline = endOfLocalDay(due, zone);
  return { deadline, days, awareDate: formatCivilDate(aware), deadlineDate: formatCivilDate(due), deadlineLocal: formatLocal(deadline, zone) };
}

/** Whether a report made at `reportedAt` met the deadline. */
export const onTime = (reportedAt: Date, deadline: Date): boolean => reportedAt.getTime() <= deadline.getTime();
