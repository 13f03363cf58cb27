import fc from 'fast-check';
import { samplePii } from '../../bench/pii-corpus.js';
import { ENTITY_TYPES, type Finding, firstNumberStart, textStats } from './entities.js';
import { DEFAULT_RECOGNIZERS } from './recognizers/index.js';

describe('textStats', () => {
  it.each([
    ['', { digits: 0, longestNumber: 0, longestDigits: 0, numbers: [], lettersThenDigits: -1 }],
    ['call +44 (0)20 7946 0958', { digits: 13, longestNumber: 13, longestDigits: 4, numbers: [6, 13], lettersThenDigits: -1 }],
    ['card 4111-1111-1111-1111.', { longestNumber: 16, longestDigits: 4, numbers: [5, 16] }],
    ['IBAN DE89 3704 0044', { longestNumber: 10, lettersThenDigits: 5 }],
    ['at 10:30, order 123456 and 1234567', { longestNumber: 7, longestDigits: 7, numbers: [16, 6, 27, 7] }],
    ['1.2.3 1   2', { longestNumber: 5 }], // three joiners in a row join
    ['1.2.3 1    2', { longestNumber: 4 }], // four do not
  ])('%p', (text, expected) => {
    expect(textStats(text)).toMatchObject(expected);
  });

  it('counts upper-case letters of any script', () => {
    expect(textStats('Ärger in Łódź, ΑΒΓ').uppers).toBe(5);
  });

  it('finds the first number of a given size, with room for a sign before it', () => {
    const stats = textStats('ref 12345 then +44 20 7946 0958');
    expect(firstNumberStart(stats, 6)).toBe(16);
    expect(firstNumberStart(stats, 6, 4)).toBe(12);
    expect(firstNumberStart(stats, 13)).toBe(-1);
    expect(firstNumberStart(undefined, 13)).toBe(0);
  });
});

// Pieces that look like the values the recognizers look for, and the noise around them.
const TRICKY = [
  'DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', '+44 (0)20 7946 0958', '(212) 555-0187', '0151 23456789',
  '4111-1111-1111-1111', '3782 822463 10005', 'AB 12 34 56 C', 'QQ123456C', '536-22-1234', '536 22 1234', 'X1234567L',
  '12345678Z', '12 345 678 901', '65929970489', '192.168.1.1', '2001:db8::1', 'fe80::1%eth0', 'jana@example.com',
  'https://x.example/a', 'www.example.com', 'Calle Mayor 5', '12 rue de la Paix', 'Lindenstraße 12, 10115 Berlin',
  '221B Baker Street', 'born 12.03.1985', 'DOB: 1985-03-12', 'Mr. Brown', 'v10.0.19041', '€1,234.56', '10:30',
];
const noise = fc.string({ unit: fc.constantFrom(...'0123456789 -./()+:@#,;AaBbXxZz€éÄß\n'), maxLength: 24 });
const piece = fc.oneof(
  fc.constantFrom(...TRICKY),
  noise,
  fc.tuple(fc.constantFrom(...ENTITY_TYPES), fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('en', 'en_GB', 'de', 'fr', 'es')).map(
    ([type, seed, locale]) => samplePii(type, seed, locale),
  ),
);
const text = fc.array(piece, { maxLength: 6 }).chain((pieces) =>
  fc.array(fc.constantFrom(' ', '', ', ', '\n', '-', '.', ': ', '('), { minLength: pieces.length, maxLength: pieces.length }).map((gaps) =>
    pieces.map((p, i) => gaps[i] + p).join(''),
  ),
);

describe('recognizer gates', () => {
  // A gate only ever skips work: the facts a recognizer is gated on hold for every text it could find something in.
  it('never skip a text a recognizer would find something in, nor change what it finds', () => {
    fc.assert(
      fc.property(text, (t) => {
        const stats = textStats(t);
        for (const recognizer of DEFAULT_RECOGNIZERS) {
          const full: Finding[] = [];
          recognizer.scan(t, full);
          const gated: Finding[] = [];
          if (recognizer.applies(stats)) recognizer.scan(t, gated, stats);
          expect({ recognizer: recognizer.name, findings: gated }).toEqual({ recognizer: recognizer.name, findings: full });
        }
      }),
      { numRuns: 1500, seed: Number(process.env.FC_SEED ?? 20251122) },
    );
  });
});
