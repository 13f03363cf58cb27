import { randomBytes } from 'node:crypto';
import { createAnalyzer } from './analyzer.js';
import type { Recognizer } from './entities.js';
import { RedactionFailedError } from './errors.js';
import { unredact } from './operators.js';
import { createRedactor, redact, redactBatch, scrub } from './redactor.js';

const TEXT = 'Hi Jana Novak, call +44 20 7946 0958 or mail jana@example.com.';

describe('redact', () => {
  it('replaces findings and reports offsets into the original text', () => {
    const result = redact(TEXT);
    expect(result.text).toBe('Hi <PERSON>, call <PHONE> or mail <EMAIL>.');
    expect(result.entities.map((e) => [e.type, TEXT.slice(e.start, e.end)])).toEqual([
      ['PERSON', 'Jana Novak'],
      ['PHONE', '+44 20 7946 0958'],
      ['EMAIL', 'jana@example.com'],
    ]);
    expect(Object.keys(result.entities[0]).sort()).toEqual(['end', 'score', 'start', 'type']);
  });

  it.each([
    ['redact', {}, 'Hi , call  or mail .'],
    ['mask', { keepLast: 2 }, 'Hi ********ak, call **************58 or mail **************om.'],
  ] as const)('applies the %s operator', (operator, operatorOptions, expected) => {
    expect(redact(TEXT, { operator, operatorOptions }).text).toBe(expected);
  });

  it('redacts a card and a phone number set off by a dash whole', () => {
    const text = 'I was charged twice on my card\u20144111111111111111, please call me back\u2014+4930123456789';
    expect(redact(text).text).toBe('I was charged twice on my card\u2014<CREDIT_CARD>, please call me back\u2014<PHONE>');
  });

  it('leaves entity types not asked for', () => {
    expect(redact(TEXT, { entities: ['EMAIL'] }).text).toBe('Hi Jana Novak, call +44 20 7946 0958 or mail <EMAIL>.');
  });

  it('encrypts reversibly with the tenant key', () => {
    const key = randomBytes(32);
    const result = redact(TEXT, { operator: 'encrypt', operatorOptions: { encryptionKey: key } });
    expect(result.text).not.toContain('Novak');
    expect(unredact(result.text, key)).toBe(TEXT);
  });

  it('returns texts without findings unchanged', () => {
    expect(redact('Order 4532015112830367 ships at 10:30.')).toEqual({ text: 'Order 4532015112830367 ships at 10:30.', entities: [] });
  });

  it('redacts a batch with one set of options', () => {
    expect(redactBatch(['jana@example.com', 'no data here'], { operator: 'replace' }).map((r) => r.text)).toEqual([
      '<EMAIL>',
      'no data here',
    ]);
  });
});

describe('failing closed', () => {
  const throwing: Recognizer = {
    name: 'broken',
    entities: ['EMAIL'],
    applies: () => true,
    scan() {
      throw new Error('boom');
    },
  };
  const broken = createRedactor(createAnalyzer([throwing]));

  it.each([
    ['a time budget of 0', () => redact(TEXT, { timeBudgetMs: 0 }), 'TIME_BUDGET_EXCEEDED'],
    ['an analyzer that throws', () => broken.redact(TEXT), 'ANALYZER_FAILED'],
    ['a batch with an analyzer that throws', () => broken.redactBatch(['fine', TEXT]), 'ANALYZER_FAILED'],
    ['scrub with an analyzer that throws', () => broken.scrub({ a: [TEXT] }), 'ANALYZER_FAILED'],
    ['an operator without its key', () => redact(TEXT, { operator: 'hash' }), 'OPERATOR_FAILED'],
    ['a value that is not text', () => redact(42 as unknown as string), 'ANALYZER_FAILED'],
  ])('throws RedactionFailedError on %s', (_what, run, reason) => {
    expect(run).toThrow(RedactionFailedError);
    expect(run).toThrow(expect.objectContaining({ code: 'REDACTION_FAILED', reason }));
  });

  it('keeps the cause of an analyzer failure', () => {
    try {
      broken.redact(TEXT);
      throw new Error('redact returned');
    } catch (error) {
      expect((error as RedactionFailedError).cause).toEqual(new Error('boom'));
    }
  });
});

describe('scrub', () => {
  it('redacts every string leaf of a deep object and leaves the input alone', () => {
    const input = {
      user: { name: 'Jana Novak', contact: ['jana@example.com', { phone: '+44 20 7946 0958' }] },
      count: 3,
      ok: true,
      nothing: null,
      at: new Date('2026-01-02T03:04:05Z'),
    };
    const copy = structuredClone(input);
    expect(scrub(input)).toEqual({
      user: { name: '<PERSON>', contact: ['<EMAIL>', { phone: '<PHONE>' }] },
      count: 3,
      ok: true,
      nothing: null,
      at: new Date('2026-01-02T03:04:05Z'),
    });
    expect(input).toEqual(copy);
  });

  it('redacts keys, long numbers holding PII, errors, maps and sets', () => {
    const error = new Error('lookup failed for jana@example.com');
    const out = scrub({
      'jana@example.com': 1,
      card: 4111111111111111n,
      order: 4532015112830367,
      error,
      seen: new Set(['jana@example.com']),
      byPhone: new Map([['+44 20 7946 0958', 'Jana Novak']]),
    }) as Record<string, unknown>;
    expect(out['<EMAIL>']).toBe(1);
    expect(out.card).toBe('<CREDIT_CARD>');
    expect(out.order).toBe(4532015112830367);
    expect(out.error).toMatchObject({ name: 'Error', message: 'lookup failed for <EMAIL>' });
    expect(JSON.stringify((out.error as { stack: string }).stack)).not.toContain('jana@');
    expect(out.seen).toEqual(new Set(['<EMAIL>']));
    expect(out.byPhone).toEqual(new Map([['<PHONE>', '<PERSON>']]));
  });

  it('survives cycles and binary data without passing them through', () => {
    const cyclic: Record<string, unknown> = { note: 'mail jana@example.com' };
    cyclic.self = cyclic;
    expect(scrub({ cyclic, blob: Buffer.from('jana@example.com') })).toEqual({
      cyclic: { note: 'mail <EMAIL>', self: '[Circular]' },
      blob: '<BINARY:16 bytes>',
    });
  });
});
