import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAudit } from '../fairness/audit-report.js';
import type { Cell } from '../fairness/metrics/cells.js';
import { parsePolicy } from '../policy/policy-parse.js';
import { auditCharts } from './bias-chart.js';
import { describeCondition, governingRules } from './governing-rules.js';
import { AUDIT_FORMAT_SECTIONS, recordKeepingBlocks } from './record-keeping.js';

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');

describe('the rules that govern a model', () => {
  const policy = parsePolicy(read('../../policies/default.yaml')).document!;

  it('keeps the default policy’s rules that can apply to credit-approval, in document order', () => {
    const rules = governingRules(policy, { name: 'credit-approval', version: '1.0.0', riskClass: 'high' });
    expect(rules.map((r) => [r.id, r.scope])).toEqual([
      ['credit-approval-for-credit-scoring', 'this model'],
      ['credit-approval-only-for-credit-scoring', 'this model'],
      ['notify-eu-subjects-of-high-risk-decisions', 'this model'],
      ['human-review-of-uncertain-eu-decisions', 'this model'],
      ['no-marketing-on-high-risk-models', 'this model'],
      ['daily-calls-per-tenant-and-model', 'every model'],
      ['calls-per-minute-per-tenant-and-model', 'every model'],
    ]);
    const review = rules.find((r) => r.id === 'human-review-of-uncertain-eu-decisions')!;
    expect(review).toEqual(expect.objectContaining({ kind: 'output', effect: 'obligate', obligations: ['human_review'] }));
    expect(review.when).toContain('output.score: {$gte: 0.4, $lte: 0.6}');
    expect(rules.find((r) => r.id === 'daily-calls-per-tenant-and-model')!.effect).toBe('limit 10000 per day (tenant and model)');
  });

  it('leaves out rules pinned to other models or risk classes', () => {
    const ids = governingRules(policy, { name: 'support-router', version: '1.0.0', riskClass: 'limited' }).map((r) => r.id);
    expect(ids).toContain('support-router-for-customer-support');
    expect(ids).toContain('redact-personal-data-before-the-support-router');
    expect(ids).not.toContain('no-marketing-on-high-risk-models');
    expect(ids).not.toContain('credit-approval-for-credit-scoring');
  });

  it('keeps a rule whose model condition sits inside $or, where it cannot rule the rule out', () => {
    const doc = parsePolicy(
      'name: t\nrules:\n  - id: either\n    kind: usage\n    effect: allow\n    description: d\n    when:\n      $or: [{ model.name: other }, { purpose: credit-scoring }]\n',
    ).document!;
    expect(governingRules(doc, { name: 'credit-approval', version: '1.0.0', riskClass: 'high' }).map((r) => r.scope)).toEqual(['every model']);
  });

  it('writes conditions compactly', () => {
    expect(describeCondition({ 'model.name': 'x', purpose: { $ne: 'y' }, jurisdiction: { $in: ['AT', 'BE'] } })).toBe('model.name: x, purpose: {$ne: y}, jurisdiction: {$in: [AT, BE]}');
  });
});

describe('record-keeping statements', () => {
  it('cite sections that docs/audit-format.md has', () => {
    const doc = read('../../docs/audit-format.md');
    for (const heading of Object.values(AUDIT_FORMAT_SECTIONS)) expect(doc).toContain(`\n${heading}\n`);
    const text = JSON.stringify(recordKeepingBlocks('credit-approval@1.0.0', null));
    expect(text).toContain('docs/audit-format.md §5');
    expect(text).toContain('resourceId=credit-approval@1.0.0');
  });
});

describe('bias charts', () => {
  // 100 women, 40 selected; 100 men, 60 selected; 10 others, 5 selected (too few to judge).
  const cells: Cell[] = [
    { attributes: { sex: 'female' }, n: 100, selected: 40 },
    { attributes: { sex: 'male' }, n: 100, selected: 60 },
    { attributes: { sex: 'other' }, n: 10, selected: 5 },
  ];

  it('draws each group’s rate, interval, impact ratio and verdict from the stored report', () => {
    const [chart] = auditCharts(runAudit(cells, { attributes: ['sex'] }), (g) => `by ${g.join()}`);
    expect(chart.title).toBe('by sex');
    expect(chart.threshold).toBe(0.8);
    expect(chart.reference).toBeCloseTo(0.6, 12);
    const female = chart.bars.find((b) => b.label === 'female')!;
    expect(female).toEqual(expect.objectContaining({ n: 100, value: 0.4, pass: false }));
    expect(female.impactRatio).toBeCloseTo(0.4 / 0.6, 12);
    expect(female.lower).toBeLessThan(0.4);
    expect(female.upper).toBeGreaterThan(0.4);
    expect(chart.bars.find((b) => b.label === 'male')).toEqual(expect.objectContaining({ impactRatio: 1, pass: true }));
    expect(chart.bars.find((b) => b.label === 'other')).toEqual(expect.objectContaining({ impactRatio: null, pass: null }));
  });

  it('uses the audit’s own impact-ratio threshold', () => {
    const [chart] = auditCharts(runAudit(cells, { attributes: ['sex'], thresholds: { impactRatio: 0.6 } }), () => 't');
    expect(chart.threshold).toBe(0.6);
    expect(chart.bars.find((b) => b.label === 'female')!.pass).toBe(true);
  });
});
