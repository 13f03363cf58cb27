import { buildMessage, isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants ISO 8601 writes with four-digit years (and Postgres stores). */
const FIRST_INSTANT = -62_135_596_800_000;
const LAST_INSTANT = 253_402_300_799_999;
const OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * An ISO 8601 date or date-time that names one instant: strict ISO 8601 (no 2026-02-30) in the
 * extended form that `Date` reads (2026-11-01, 2026-11-01T00:00:00Z, …+01:00), a date-time with
 * its UTC offset (without one, `Date` would read it in whatever zone the server runs in), within
 * years 1–9999 (9999-12-31T23:59:59-01:00 is in year 10000). The basic, week and ordinal forms
 * (20261101T000000Z, 2026-W44-7, 2026-305) are ISO 8601 too, but nothing here reads them, so they
 * are refused rather than turned into an invalid date. A bare date is midnight UTC; with `instant`,
 * only a date-time is taken.
 */
export function isIsoTime(value: unknown, options: { instant?: boolean } = {}): value is string {
  if (typeof value !== 'string' || !isISO8601(value) || !isCalendarDay(value)) return false;
  const dateOnly = value.length === 10;
  if (dateOnly ? options.instant : !OFFSET.test(value)) return false;
  const at = Date.parse(value);
  return at >= FIRST_INSTANT && at <= LAST_INSTANT;
}

const YEAR_MONTH_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * Whether the value's date is a day of the calendar (no 2026-02-30). isISO8601's own strict check
 * builds a `Date` from the year, which reads years 0–99 as 1900–1999, and so refuses 0001-01-01.
 */
function isCalendarDay(value: string): boolean {
  const parts = YEAR_MONTH_DAY.exec(value);
  if (!parts) return false;
  const [year, month, day] = parts.slice(1).map(Number);
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay.getUTCDate();
}

/** class-validator's IsISO8601 (strict), narrowed to the forms `isIsoTime` accepts; the rule keeps its name. */
export function IsIsoTime(validationOptions?: ValidationOptions & { instant?: boolean }): PropertyDecorator {
  const { instant, ...options } = validationOptions ?? {};
  const wanted = instant ? 'a date-time with its UTC offset, such as 2026-11-01T10:00:00+01:00' : 'an ISO 8601 date or a date-time with its UTC offset, such as 2026-11-01T00:00:00Z';
  return ValidateBy(
    {
      name: 'isIso8601',
      validator: {
        validate: (value: unknown) => isIsoTime(value, { instant }),
        defaultMessage: buildMessage((each) => `${each}$property must be ${wanted}`, options),
      },
    },
    options,
  );
}
