import { canonicalTimeZone, endOfLocalDay, formatLocal, incidentDeadline, INCIDENT_CLASSES, localDate, offsetMinutes, onTime, type IncidentClass } from './incident-deadlines.js';

describe('Art. 73 reporting deadlines', () => {
  it('maps each class to 2, 10 or 15 days', () => {
    const days = Object.fromEntries(Object.entries(INCIDENT_CLASSES).map(([name, c]) => [name, c.days]));
    expect(days).toEqual({
      'widespread-infringement': 2,
      'critical-infrastructure': 2,
      death: 10,
      'health-harm': 15,
      'fundamental-rights': 15,
      'property-or-environment': 15,
    });
  });

  it.each<[string, IncidentClass, string, string, string, string]>([
    // class, aware at (UTC), zone → deadline (UTC), deadline (local)
    ['a plain UTC day count', 'health-harm', '2026-05-01T00:00:00.000Z', 'UTC', '2026-05-16T23:59:59.999Z', '2026-05-16T23:59:59.999+00:00'],
    ['awareness at the last millisecond of a day', 'widespread-infringement', '2026-05-01T23:59:59.999Z', 'UTC', '2026-05-03T23:59:59.999Z', '2026-05-03T23:59:59.999+00:00'],
    // Berlin springs forward on 29 March 2026: the deadline day ends at +02:00, not at the +01:00 of awareness.
    ['a deadline on the day clocks go forward', 'widespread-infringement', '2026-03-27T09:00:00.000Z', 'Europe/Berlin', '2026-03-29T21:59:59.999Z', '2026-03-29T23:59:59.999+02:00'],
    // Berlin falls back on 25 October 2026: a 25-hour day that ends at +01:00.
    ['a deadline on the day clocks go back', 'critical-infrastructure', '2026-10-23T08:00:00.000Z', 'Europe/Berlin', '2026-10-25T22:59:59.999Z', '2026-10-25T23:59:59.999+01:00'],
    // 03:30 UTC on 8 March is still 7 March in New York; the deadline day is after the change to EDT.
    ['awareness on the previous local date, across a DST change', 'death', '2026-03-08T03:30:00.000Z', 'America/New_York', '2026-03-18T03:59:59.999Z', '2026-03-17T23:59:59.999-04:00'],
    ['a zone at UTC+14', 'fundamental-rights', '2026-01-01T10:00:00.000Z', 'Pacific/Kiritimati', '2026-01-17T09:59:59.999Z', '2026-01-17T23:59:59.999+14:00'],
    ['a zone at UTC−11, where the local date is a year earlier', 'widespread-infringement', '2026-01-01T10:00:00.000Z', 'Pacific/Pago_Pago', '2026-01-03T10:59:59.999Z', '2026-01-02T23:59:59.999-11:00'],
    // Chile skips from 00:00 to 01:00 on 6 September 2026: 5 September ends at 04:00 UTC.
    ['the day before a day that starts at 01:00', 'widespread-infringement', '2026-09-03T15:00:00.000Z', 'America/Santiago', '2026-09-06T03:59:59.999Z', '2026-09-05T23:59:59.999-04:00'],
    ['a 23-hour day that starts at 01:00', 'death', '2026-08-27T15:00:00.000Z', 'America/Santiago', '2026-09-07T02:59:59.999Z', '2026-09-06T23:59:59.999-03:00'],
    // Paraguay went back from 00:00 to 23:00 of the day before on 26 March 2023: 25 March had 25 hours.
    ['a day whose last hour is repeated after midnight', 'critical-infrastructure', '2023-03-23T12:00:00.000Z', 'America/Asuncion', '2023-03-26T03:59:59.999Z', '2023-03-25T23:59:59.999-04:00'],
    ['a zone alias', 'health-harm', '2026-11-01T12:00:00.000Z', 'US/Eastern', '2026-11-17T04:59:59.999Z', '2026-11-16T23:59:59.999-05:00'],
    // Date.UTC would put these in 1950 and 1999: the years are as written.
    ['awareness in the year 50', 'widespread-infringement', '0050-06-01T12:00:00.000Z', 'UTC', '0050-06-03T23:59:59.999Z', '0050-06-03T23:59:59.999+00:00'],
    ['a period that crosses into the year 100', 'health-harm', '0099-12-25T12:00:00.000Z', 'UTC', '0100-01-09T23:59:59.999Z', '0100-01-09T23:59:59.999+00:00'],
  ])('%s', (_, incidentClass, aware, zone, deadline, local) => {
    const due = incidentDeadline(incidentClass, new Date(aware), zone);
    expect(due.deadline.toISOString()).toBe(deadline);
    expect(due.deadlineLocal).toBe(local);
    expect(due.days).toBe(INCIDENT_CLASSES[incidentClass].days);
  });

  it('names the dates it counted from and to', () => {
    const due = incidentDeadline('widespread-infringement', new Date('2026-03-08T03:30:00.000Z'), 'America/New_York');
    expect(due).toEqual(expect.objectContaining({ awareDate: '2026-03-07', deadlineDate: '2026-03-09' }));
  });

  it('ends each day at the last millisecond of that local date', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago']) {
      for (const date of [{ year: 2026, month: 3, day: 29 }, { year: 2026, month: 4, day: 5 }, { year: 2026, month: 9, day: 5 }, { year: 2026, month: 10, day: 25 }, { year: 1, month: 6, day: 15 }, { year: 99, month: 6, day: 15 }]) {
        const end = endOfLocalDay(date, zone);
        expect(end.getUTCFullYear()).toBe(date.year);
        expect(localDate(end, zone)).toEqual(date);
        expect(localDate(new Date(end.getTime() + 1), zone)).not.toEqual(date);
      }
    }
  });

  it('reads offsets, including half hours and quarter hours', () => {
    expect(offsetMinutes(new Date('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(offsetMinutes(new Date('2026-06-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
    expect(formatLocal(new Date('2026-06-01T00:00:00Z'), 'Pacific/Marquesas')).toBe('2026-05-31T14:30:00.000-09:30');
    // Before standard time, Berlin kept its local mean time, 53 minutes 28 seconds ahead of UTC.
    expect(offsetMinutes(new Date('0050-06-01T12:00:00Z'), 'Europe/Berlin')).toBe(53);
  });

  it('accepts IANA names only', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Etc/GMT+5')).toBe('Etc/GMT+5');
    for (const bad of ['+01:00', 'CEST+1', 'Mars/Olympus_Mons', '', 'Europe/Berlin; DROP']) expect(canonicalTimeZone(bad)).toBeNull();
    expect(() => incidentDeadline('death', new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('counts a report at the deadline as on time and one a millisecond later as late', () => {
    const { deadline } = incidentDeadline('death', new Date('2026-03-08T03:30:00.000Z'), 'America/New_York');
    expect(onTime(deadline, deadline)).toBe(true);
    expect(onTime(new Date(deadline.getTime() + 1), deadline)).toBe(false);
  });
});
