import { DEFAULT_PURPOSES } from './default-purposes.js';
import { recordOfProcessing, type ProcessingFacts, type Usage } from './record-of-processing.js';

const day = (d: number) => new Date(Date.UTC(2026, 2, d));
const usage = (purpose: string, model: string, calls: number, allowed: number, first: number, last: number): Usage => ({
  purpose, model, version: '1.0.0', calls, allowed, subjects: 1, first: day(first), last: day(last),
});
const base: ProcessingFacts = {
  tenant: { id: 't-1', name: 'Acme' },
  generatedAt: day(20),
  purposes: DEFAULT_PURPOSES,
  usage: [],
  consentSubjects: {},
  subjects: 0,
  protectedAttributes: { subjects: 0, names: [], declaredBasis: null },
  models: [],
};
const purposesOf = (facts: Partial<ProcessingFacts>) =>
  recordOfProcessing({ ...base, ...facts }).purposes.map((p) => ({ id: p.id, basis: p.lawfulBasis, calls: p.calls, denied: p.deniedCalls, consent: p.subjectsWithConsentRecords }));

describe('recordOfProcessing: purposes', () => {
  it.each<[string, Partial<ProcessingFacts>, { id: string; basis: string | null; calls: number; denied: number; consent: number }[]]>([
    ['nothing done yet', {}, []],
    ['calls for two purposes, summed over models', { usage: [usage('credit-scoring', 'a', 5, 4, 1, 3), usage('credit-scoring', 'b', 2, 2, 2, 4), usage('customer-support', 'c', 3, 3, 1, 1)] },
      [{ id: 'credit-scoring', basis: 'consent', calls: 7, denied: 1, consent: 0 }, { id: 'customer-support', basis: 'contract', calls: 3, denied: 0, consent: 0 }]],
    ['consent recorded but no call yet', { consentSubjects: { marketing: 4 } }, [{ id: 'marketing', basis: 'consent', calls: 0, denied: 0, consent: 4 }]],
    ['protected attributes kept on consent', { protectedAttributes: { subjects: 2, names: ['sex'], declaredBasis: null } },
      [{ id: 'fairness-monitoring', basis: 'consent', calls: 0, denied: 0, consent: 0 }]],
    ['protected attributes kept on a declared basis', { protectedAttributes: { subjects: 2, names: ['sex'], declaredBasis: 'legal_obligation' } },
      [{ id: 'fairness-monitoring', basis: 'legal_obligation', calls: 0, denied: 0, consent: 0 }]],
    ['calls naming a purpose that is not registered', { usage: [usage('astrology', 'a', 1, 0, 1, 1)] }, [{ id: 'astrology', basis: null, calls: 1, denied: 1, consent: 0 }]],
  ])('%s', (_, facts, expected) => {
    expect(purposesOf(facts)).toEqual(expected);
  });

  it('dates the first and last call and lists the models used', () => {
    const [p] = recordOfProcessing({ ...base, usage: [usage('credit-scoring', 'b', 1, 1, 5, 9), usage('credit-scoring', 'a', 1, 1, 2, 6)] }).purposes;
    expect(p).toEqual(expect.objectContaining({ firstCall: day(2).toISOString(), lastCall: day(9).toISOString(), models: ['a@1.0.0', 'b@1.0.0'], retentionDays: 730 }));
  });
});

describe('recordOfProcessing: data categories', () => {
  it.each<[string, Partial<ProcessingFacts>, string[]]>([
    ['no models, no attributes', {}, ['model outputs and explanations', 'consent records']],
    ['a model called', { models: [{ model: 'a', version: '1.0.0', features: [{ name: 'income', type: 'numeric' }] }] }, ['model inputs', 'model outputs and explanations', 'consent records']],
    ['protected attributes kept', { protectedAttributes: { subjects: 1, names: ['ageBand', 'sex'], declaredBasis: null } },
      ['model outputs and explanations', 'consent records', 'special categories (GDPR Art. 9): protected attributes for fairness monitoring']],
  ])('%s', (_, facts, expected) => {
    expect(recordOfProcessing({ ...base, ...facts }).dataCategories.map((c) => c.category)).toEqual(expected);
  });

  it('says that free text is stored only after redaction', () => {
    const record = recordOfProcessing({ ...base, models: [{ model: 'router', version: '1.0.0', features: [{ name: 'message', type: 'text' }] }] });
    expect(record.dataCategories[0]).toEqual(expect.objectContaining({ model: 'router@1.0.0', storage: expect.stringContaining('redaction') }));
  });
});
