import fc from 'fast-check';
import { compileEncoding, encodeRowsStepByStep, fnv1a32, hashText, hashTextInto } from './encoding.js';
import { validateRows } from './input-validation.js';
import type { EncodingSpec, HashedTextStep, InputSchema } from './model-schema.js';
import { compileRowBatch } from './row-batch.js';

const schema: InputSchema = {
  features: [
    { name: 'income', type: 'numeric', min: 0, max: 1000, integer: true },
    { name: 'ratio', type: 'numeric', min: -1.5, max: 2 },
    { name: 'late', type: 'numeric', min: 0, max: 12, integer: true, optional: true, default: 0 },
    { name: 'region', type: 'categorical', values: ['north', 'south', 'east'] },
    { name: 'housing', type: 'categorical', values: ['own', 'rent'], optional: true, default: 'rent' },
    { name: 'note', type: 'text', maxLength: 12, optional: true, default: '' },
  ],
};

const spec: EncodingSpec = {
  version: 1,
  steps: [
    { kind: 'standardize', feature: 'income', mean: 400.5, std: 123.25, clip: { min: 0, max: 900 } },
    { kind: 'standardize', feature: 'ratio', mean: -0.1, std: 0.7 },
    { kind: 'standardize', feature: 'late', mean: 0.3871, std: 0.6671, clip: { max: 10 } },
    { kind: 'one-hot', feature: 'region', values: ['north', 'south', 'east'] },
    { kind: 'one-hot', feature: 'housing', values: ['own', 'rent'] },
    { kind: 'hashed-text', feature: 'note', buckets: 8, hash: 'fnv1a32', ngrams: 2, normalize: 'l2' },
  ],
};

/** Any UTF-16 text, unpaired surrogates included, with words and separators mixed in. */
const anyText = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0x20, 0x41, 0x61, 0x31, 0xe9, 0x00df, 0x2163, 0xfb01, 0xd83d, 0xde00)), { maxLength: 24 })
  .map((codes) => String.fromCharCode(...codes));

const value = fc.oneof(
  fc.integer({ min: -5, max: 1005 }),
  fc.double(),
  fc.constantFrom(0, -0, 0.5, 12, 13, 1000, NaN, Infinity, -Infinity, null, undefined, true, '12', 'north', 'south', 'west', 'own', 'rent', '', 'hello world'),
  anyText,
);

/** Mostly valid rows, with the odd missing, extra or wrong member. */
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: value, weight: 1 });
const row = fc
  .record(
    {
      income: mostly(fc.integer({ min: 0, max: 1000 })),
      ratio: mostly(fc.double({ min: -1.5, max: 2, noNaN: true })),
      late: mostly(fc.integer({ min: 0, max: 12 })),
      region: mostly(fc.constantFrom('north', 'south', 'east')),
      housing: mostly(fc.constantFrom('own', 'rent', null)),
      note: mostly(fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 14 }))),
      extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: value, weight: 1 }),
    },
    { requiredKeys: ['income', 'ratio', 'region'] },
  )
  .map((r) => {
    const copy: Record<string, unknown> = { ...r };
    if (copy.extra === undefined) delete copy.extra;
    return copy;
  });

const batch = compileRowBatch(schema, spec)!;

