import { createAnalyzer, defaultAnalyzer, resolveOverlaps } from './analyzer.js';
import type { Finding, Recognizer } from './entities.js';
import { RedactionFailedError } from './errors.js';
import { readAsAscii } from './read-as-ascii.js';

const f = (type: Finding['type'], start: number, end: number, score: number): Finding => ({ type, start, end, score, recognizer: 't' });

describe('resolveOverlaps', () => {
  it.each<[string, Finding[], Finding[]]>([
    ['keeps disjoint findings in text order', [f('EMAIL', 10, 20, 1), f('PHONE', 0, 5, 0.7)], [f('PHONE', 0, 5, 0.7), f('EMAIL', 10, 20, 1)]],
    ['drops a finding inside a longer one', [f('PERSON', 4, 15, 0.95), f('STREET_ADDRESS', 0, 30, 0.75)], [f('STREET_ADDRESS', 0, 30, 0.75)]],
    ['keeps the higher score of two identical spans', [f('PHONE', 0, 11, 0.6), f('DE_TAX_ID', 0, 11, 0.85)], [f('DE_TAX_ID', 0, 11, 0.85)]],
    ['merges a partial overlap under the higher score', [f('PERSON', 0, 10, 0.9), f('STREET_ADDRESS', 6, 25, 0.85)], [f('PERSON', 0, 25, 0.9)]],
  ])('%s', (_name, input, expected) => {
    expect(resolveOverlaps(input)).toEqual(expected);
  });
});

describe('analyzer', () => {
  it('returns findings with type, offsets, score and recognizer', () => {
    const text = 'Mail jana@example.com or call +44 20 7946 0958.';
    expect(defaultAnalyzer.analyze(text, { timeBudgetMs: 60_000 })).toEqual([
      { type: 'EMAIL', start: 5, end: 21, score: 1, recognizer: 'email' },
      { type: 'PHONE', start: 30, end: 46, score: 1, recognizer: 'phone' },
    ]);
  });

  it('looks only for the entity types asked for', () => {
    const text = 'Mail jana@example.com or call +44 20 7946 0958.';
    expect(defaultAnalyzer.analyze(text, { entities: ['PHONE'], timeBudgetMs: 60_000 }).map((x) => x.type)).toEqual(['PHONE']);
  });

  it('drops findings below minScore', () => {
    const text = 'Please verify 536 22 1234.';
    expect(defaultAnalyzer.analyze(text, { entities: ['US_SSN'], timeBudgetMs: 60_000 })).toHaveLength(1);
    expect(defaultAnalyzer.analyze(text, { entities: ['US_SSN'], minScore: 0.6, timeBudgetMs: 60_000 })).toHaveLength(0);
  });

  it.each([0, -1, Number.NaN])('throws RedactionFailedError on a time budget of %p, even for an empty text', (budget) => {
    expect(() => defaultAnalyzer.analyze('anything', { timeBudgetMs: budget })).toThrow(RedactionFailedError);
    expect(() => defaultAnalyzer.analyze('', { timeBudgetMs: budget })).toThrow(expect.objectContaining({ reason: 'TIME_BUDGET_EXCEEDED' }));
  });

  it('stops at the recognizer that ran past the budget: none after it runs, nothing is returned', () => {
    const ran: string[] = [];
    const recognizer = (name: string, busyMs: number): Recognizer => ({
      name,
      entities: ['EMAIL'],
      applies: () => true,
      scan() {
        ran.push(name);
        const until = performance.now() + busyMs;
        while (performance.now() < until);
      },
    });
    const analyzer = createAnalyzer([recognizer('quick', 0), recognizer('slow', 15), recognizer('never', 0)]);
    expect(() => analyzer.analyze('text', { timeBudgetMs: 5 })).toThrow(expect.objectContaining({ reason: 'TIME_BUDGET_EXCEEDED' }));
    expect(ran).toEqual(['quick', 'slow']);
  });

  it('throws RedactionFailedError when a recognizer runs past the budget', () => {
    const slow: Recognizer = {
      name: 'slow',
      entities: ['EMAIL'],
      applies: () => true,
      scan() {
        const until = performance.now() + 15;
        while (performance.now() < until);
      },
    };
    expect(() => createAnalyzer([slow]).analyze('text', { timeBudgetMs: 5 })).toThrow(
      expect.objectContaining({ reason: 'TIME_BUDGET_EXCEEDED' }),
    );
  });

  it('lists the entity types of its recognizers', () => {
    expect([...defaultAnalyzer.entities].sort()).toEqual(
      ['CREDIT_CARD', 'DATE_OF_BIRTH', 'DE_TAX_ID', 'EMAIL', 'ES_NIF', 'IBAN', 'IP_ADDRESS', 'PERSON', 'PHONE', 'STREET_ADDRESS', 'UK_NINO', 'URL', 'US_SSN'].sort(),
    );
  });
});

