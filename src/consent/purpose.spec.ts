import { isLawfulBasis, LAWFUL_BASES, LAWFUL_BASIS_INFO } from './lawful-basis.js';
import { isPurposeId, noticeTextSha256, purposeProblems, requiresConsent, type Purpose } from './purpose.js';

const purpose: Purpose = {
  id: 'credit-scoring',
  description: 'Scoring loan applications',
  lawfulBasis: 'contract',
  notice: { text: 'We score your application to decide on the loan.', version: '2026-01' },
  retentionDays: 90,
};

describe('lawful bases', () => {
  it.each([
    ['consent', 'GDPR Art. 6(1)(a)'],
    ['contract', 'GDPR Art. 6(1)(b)'],
    ['legal_obligation', 'GDPR Art. 6(1)(c)'],
    ['vital_interests', 'GDPR Art. 6(1)(d)'],
    ['public_task', 'GDPR Art. 6(1)(e)'],
    ['legitimate_interests', 'GDPR Art. 6(1)(f)'],
  ] as const)('%s is %s', (basis, article) => {
    expect(LAWFUL_BASIS_INFO[basis].article).toBe(article);
    expect(LAWFUL_BASIS_INFO[basis].description.length).toBeGreaterThan(20);
    expect(isLawfulBasis(basis)).toBe(true);
  });

  it('has exactly the six bases of Art. 6(1)', () => {
    expect(LAWFUL_BASES).toHaveLength(6);
    expect(Object.keys(LAWFUL_BASIS_INFO).sort()).toEqual([...LAWFUL_BASES].sort());
  });

  it.each(['Consent', 'legitimate-interest', '', null, 6])('%p is not a lawful basis', (value) => {
    expect(isLawfulBasis(value)).toBe(false);
  });
});

describe('purposes', () => {
  it('accepts a sound purpose', () => {
    expect(purposeProblems(purpose)).toEqual([]);
  });

  it.each([
    [{ id: 'Credit Scoring' }, /id must be a lower-case slug/],
    [{ id: 'a'.repeat(65) }, /id must be/],
    [{ description: '  ' }, /description/],
    [{ lawfulBasis: 'because' as never }, /not a GDPR Art. 6\(1\) basis/],
    [{ notice: { text: '', version: '1' } }, /notice text/],
    [{ notice: { text: 'x', version: ' ' } }, /notice version/],
    [{ retentionDays: -1 }, /retentionDays/],
    [{ retentionDays: 1.5 }, /retentionDays/],
    [{ retentionDays: 3661 }, /retentionDays/],
  ])('refuses %o', (change, problem) => {
    const problems = purposeProblems({ ...purpose, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it.each([
    ['fraud-prevention', true],
    ['a1', true],
    ['fairness-monitoring', true],
    ['-leading', false],
    ['double--dash', false],
    ['under_score', false],
  ])('purpose id %p well-formed: %p', (id, ok) => {
    expect(isPurposeId(id)).toBe(ok);
  });

  it.each(LAWFUL_BASES.map((basis) => [basis, basis === 'consent'] as const))('%s requires consent: %p', (lawfulBasis, expected) => {
    expect(requiresConsent({ lawfulBasis })).toBe(expected);
  });

  it('hashes the exact notice bytes (a known SHA-256), so two spellings are two notices', () => {
    expect(noticeTextSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(noticeTextSha256('Jose\u0301')).not.toBe(noticeTextSha256('Jos\u00e9'));
  });
});
