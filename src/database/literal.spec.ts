import fc from 'fast-check';
import pg from 'pg';
import { literal } from './db.js';

describe('literal', () => {
  it('quotes any text as node-postgres does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', "'", '\\', 'x', '✓', '𝄞', ' ', 'E') }), (text) => literal(text) === pg.escapeLiteral(text)),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')), (text) => literal(text) === pg.escapeLiteral(text)));
  });

  it('writes values in the text form they are bound in', () => {
    expect(literal(null)).toBe('NULL');
    expect(literal(undefined)).toBe('NULL');
    expect(literal(42)).toBe("'42'");
    expect(literal(true)).toBe("'true'");
    expect(literal(new Date('2026-01-02T03:04:05.678Z'))).toMatch(/^'2026-01-0\d.*'$/);
    expect(literal(Buffer.from([1, 255]))).toBe(" E'\\\\x01ff'");
    expect(literal(['a"b', null])).toBe(` E'{"a\\\\"b",NULL}'`);
    expect(() => literal('a\u0000b')).toThrow(/NUL/);
  });
});
