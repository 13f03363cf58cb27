import { isIsoTime } from './iso-time.js';

describe('isIsoTime', () => {
  it.each(['2026-11-01', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00.123Z', '2026-11-01T01:00:00+01:00', '2024-02-29', '9999-12-31T23:59:59.999Z', '1000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '0004-02-29', '0099-12-31'])('takes %s', (value) => {
    expect(isIsoTime(value)).toBe(true);
    expect(Number.isFinite(Date.parse(value))).toBe(true);
  });

  it.each(['20270101T000000Z', '2027-W01-1T00:00:00Z', '2027-001T00:00:00Z', '2026-02-30', '2025-02-29', '2026-11-01T24:00:01Z', '9999-12-31T23:59:59-01:00', '0000-06-01T00:00:00Z', '0001-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-12-04T23:30:00', '2026-12-04T23:30', 'tomorrow', '', 20261101, null])('refuses %p', (value) => {
    expect(isIsoTime(value)).toBe(false);
  });
});

describe('isIsoTime for an instant', () => {
  it('takes a date-time with its offset and refuses a bare date, which names no one instant of a day', () => {
    expect(isIsoTime('2026-12-04T23:30:00+01:00', { instant: true })).toBe(true);
    expect(isIsoTime('2026-12-04T22:30:00Z', { instant: true })).toBe(true);
    expect(isIsoTime('2026-12-04', { instant: true })).toBe(false);
    expect(isIsoTime('2026-12-04T23:30:00', { instant: true })).toBe(false);
  });
});
