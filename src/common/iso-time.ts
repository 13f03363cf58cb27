import { buildMessage, isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * An ISO 8601 date or date-time that names one instant: strict ISO 8601 (no 2026-02-30) in the
 * extended form that `Date` reads (2026-11-01, 2026-11-01T00:00:00Z, …+01:00). The basic, week and
 * ordinal forms (20261101T000000Z, 2026-W44-7, 2026-305) are ISO 8601 too, but nothing here reads
 * them, so they are refused rather than turned into an invalid date.
 */
export function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && isISO8601(value, { strict: true }) && Number.isFinite(Date.parse(value));
}

/** class-validator's IsISO8601 (strict), narrowed to the forms `isIsoTime` accepts; the rule keeps its name. */
export function IsIsoTime(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIso8601',
      validator: {
        validate: (value: unknown) => isIsoTime(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO 8601 date or date-time in extended form, such as 2026-11-01T00:00:00Z`, validationOptions),
      },
    },
    validationOptions,
  );
}
