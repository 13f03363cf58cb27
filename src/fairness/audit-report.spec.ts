import { DomainError } from '../common/errors.js';
import { breachesOf, groupsCsv, runAudit } from './audit-report.js';
import { parseCsv } from './csv.js';
import type { Cell } from './metrics/cells.js';

const cell = (sex: string | null, race: string | null, n: number, selected: number, labels?: [number, number, number, number], extra: Partial<Cell> = {}): Cell => ({
  attributes: { sex, race },
  n,
  selected,
  ...(labels ? { tp: labels[0], fp: labels[1], tn: labels[2], fn: labels[3] } : {}),
  ...extra,
});

// 400 rows. M/C is 5 rows: under the minimum size of 30 and under 2 % (8 rows).
const cells: Cell[] = [
  cell('F', 'A', 100, 30, [20, 10, 50, 20]),
  cell('F', 'B', 60, 12, [8, 4, 36, 12]),
  cell('M', 'A', 120, 60, [45, 15, 45, 15]),
  cell('M', 'B', 80, 36, [28, 8, 32, 12]),
  cell('M', 'C', 5, 4, [3, 1, 1, 0]),
  cell('F', '', 20, 5),
  cell('unknown', 'A', 15, 6),
];

const find = <T extends { grouping: string[] }>(items: T[], grouping: string, pick: (t: T) => boolean): T[] =>
  items.filter((t) => t.grouping.join('+') === grouping && pick(t));

