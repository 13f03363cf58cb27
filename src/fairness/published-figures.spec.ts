import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runAudit, type AuditReport } from './audit-report.js';
import { datasetToCells, parseCsv } from './csv.js';
import { ll144Summary } from './ll144.js';

/**
 * Published figures on public data sets (../shared/data/README.md): the base rates of the
 * favourable outcome by group, treating each data set's label as the decision, as AIF360's
 * demos do for "disparate impact" and "statistical parity difference" of a data set.
 */
const data = (file: string): string => readFileSync(path.resolve(process.cwd(), '../shared/data', file), 'utf8');

const rateOf = (report: AuditReport, attribute: string, value: string): number =>
  report.groups.find((g) => g.grouping.join() === attribute && g.attributes[attribute] === value)!.selectionRate!.value;

const comparisonOf = (report: AuditReport, attribute: string, metric: string) =>
  report.comparisons.find((c) => c.grouping.join() === attribute && c.metric === metric)!;

describe('UCI Adult (32,561 rows), income > 50K by sex', () => {
  const csv = data('adult.csv');
  const { cells } = datasetToCells(csv, { columns: { prediction: 'income-per-year', attributes: ['sex', 'race'] }, favorable: '>50K' });
  const report = runAudit(cells);

  it('has exactly the two label strings the mapping relies on', () => {
    const { header, records } = parseCsv(csv);
    const k = header.indexOf('income-per-year');
    const counts: Record<string, number> = {};
    for (const r of records) counts[r.fields[k]] = (counts[r.fields[k]] ?? 0) + 1;
    expect(counts).toEqual({ '<=50K': 24720, '>50K': 7841 });
  });

  it('reproduces P(>50K | Female) = 1,179 / 10,771 = 0.10946 and P(>50K | Male) = 6,662 / 21,790 = 0.30574', () => {
    const f = report.groups.find((g) => g.grouping.join() === 'sex' && g.attributes.sex === 'Female')!;
    expect([f.selected, f.n]).toEqual([1179, 10771]);
    expect(rateOf(report, 'sex', 'Female')).toBeCloseTo(0.10946, 5);
    expect(rateOf(report, 'sex', 'Male')).toBeCloseTo(0.30574, 5);
  });

  it('reproduces disparate impact 0.3580 and statistical parity difference −0.1963', () => {
    const di = comparisonOf(report, 'sex', 'impactRatio');
    expect(di.group).toEqual({ sex: 'Female' });
    expect(di.value).toBeCloseTo(0.358, 4);
    expect(comparisonOf(report, 'sex', 'demographicParityDifference').value).toBeCloseTo(-0.1963, 4);
  });

  it('judges it a significant breach of the four-fifths rule', () => {
    const v = report.verdicts.find((x) => x.grouping.join() === 'sex' && x.metric === 'impactRatio')!;
    expect(v).toMatchObject({ pass: false, significant: true, threshold: 0.8 });
  });

  it('leaves the races under 2 % of the file out of verdicts', () => {
    expect(report.excluded.filter((e) => e.grouping.join() === 'race').map((e) => [e.group.race, e.rule])).toEqual([
      ['Amer-Indian-Eskimo', 'min-share'],
      ['Other', 'min-share'],
    ]);
    const s = ll144Summary(cells, { rate: 'selection', source: { kind: 'historical', description: 'UCI Adult' }, period: { from: '1994-01-01', to: '1994-12-31' } });
    expect(s.raceEthnicity.filter((r) => r.impactRatio === null).map((r) => [r.category.race, r.applicants])).toEqual([
      ['Amer-Indian-Eskimo', 311],
      ['Other', 271],
    ]);
    expect(s.unknown).toEqual({ sex: 0, raceEthnicity: 0, intersectional: 0 });
  });
});

describe('UCI German credit (1,000 rows), good credit by age and by sex', () => {
  const { cells } = datasetToCells(data('german.csv'), {
    columns: {
      prediction: 'credit',
      attributes: [
        { column: 'age', cuts: [25] },
        // A92: female, divorced/separated/married; A95: female, single. A91, A93, A94 are male.
        { column: 'personal_status', name: 'sex', values: { A91: 'male', A92: 'female', A93: 'male', A94: 'male', A95: 'female' } },
      ],
    },
    favorable: 1,
  });
  const report = runAudit(cells);

  it('reproduces P(good | age < 25) = 0.5906, P(good | age ≥ 25) = 0.7192 and disparate impact 0.8212', () => {
    expect(rateOf(report, 'age', '<25')).toBeCloseTo(0.5906, 4);
    expect(rateOf(report, 'age', '>=25')).toBeCloseTo(0.7192, 4);
    const di = comparisonOf(report, 'age', 'impactRatio');
    expect(di.group).toEqual({ age: '<25' });
    expect(di.value).toBeCloseTo(0.8212, 4);
  });

  it('reproduces P(good | female) = 0.6484 vs 0.7232 for men and disparate impact 0.8966', () => {
    expect(rateOf(report, 'sex', 'female')).toBeCloseTo(0.6484, 4);
    expect(rateOf(report, 'sex', 'male')).toBeCloseTo(0.7232, 4);
    expect(comparisonOf(report, 'sex', 'impactRatio').value).toBeCloseTo(0.8966, 4);
  });

  it('passes both on the four-fifths rule, though both differences are significant and the age gap exceeds 0.1', () => {
    const verdict = (attribute: string, metric: string) => report.verdicts.find((v) => v.grouping.join() === attribute && v.metric === metric)!;
    // 88/149 vs 612/851: z = −3.1588, p = 0.00158; 201/310 vs 499/690: z = −2.3873, p = 0.0170.
    expect(verdict('age', 'impactRatio')).toMatchObject({ pass: true, significant: true, pValue: expect.closeTo(0.001584, 6) });
    expect(verdict('sex', 'impactRatio')).toMatchObject({ pass: true, significant: true, pValue: expect.closeTo(0.016973, 6) });
    expect(verdict('age', 'demographicParityDifference')).toMatchObject({ pass: false, value: expect.closeTo(-0.1285, 4) });
    expect(verdict('sex', 'demographicParityDifference')).toMatchObject({ pass: true, value: expect.closeTo(-0.0748, 4) });
  });
});
