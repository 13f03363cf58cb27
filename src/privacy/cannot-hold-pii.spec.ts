import fc from 'fast-check';
import { defaultAnalyzer } from './analyzer.js';
import { cannotHoldPii, scrub } from './redactor.js';

describe('cannotHoldPii', () => {
  it.each([
    ['', true],
    ['created_at', true],
    ['job finished, 3 retries left', false], // a digit: the analyzer decides
    ['request completed in time; see the audit chain', true],
    ['userId', false], // a capital letter
    ['jana@example.com', false],
    ['see www.example.com', false],
    ['ftp://files', false],
    ['dead::beef', false], // an IPv6 address without a digit
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', true],
    ['F47AC10B-58CC-4372-A567-0E02B2C3D479', true],
    ['f47ac10b-58CC-4372-a567-0e02b2c3d479', false], // mixed case
    ['sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', true],
    ['9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08', true],
    ['de89370400440532013000', false], // an IBAN in lower case is hex too, and short enough to be one
    ['41111111111111111111111111111111111111ab', false], // seven digits in a row
    ['12345678-1234-1234-1234-123456789012', false],
    ['Grüße', false], // not ASCII: the analyzer decides
  ])('%p → %p', (s, expected) => {
    expect(cannotHoldPii(s)).toBe(expected);
  });

  const lowerAscii = fc.string({ unit: fc.constantFrom(...'abcdefwxyz .,;:-_/()[]{}"\'!?#%&*+=<>|~\n\t'), maxLength: 60 });
  const hex = (letters: string) => fc.string({ unit: fc.constantFrom(...`0123456789${letters}`), minLength: 30, maxLength: 70 });
  const uuid = fc.uuid().chain((u) => fc.constantFrom(u, u.toUpperCase(), u.replace(/[a-f]/g, '1')));
  const candidate = fc.oneof(
    lowerAscii,
    hex('abcdef'),
    hex('ABCDEF'),
    hex('abcdef').map((h) => `sha256:${h}`),
    uuid,
    fc.tuple(lowerAscii, fc.constantFrom('@', '1', 'A', '::', 'www.', '://', 'é', 'dead::beef'), lowerAscii).map(([a, x, b]) => a + x + b),
  );

  it('only ever passes over strings in which the analyzer finds nothing at all', () => {
    fc.assert(
      fc.property(candidate, (s) => {
        if (cannotHoldPii(s)) expect(defaultAnalyzer.analyze(s, { minScore: 0, timeBudgetMs: 60_000 })).toEqual([]);
      }),
      { numRuns: 5000, seed: Number(process.env.FC_SEED ?? 20251122) },
    );
  });

  it('lets scrub pass such strings through untouched and redact the rest', () => {
    const record = { id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', status: 'done', note: 'call jana@example.com' };
    expect(scrub(record)).toEqual({ ...record, note: 'call <EMAIL>' });
  });

  it('does not spare them a budget that can never be met', () => {
    expect(() => scrub({ status: 'done' }, { timeBudgetMs: 0 })).toThrow(expect.objectContaining({ reason: 'TIME_BUDGET_EXCEEDED' }));
  });
});