describe('runAudit', () => {
  const report = runAudit(cells);

  it('reports every group of every attribute subset with counts and intervals', () => {
    expect(report.groupings.map((g) => [g.grouping.join('+'), g.groups, g.unknown])).toEqual([
      ['sex', 2, 15],
      ['race', 3, 20],
      ['sex+race', 5, 35],
    ]);
    const [f] = find(report.groups, 'sex', (g) => g.attributes.sex === 'F');
    expect(f).toMatchObject({ n: 180, selected: 47, labeled: 160, tp: 28, fp: 14, tn: 86, fn: 32, share: 0.45 });
    expect(f.selectionRate!.value).toBeCloseTo(47 / 180, 12);
    expect(f.tpr!.value).toBeCloseTo(28 / 60, 12);
    expect(f.fpr!.value).toBeCloseTo(14 / 100, 12);
    expect(f.precision!.value).toBeCloseTo(28 / 42, 12);
    expect(f.selectionRate!.lower).toBeLessThan(47 / 180);
    expect(report.total).toMatchObject({ n: 400, selected: 153, grouping: [], attributes: {} });
  });

  it('sums intersections back to the marginals, unknowns apart', () => {
    for (const sex of ['F', 'M']) {
      const [marginal] = find(report.groups, 'sex', (g) => g.attributes.sex === sex);
      const parts = find(report.groups, 'sex+race', (g) => g.attributes.sex === sex);
      const raceUnknown = cells.filter((c) => c.attributes.sex === sex && c.attributes.race === '').reduce((s, c) => s + c.n, 0);
      expect(parts.reduce((s, g) => s + g.n, 0) + raceUnknown).toBe(marginal.n);
      expect(parts.reduce((s, g) => s + g.tp, 0)).toBe(marginal.tp);
    }
  });

  it('computes the impact ratio against the most favoured group and flags the four-fifths breach', () => {
    const [ir] = find(report.comparisons, 'sex', (c) => c.metric === 'impactRatio');
    expect(ir.group).toEqual({ sex: 'F' });
    expect(ir.reference).toEqual({ sex: 'M' });
    expect(ir.value).toBeCloseTo(47 / 180 / (100 / 205), 12);
    const [v] = find(report.verdicts, 'sex', (v) => v.metric === 'impactRatio');
    expect(v).toMatchObject({ pass: false, threshold: 0.8, significant: true });
    expect(breachesOf(report)).toContain(v);
  });

  it('compares TPR and FPR for equal opportunity and equalized odds', () => {
    // F: TPR 28/60, FPR 14/100; M: TPR 76/103, FPR 24/102.
    const [eo] = find(report.comparisons, 'sex', (c) => c.metric === 'equalOpportunityDifference');
    expect(eo.value).toBeCloseTo(28 / 60 - 76 / 103, 12);
    const [eq] = find(report.comparisons, 'sex', (c) => c.metric === 'equalizedOddsDifference');
    expect(eq.value).toBeCloseTo(Math.max(Math.abs(28 / 60 - 76 / 103), Math.abs(14 / 100 - 24 / 102)), 12);
  });

  it('reports small groups and those under 2 % but leaves them out of verdicts', () => {
    expect(find(report.excluded, 'sex+race', (e) => e.group.race === 'C').map((e) => e.rule)).toEqual(['min-size', 'min-share', 'min-labeled']);
    expect(find(report.excluded, 'race', (e) => e.group.race === 'C').map((e) => e.rule)).toEqual(['min-size', 'min-share', 'min-labeled']);
    expect(report.verdicts.filter((v) => v.group.race === 'C')).toEqual([]);
    const [c] = find(report.comparisons, 'race', (c) => c.group.race === 'C' && c.metric === 'impactRatio');
    expect(c).toMatchObject({ eligible: false });
    expect(c.reason).toContain('5 rows, below the minimum group size of 30');
    expect(c.reason).toContain('under the 2.00 % of the data');
    const [group] = find(report.groups, 'race', (g) => g.attributes.race === 'C');
    expect(group.eligible).toEqual({ selection: false, scoring: false, label: false });
    // C selects 4 of 5, more than A's 96 of 235, yet is not the most favoured group.
    expect(find(report.groupings, 'race', () => true)[0].reference).toEqual({ race: 'A' });
  });

  it('counts unknown categories per attribute and overall', () => {
    expect(report.unknown.byAttribute).toEqual({ sex: { n: 15, selected: 6, share: 0.0375 }, race: { n: 20, selected: 5, share: 0.05 } });
    expect(report.unknown.any).toEqual({ n: 35, selected: 11, share: 0.0875 });
  });

  it('lets small groups in when the limits allow, which changes the most favoured group', () => {
    const loose = runAudit(cells, { minGroupSize: 5, minShare: 0 });
    expect(loose.excluded).toEqual([]);
    expect(find(loose.groupings, 'race', () => true)[0].reference).toEqual({ race: 'C' });
    expect(loose.verdicts.filter((v) => v.grouping.join() === 'race').every((v) => v.reference.race === 'C')).toBe(true);
    expect(loose.verdicts.some((v) => v.reference.race === 'C')).toBe(true);
  });

  it('applies the 2 % rule to a group large enough on its own', () => {
    const big = [cell('X', 'A', 2460, 1000), cell('Y', 'A', 40, 5)];
    const strict = runAudit(big, { attributes: ['sex'] });
    expect(strict.excluded.map((e) => [e.group, e.rule])).toEqual([[{ sex: 'Y' }, 'min-share']]);
    expect(strict.verdicts).toEqual([]);
    const relaxed = runAudit(big, { attributes: ['sex'], minShare: 0.01 });
    expect(relaxed.verdicts.map((v) => [v.metric, v.pass])).toEqual([
      ['impactRatio', false],
      ['demographicParityDifference', false],
    ]);
  });

  it('uses a configured reference for differences but the most favoured group for impact ratios', () => {
    const r = runAudit(cells, { reference: { sex: 'F' }, groupBy: [['sex']] });
    expect(r.comparisons.filter((c) => c.metric === 'demographicParityDifference').map((c) => [c.group, c.reference])).toEqual([[{ sex: 'M' }, { sex: 'F' }]]);
    expect(r.comparisons.filter((c) => c.metric === 'impactRatio').map((c) => [c.group, c.reference])).toEqual([[{ sex: 'F' }, { sex: 'M' }]]);
  });

  it('skips label and scoring metrics the data cannot support', () => {
    const r = runAudit([cell('F', 'A', 50, 10), cell('M', 'A', 50, 20)], { attributes: ['sex'] });
    expect(r.skipped.map((s) => s.metric)).toEqual(['scoringImpactRatio', 'equalOpportunityDifference', 'falsePositiveRateDifference', 'equalizedOddsDifference', 'predictiveParityDifference']);
    expect(new Set(r.comparisons.map((c) => c.metric))).toEqual(new Set(['impactRatio', 'demographicParityDifference', 'demographicParityRatio']));
  });

  it('computes scoring-rate impact ratios from counts above the sample median', () => {
    const r = runAudit([cell('F', 'A', 76, 0, undefined, { scored: 76, scoreAboveMedian: 34 }), cell('M', 'A', 92, 0, undefined, { scored: 92, scoreAboveMedian: 50 })], { attributes: ['sex'] });
    const [v] = r.verdicts.filter((x) => x.metric === 'scoringImpactRatio');
    expect(v.value).toBeCloseTo(34 / 76 / (50 / 92), 12);
    expect(v.pass).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(runAudit([...cells].reverse()))).toBe(JSON.stringify(report));
  });

  it('gives the same report, to the last digit, whatever order the cells come in', () => {
    // Sums of floating-point scores depend on the order of addition: (0.1 + 0.2) + 0.3 ≠ 0.1 + (0.2 + 0.3).
    const bin = (n: number, meanScore: number, positives: number) => [{ lo: 0, hi: 1, n, meanScore, positives }];
    const scored = [
      cell('F', 'A', 10, 4, [3, 1, 5, 1], { brierSum: 0.1, calibration: bin(10, 0.1, 4) }),
      cell('F', 'B', 10, 4, [3, 1, 5, 1], { brierSum: 0.2, calibration: bin(10, 0.2, 4) }),
      cell('F', 'C', 10, 4, [3, 1, 5, 1], { brierSum: 0.3, calibration: bin(10, 0.3, 4) }),
      cell('M', 'A', 30, 12, [9, 3, 15, 3], { brierSum: 0.7, calibration: bin(30, 0.6, 12) }),
    ];
    const inOrder = JSON.stringify(runAudit(scored, { attributes: ['sex'], minGroupSize: 1, minShare: 0 }));
    expect(JSON.stringify(runAudit([...scored].reverse(), { attributes: ['sex'], minGroupSize: 1, minShare: 0 }))).toBe(inOrder);
    expect(JSON.stringify(runAudit([scored[1], scored[3], scored[0], scored[2]], { attributes: ['sex'], minGroupSize: 1, minShare: 0 }))).toBe(inOrder);
  });

  it.each([
    [{ attributes: [] }, 'config.attributes must name at least one'],
    [{ groupBy: [['age']] }, 'config.groupBy[0] names age'],
    [{ minShare: 1 }, 'config.minShare must lie in [0, 1)'],
    [{ confidence: 95 }, 'config.confidence must lie in (0, 1)'],
    [{ alpha: 0 }, 'config.alpha must lie in (0, 1)'],
    [{ minGroupSize: 2.5 }, 'config.minGroupSize must be a non-negative integer'],
    [{ thresholds: { impactRatioo: 0.8 } }, 'config.thresholds.impactRatioo is not a metric'],
    [{ thresholds: { impactRatio: -1 } }, 'config.thresholds.impactRatio must be a non-negative number or null'],
  ])('refuses the config %o', (config, message) => {
    expect(() => runAudit(cells, config as never)).toThrow(DomainError);
    expect(() => runAudit(cells, config as never)).toThrow(message);
  });

  it('turns a metric off with a null threshold', () => {
    const r = runAudit(cells, { thresholds: { impactRatio: null } });
    expect(r.verdicts.some((v) => v.metric === 'impactRatio')).toBe(false);
    expect(r.comparisons.some((c) => c.metric === 'impactRatio')).toBe(true);
  });
});

describe('groupsCsv', () => {
  it('renders the total and every group, rates with their bounds', () => {
    const report = runAudit(cells);
    const { header, records } = parseCsv(groupsCsv(report));
    expect(header.slice(0, 6)).toEqual(['grouping', 'sex', 'race', 'n', 'share', 'selected']);
    expect(header).toContain('tprLower');
    expect(records).toHaveLength(1 + report.groups.length);
    const at = (row: string[], column: string): string => row[header.indexOf(column)];
    const f = records.find((r) => at(r.fields, 'grouping') === 'sex' && at(r.fields, 'sex') === 'F')!.fields;
    expect(Number(at(f, 'selectionRate'))).toBe(47 / 180);
    expect(at(f, 'race')).toBe('');
    const c = records.find((r) => at(r.fields, 'grouping') === 'race' && at(r.fields, 'race') === 'C')!.fields;
    expect(at(c, 'eligibleSelection')).toBe('false');
    expect(at(c, 'excludedBecause')).toContain('minimum group size');
  });
});
