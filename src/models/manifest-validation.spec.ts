import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateRegistration, type ManifestProblem } from './manifest-validation.js';

const manifestOf = (name: string) => JSON.parse(readFileSync(path.join(process.cwd(), `models/${name}.json`), 'utf8')) as Record<string, unknown> & { input: { features: Record<string, unknown>[] }; output: Record<string, unknown> };
const problemsOf = (manifest: unknown): ManifestProblem[] => {
  const result = validateRegistration(manifest);
  return 'problems' in result ? result.problems : [];
};

/** The credit-approval manifest with one feature changed (found by name). */
function withFeature(name: string, change: (f: Record<string, unknown>) => Record<string, unknown>) {
  const m = manifestOf('credit-approval@1.0.0');
  return { ...m, input: { ...m.input, features: m.input.features.map((f) => (f.name === name ? change(f) : f)) } };
}

function withOutput(change: Record<string, unknown>) {
  const m = manifestOf('credit-approval@1.0.0');
  return { ...m, output: { ...m.output, ...change } };
}

function withCard(change: (card: Record<string, any>) => Record<string, unknown>) {
  const m = manifestOf('credit-approval@1.0.0') as Record<string, any>;
  return { ...m, card: change(m.card) };
}

describe('validateRegistration', () => {
  it('takes the demo manifests as they are', () => {
    for (const name of ['credit-approval@1.0.0', 'credit-risk@1.0.0', 'support-router@1.0.0']) expect(problemsOf(manifestOf(name))).toEqual([]);
  });

  it.each([
    ['a default that is not one of the values', withFeature('employmentType', (f) => ({ ...f, optional: true, default: 'zzz' })), 'input.features[5].default', 'enum'],
    ['a default outside the range', withFeature('latePayments12m', (f) => ({ ...f, default: 13 })), 'input.features[4].default', 'max'],
    ['a default that is not a whole number where one is required', withFeature('latePayments12m', (f) => ({ ...f, default: 0.5 })), 'input.features[4].default', 'integer'],
    ['an optional feature without a default', withFeature('latePayments12m', ({ default: _, ...f }) => f), 'input.features[4].default', 'required'],
    ['integer that is not a boolean', withFeature('latePayments12m', (f) => ({ ...f, integer: 'yes' })), 'input.features[4].integer', 'boolean'],
    ['optional that is not a boolean', withFeature('latePayments12m', (f) => ({ ...f, optional: 1 })), 'input.features[4].optional', 'boolean'],
    ['a feature named after a built-in property', withFeature('latePayments12m', (f) => ({ ...f, name: 'constructor' })), 'input.features[4].name', 'reserved'],
    ['a score named as the label beside it', withOutput({ scoreName: 'label' }), 'output.scoreName', 'reserved'],
    ['a score named after a built-in property', withOutput({ scoreName: '__proto__' }), 'output.scoreName', 'reserved'],
    ['a version longer than a path takes', { ...manifestOf('credit-approval@1.0.0'), version: `1.0.0-${'a'.repeat(60)}` }, 'version', 'semver'],
    ['a group metric that is not a number', withCard((c) => ({ ...c, evaluation: { ...c.evaluation, perGroup: [{ attribute: 'sex', group: 'f', count: 3, metrics: { auc: 'high' } }] } })), 'card.evaluation.perGroup', 'groups'],
    ['fairness that is not { summary, impactRatios }', withCard((c) => ({ ...c, fairness: 'none' })), 'card.fairness', 'fairness'],
    ['an impact ratio that is not a number', withCard((c) => ({ ...c, fairness: { summary: 's', impactRatios: { sex: '0.5' } } })), 'card.fairness', 'fairness'],
  ])('refuses %s, naming the field and rule', (_, manifest, field, rule) => {
    expect(problemsOf(manifest)).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });

  it('refuses a label named after a built-in property', () => {
    const m = manifestOf('support-router@1.0.0');
    const labels = [...(m.output.labels as string[])];
    labels[0] = '__proto__';
    expect(problemsOf({ ...m, output: { ...m.output, labels } })).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'output.labels', rule: 'reserved' })]));
  });
});
