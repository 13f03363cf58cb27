import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PURPOSES } from './default-purposes.js';
import { FAIRNESS_MONITORING_PURPOSE, purposeProblems } from './purpose.js';

const manifests = readdirSync(path.resolve(process.cwd(), 'models'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(path.resolve(process.cwd(), 'models', file), 'utf8')) as { name: string; allowedPurposes: string[] });

describe('DEFAULT_PURPOSES', () => {
  it.each(DEFAULT_PURPOSES.map((p) => [p.id, p] as const))('%s is a sound purpose', (_, purpose) => {
    expect(purposeProblems(purpose)).toEqual([]);
  });

  it('names each purpose once', () => {
    expect(new Set(DEFAULT_PURPOSES.map((p) => p.id)).size).toBe(DEFAULT_PURPOSES.length);
  });

  it.each(manifests.map((m) => [m.name, m.allowedPurposes] as const))('covers every purpose demo model %s is registered for', (_, purposes) => {
    for (const purpose of purposes) expect(DEFAULT_PURPOSES.map((p) => p.id)).toContain(purpose);
  });

  it.each([
    ['credit-scoring', 'consent'],
    ['customer-support', 'contract'],
    ['fraud-prevention', 'legitimate_interests'],
    ['marketing', 'consent'],
    [FAIRNESS_MONITORING_PURPOSE, 'consent'],
  ])('rests %s on %s', (id, basis) => {
    expect(DEFAULT_PURPOSES.find((p) => p.id === id)?.lawfulBasis).toBe(basis);
  });
});