describe('compiled row batches', () => {
  it('accept the batches validateRows accepts, with the same rows, and encode them as the format defines', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: row, weight: 30 }, { arbitrary: fc.constantFrom(null, 7, []), weight: 1 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const reference = validateRows(schema, rows);
        if ('rows' in reference) accepted++;
        const checked = batch.accept(rows);
        const out = new Float32Array(rows.length * batch.width);
        const encoded = batch.accept(rows, out);
        if (!('rows' in reference)) {
          expect(checked).toBeNull();
          expect(encoded).toBeNull();
          return;
        }
        // It may leave to validateRows a row with a member set to undefined, which JSON cannot carry.
        const undefinedMember = rows.some((r) => r !== null && typeof r === 'object' && Object.values(r).includes(undefined));
        if (undefinedMember && checked === null) return;
        expect(checked).toEqual(reference.rows);
        expect(encoded).toEqual(reference.rows);
        checked!.forEach((r, i) => expect(r === rows[i]).toBe(reference.rows[i] === rows[i]));
        expect(Array.from(out)).toEqual(Array.from(encodeRowsStepByStep(spec, reference.rows)));
      }),
      { numRuns: 2000 },
    );
    // Both sides of the property were exercised.
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(1800);
  });

  it('leave a valid value the encoding cannot encode to the encoder', () => {
    const narrow: EncodingSpec = { version: 1, steps: [{ kind: 'one-hot', feature: 'region', values: ['north'] }] };
    const regions: InputSchema = { features: [{ name: 'region', type: 'categorical', values: ['north', 'south'] }] };
    const compiled = compileRowBatch(regions, narrow)!;
    expect(compiled.accept([{ region: 'south' }])).toEqual([{ region: 'south' }]);
    expect(compiled.accept([{ region: 'south' }], new Float32Array(1))).toBeNull();
  });

  it('refuse an undeclared category even when the encoding has a column for it', () => {
    const wide: EncodingSpec = { version: 1, steps: [{ kind: 'one-hot', feature: 'region', values: ['north', 'south', 'west'] }] };
    const regions: InputSchema = { features: [{ name: 'region', type: 'categorical', values: ['north', 'south'] }] };
    const compiled = compileRowBatch(regions, wide)!;
    expect(compiled.accept([{ region: 'west' }], new Float32Array(3))).toBeNull();
    const out = new Float32Array(6);
    expect(compiled.accept([{ region: 'south' }, { region: 'north' }], out)).toEqual([{ region: 'south' }, { region: 'north' }]);
    expect(Array.from(out)).toEqual([0, 1, 0, 1, 0, 0]);
  });

  it('are not fused when an encoding step reads a feature the schema does not declare', () => {
    const stray: EncodingSpec = { version: 1, steps: [{ kind: 'standardize', feature: 'other', mean: 0, std: 1 }] };
    expect(compileRowBatch({ features: [{ name: 'x', type: 'numeric' }] }, stray)?.encodes).toBe(false);
  });
});

describe('compiled encoders', () => {
  it('give the floats of the step-by-step definition, and its errors', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), (rows) => {
        const typed = rows as never[];
        let expected: Float32Array | Error;
        try {
          expected = encodeRowsStepByStep(spec, typed);
        } catch (error) {
          expected = error as Error;
        }
        const out = new Float32Array(rows.length * compileEncoding(spec).width);
        if (expected instanceof Error) {
          expect(() => compileEncoding(spec).encode(typed, out)).toThrow(expected.message);
        } else {
          compileEncoding(spec).encode(typed, out);
          expect(Array.from(out)).toEqual(Array.from(expected));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('read constants back exactly, negative zero included', () => {
    const odd: EncodingSpec = { version: 1, steps: [{ kind: 'standardize', feature: 'x', mean: -0, std: 0.1 + 0.2, clip: { min: -1e-300, max: 1.7976931348623157e308 } }] };
    const rows = [{ x: -0 }, { x: 0.3 }, { x: -1 }, { x: 5e-324 }];
    expect(Array.from(encodeRowsStepByStep(odd, rows)).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(
      (() => {
        const out = new Float32Array(rows.length);
        compileEncoding(odd).encode(rows, out);
        return Array.from(out).map((v) => (Object.is(v, -0) ? '-0' : v));
      })(),
    );
  });
});

describe('hashTextInto', () => {
  const steps: HashedTextStep[] = [
    { kind: 'hashed-text', feature: 't', buckets: 16, hash: 'fnv1a32', ngrams: 1, normalize: 'l2' },
    { kind: 'hashed-text', feature: 't', buckets: 7, hash: 'fnv1a32', ngrams: 2, normalize: 'l2' },
    { kind: 'hashed-text', feature: 't', buckets: 1024, hash: 'fnv1a32', ngrams: 2, normalize: 'log1p' },
  ];

  it('adds exactly what hashText gives, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), fc.constantFrom(...steps), (text, step) => {
        const out = new Float32Array(step.buckets + 3);
        hashTextInto(step, text, out, 2);
        expect(Array.from(out)).toEqual([0, 0, ...Array.from(Float32Array.from(hashText(step, text))), 0]);
      }),
      { numRuns: 3000 },
    );
  });

  it('hashes the UTF-8 bytes TextEncoder writes, unpaired surrogates as U+FFFD', () => {
    const utf8 = new TextEncoder();
    const reference = (text: string) => {
      let h = 0x811c9dc5;
      for (const byte of utf8.encode(text)) h = Math.imul(h ^ byte, 0x01000193);
      return h >>> 0;
    };
    fc.assert(fc.property(fc.oneof(anyText, fc.string({ unit: 'binary' })), (text) => expect(fnv1a32(text)).toBe(reference(text))), { numRuns: 3000 });
  });
});
