import {
  addCalendarMonthsUtc, daysInMonthUtc, dsrDeadline, isDsrOverdue, isRetentionOver, retentionCutoff, retentionEndsAt,
} from './deadlines.js';

describe('addCalendarMonthsUtc', () => {
  it.each([
    ['2026-03-05T10:15:00.000Z', 1, '2026-04-05T10:15:00.000Z'],
    ['2026-01-31T08:00:00.000Z', 1, '2026-02-28T08:00:00.000Z'],
    ['2028-01-31T08:00:00.000Z', 1, '2028-02-29T08:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', 1, '2026-04-30T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', 1, '2027-01-31T23:59:59.999Z'],
    ['2028-02-29T12:00:00.000Z', 12, '2029-02-28T12:00:00.000Z'],
    ['2026-11-30T00:00:00.000Z', 3, '2027-02-28T00:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', -1, '2026-02-28T00:00:00.000Z'],
    ['2026-01-15T00:00:00.000Z', -13, '2024-12-15T00:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addCalendarMonthsUtc(new Date(from), months).toISOString()).toBe(expected);
  });

  it('refuses fractional months', () => {
    expect(() => addCalendarMonthsUtc(new Date(0), 0.5)).toThrow(RangeError);
  });

  it.each([
    [2026, 1, 28], [2028, 1, 29], [2100, 1, 28], [2000, 1, 29], [2026, 3, 30], [2026, 11, 31],
  ])('%i-%i (0-based month) has %i days', (year, month, days) => {
    expect(daysInMonthUtc(year, month)).toBe(days);
  });
});

describe('dsrDeadline (GDPR Art. 12(3))', () => {
  it.each([
    ['same date next month', '2026-03-05T10:15:00Z', '2026-04-05T23:59:59.999Z'],
    ['31 Jan in a common year', '2026-01-31T09:00:00Z', '2026-02-28T23:59:59.999Z'],
    ['31 Jan in a leap year', '2028-01-31T09:00:00Z', '2028-02-29T23:59:59.999Z'],
    ['30 Jan in a leap year', '2028-01-30T09:00:00Z', '2028-02-29T23:59:59.999Z'],
    ['29 Jan in a leap year', '2028-01-29T09:00:00Z', '2028-02-29T23:59:59.999Z'],
    ['29 Jan in a common year', '2026-01-29T09:00:00Z', '2026-02-28T23:59:59.999Z'],
    ['1900 is not a leap year', '1900-01-31T09:00:00Z', '1900-02-28T23:59:59.999Z'],
    ['2000 is a leap year', '2000-01-31T09:00:00Z', '2000-02-29T23:59:59.999Z'],
    ['31 Mar to a 30-day month', '2026-03-31T00:00:00Z', '2026-04-30T23:59:59.999Z'],
    ['across the year end', '2026-12-31T23:59:59.999Z', '2027-01-31T23:59:59.999Z'],
    ['29 Feb', '2028-02-29T12:00:00Z', '2028-03-29T23:59:59.999Z'],
    ['first instant of a day', '2026-06-01T00:00:00.000Z', '2026-07-01T23:59:59.999Z'],
    // 23:30 on 31 Jan in New York is 04:30 on 1 Feb in UTC: the UTC date counts.
    ['an evening in New York', '2026-01-31T23:30:00-05:00', '2026-03-01T23:59:59.999Z'],
    // 00:30 on 1 Mar in Berlin is still 28 Feb in UTC.
    ['just after midnight in Berlin', '2026-03-01T00:30:00+01:00', '2026-03-28T23:59:59.999Z'],
  ])('%s: received %s, due %s', (_case, received, due) => {
    expect(dsrDeadline(new Date(received)).toISOString()).toBe(due);
  });

  it.each([
    ['2026-01-31T09:00:00Z', '2026-04-30T23:59:59.999Z'],
    ['2026-11-30T09:00:00Z', '2027-02-28T23:59:59.999Z'],
    ['2027-11-30T09:00:00Z', '2028-02-29T23:59:59.999Z'],
  ])('extended by two further months: received %s, due %s', (received, due) => {
    expect(dsrDeadline(new Date(received), { extended: true }).toISOString()).toBe(due);
  });

  it.each([
    ['2026-02-28T23:59:59.999Z', false],
    ['2026-03-01T00:00:00.000Z', true],
  ])('a request of 31 Jan 2026 is overdue at %s: %p', (now, overdue) => {
    expect(isDsrOverdue(new Date('2026-01-31T09:00:00Z'), new Date(now))).toBe(overdue);
  });
});

describe('retention', () => {
  it.each([
    ['2026-03-01T10:00:00.000Z', 30, '2026-03-31T10:00:00.000Z'],
    // 29 Mar 2026 is a daylight-saving change in Europe; in UTC every day is 24 hours.
    ['2026-03-28T10:00:00.000Z', 1, '2026-03-29T10:00:00.000Z'],
    ['2028-02-28T00:00:00.000Z', 2, '2028-03-01T00:00:00.000Z'],
    ['2026-02-28T00:00:00.000Z', 2, '2026-03-02T00:00:00.000Z'],
    ['2026-03-01T10:00:00.000Z', 0, '2026-03-01T10:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 365, '2027-01-01T00:00:00.000Z'],
  ])('stored %s, kept %i days, ends %s', (stored, days, ends) => {
    expect(retentionEndsAt(new Date(stored), days).toISOString()).toBe(ends);
  });

  it.each([
    ['2026-03-31T09:59:59.999Z', false],
    ['2026-03-31T10:00:00.000Z', true],
  ])('a payload stored 1 Mar 10:00 for 30 days is over at %s: %p', (now, over) => {
    const stored = new Date('2026-03-01T10:00:00.000Z');
    expect(isRetentionOver(stored, 30, new Date(now))).toBe(over);
    // The purge query's cut-off agrees with the per-row rule.
    expect(stored.getTime() <= retentionCutoff(new Date(now), 30).getTime()).toBe(over);
  });

  it.each([-1, 1.5, 3661, NaN])('refuses a retention of %p days', (days) => {
    expect(() => retentionEndsAt(new Date(0), days)).toThrow(RangeError);
    expect(() => retentionCutoff(new Date(0), days)).toThrow(RangeError);
  });
});