describe('numbers grouped with no-break spaces', () => {
  it.each([
    ['carte 4111\u00a01111\u00a01111\u00a01111', 'CREDIT_CARD', '4111\u00a01111\u00a01111\u00a01111'],
    ['IBAN FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189', 'IBAN', 'FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189'],
    ['tél. 06\u202f12\u202f34\u202f56\u202f78', 'PHONE', '06\u202f12\u202f34\u202f56\u202f78'],
  ])('finds the value in %p as it finds it with spaces', (text, type, value) => {
    const findings = defaultAnalyzer.analyze(text, { timeBudgetMs: 60_000 });
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([[type, value]]);
  });
});

describe('personal data in full-width forms and in the digits of other scripts', () => {
  it.each([
    ['電話 ０９０-１２３４-５６７８ まで', 'PHONE', '０９０-１２３４-５６７８'],
    // as such text is written, with no spaces around the number, or after a label's colon
    ['電話は０９０-１２３４-５６７８です', 'PHONE', '０９０-１２３４-５６７８'],
    ['電話：０９０-１２３４-５６７８', 'PHONE', '０９０-１２３４-５６７８'],
    ['请拨打+44 20 7946 0958联系我', 'PHONE', '+44 20 7946 0958'],
    ['Phone:090-1234-5678', 'PHONE', '090-1234-5678'],
    ['Tel:+44 20 7946 0958', 'PHONE', '+44 20 7946 0958'],
    ['call +４４ ２０ ７９４６ ０９５８ today', 'PHONE', '+４４ ２０ ７９４６ ０９５８'],
    ['メール ｊａｎａ．ｎｏｖａｋ＠ｅｘａｍｐｌｅ．ｃｏｍ です', 'EMAIL', 'ｊａｎａ．ｎｏｖａｋ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['カード　４１１１　１１１１　１１１１　１１１１', 'CREDIT_CARD', '４１１１　１１１１　１１１１　１１１１'],
    ['call me on +٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨ today', 'PHONE', '+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨'],
    ['card ۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱', 'CREDIT_CARD', '۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱'],
    // dashes a word processor or keyboard layout put in, and Unicode spaces
    ['card 4111–1111–1111–1111', 'CREDIT_CARD', '4111–1111–1111–1111'],
    ['SSN 536‑22‑1234', 'US_SSN', '536‑22‑1234'],
    ['call 020–7946–0958', 'PHONE', '020–7946–0958'],
    ['call +1 415‑555‑2671', 'PHONE', '+1 415‑555‑2671'],
    ['card 4111\u20021111\u20021111\u20021111', 'CREDIT_CARD', '4111\u20021111\u20021111\u20021111'],
  ])('finds the value in %p as it finds it in ASCII', (text, type, value) => {
    const findings = defaultAnalyzer.analyze(text, { timeBudgetMs: 60_000 });
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([[type, value]]);
  });

  it('reads the decimal digits of every numbering system Intl knows as 0–9, one code unit for one', () => {
    // Systems of decimal digits within the BMP (not hanidec's ideographs, which are words as well as digits).
    const systems = Intl.supportedValuesOf('numberingSystem').filter((nu) => {
      const digits = new Intl.NumberFormat('en', { numberingSystem: nu, useGrouping: false }).format(9876543210);
      return digits !== '9876543210' && digits.length === 10 && /^\p{Nd}+$/u.test(digits);
    });
    expect(systems.length).toBeGreaterThan(20);
    for (const nu of systems) {
      const digits = new Intl.NumberFormat('en', { numberingSystem: nu, useGrouping: false }).format(9876543210);
      expect([nu, readAsAscii(digits)]).toEqual([nu, '9876543210']);
    }
  });

  it('leaves letters, digits outside the BMP and everything else as they are', () => {
    const text = 'Zoë 𝟏𝟐 ① ½ Ⅻ … § ÿ ü';
    expect(readAsAscii(text)).toBe(text);
  });
});

describe('a name above a postal address', () => {
  it('is a name, not a product with a model number, when a house number starts the next line', () => {
    const text = 'Jana Novak\n12 Baker Street';
    const findings = defaultAnalyzer.analyze(text, { timeBudgetMs: 60_000 });
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['PERSON', 'Jana Novak'],
      ['STREET_ADDRESS', '12 Baker Street'],
    ]);
  });
});
