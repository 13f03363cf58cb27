import { decodeCursor, encodeCursor } from './audit.service.js';

describe('event cursors', () => {
  it('reads back the cursors it writes', () => {
    const cursor = { time: '2026-12-06T22:16:08.853Z', chain: 'platform', seq: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each(['2026', '2026-12', '+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '2026-12-06T22:16:08Z'])(
    'refuses a made-up cursor whose time is %s, before it reaches the database',
    (time) => {
      const forged = Buffer.from(JSON.stringify([time, 'platform', 1])).toString('base64url');
      expect(() => decodeCursor(forged)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );
});
