import { columnNames, EncodingError, encodeRows, encodingWidth, featureSlices, fnv1a32, hashText, tokenize } from './encoding.js';
import type { EncodingSpec, HashedTextStep } from './model-schema.js';

const text = (over: Partial<HashedTextStep> = {}): HashedTextStep => ({ kind: 'hashed-text', feature: 'note', buckets: 16, hash: 'fnv1a32', ngrams: 1, normalize: 'l2', ...over });

const spec: EncodingSpec = {
  version: 1,
  steps: [
    { kind: 'standardize', feature: 'income', mean: 100, std: 50, clip: { min: 0, max: 300 } },
    { kind: 'one-hot', feature: 'region', values: ['north', 'south', 'east'] },
    text(),
  ],
};

/** The leading values followed by 16 text buckets, the given ones set. */
function expected(lead: number[], buckets: Record<number, number>): number[] {
  const row = [...lead, ...new Array<number>(16).fill(0)];
  for (const [i, v] of Object.entries(buckets)) row[lead.length + Number(i)] = v;
  return row;
}

describe('encoding spec format 1', () => {
  it('knows its width and which columns belong to which feature', () => {
    expect(encodingWidth(spec)).toBe(20);
    expect(featureSlices(spec)).toEqual([
      { feature: 'income', start: 0, end: 1 },
      { feature: 'region', start: 1, end: 4 },
      { feature: 'note', start: 4, end: 20 },
    ]);
    expect(columnNames(spec).slice(0, 6)).toEqual(['income', 'region=north', 'region=south', 'region=east', 'note#0', 'note#1']);
  });

  it.each([
    // 'hello' → bucket 11 (+), 'world' → bucket 3 (+): counts 2 and 1, L2-normalised by √5.
    [{ income: 150, region: 'south', note: 'Hello, hello WORLD!' }, expected([1, 0, 1, 0], { 3: 1 / Math.sqrt(5), 11: 2 / Math.sqrt(5) })],
    // Clipped to 300 before scaling; empty text stays all zeros.
    [{ income: 400, region: 'east', note: '' }, expected([4, 0, 0, 1], {})],
    [{ income: -50, region: 'north', note: '...' }, expected([-2, 1, 0, 0], {})],
    // 'world' (+1) and '42' (−1) share bucket 3 and cancel: the norm is 0 and nothing is divided.
    [{ income: 100, region: 'north', note: 'world 42' }, expected([0, 1, 0, 0], {})],
  ])('encodes %o by hand', (row, want) => {
    expect(Array.from(encodeRows(spec, [row]))).toEqual(Array.from(Float32Array.from(want)));
  });

  it('lays rows out row-major, one after the other', () => {
    const rows = [
      { income: 150, region: 'south', note: 'hello' },
      { income: 50, region: 'east', note: 'world' },
    ];
    const both = encodeRows(spec, rows);
    expect(both).toHaveLength(40);
    expect(Array.from(both.subarray(20))).toEqual(Array.from(encodeRows(spec, [rows[1]])));
  });

  it.each([
    [{ income: '150', region: 'south', note: '' }, /income/],
    [{ income: 150, region: 'west', note: '' }, /region/],
    [{ income: 150, region: 'south' }, /note/],
  ])('refuses to encode %o', (row, message) => {
    expect(() => encodeRows(spec, [row as never])).toThrow(EncodingError);
    expect(() => encodeRows(spec, [row as never])).toThrow(message);
  });

  it('refuses an encoding version it does not know', () => {
    expect(() => encodeRows({ ...spec, version: 2 } as unknown as EncodingSpec, [])).toThrow(/version 2/);
  });
});

describe('text hashing', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
    ['straße', 0x2626f818],
  ])('FNV-1a of %p is the published value', (input, hash) => {
    expect(fnv1a32(input)).toBe(hash);
  });

  it.each([
    ['Hello, World!', ['hello', 'world']],
    ["Call +44 20 7946-0958 re: invoice #4411", ['call', '44', '20', '7946', '0958', 're', 'invoice', '4411']],
    ['Crème BRÛLÉE — ½ price', ['crème', 'brûlée', '1', '2', 'price']],
    ['  ', []],
  ])('tokenises %p', (input, tokens) => {
    expect(tokenize(input)).toEqual(tokens);
  });

  it('adds signed word pairs with ngrams 2', () => {
    // unigrams: hello +2 (11), world +1 (3); pairs: 'hello hello' −1 (15), 'hello world' −1 (7).
    const v = hashText(text({ ngrams: 2 }), 'hello hello world');
    const norm = Math.sqrt(7);
    expect(Array.from(v)).toEqual(expected([], { 3: 1 / norm, 7: -1 / norm, 11: 2 / norm, 15: -1 / norm }));
  });

  it('scales counts by sign·ln(1+|v|) with log1p', () => {
    const v = hashText(text({ normalize: 'log1p' }), 'hello hello world');
    expect(Array.from(v)).toEqual(expected([], { 3: Math.log(2), 11: Math.log(3) }));
  });
});
