import { parseCsv } from './csv.js';
import { ll144Attributes, ll144Csv, ll144Summary, type Ll144Options } from './ll144.js';
import type { Cell } from './metrics/cells.js';

const options: Ll144Options = {
  rate: 'selection',
  source: { kind: 'historical', description: 'decisions of model credit-v3' },
  period: { from: '2026-01-01', to: '2026-06-30' },
};

const scored = (attributes: Record<string, string | null>, applicants: number, above: number): Cell => ({ attributes, n: applicants, selected: 0, scored: applicants, scoreAboveMedian: above });

describe('ll144Summary', () => {
  // The worked example in the DCWP rules (6 RCNY § 5-301(c)): applicants scored for "culture fit",
  // counts recovered from the published rates (54.3 % of 92 = 50, 44.7 % of 76 = 34 …).
  it("reproduces the DCWP example's scoring-rate impact ratios by sex", () => {
    const s = ll144Summary([scored({ sex: 'Male' }, 92, 50), scored({ sex: 'Female' }, 76, 34)], { ...options, rate: 'scoring' });
    expect(s.sex.map((r) => [r.category.sex, r.applicants, Number(r.rate!.toFixed(3)), Number(r.impactRatio!.toFixed(2))])).toEqual([
      ['Female', 76, 0.447, 0.82],
      ['Male', 92, 0.543, 1],
    ]);
    expect(s.unknown.raceEthnicity).toBe(168);
  });

  it("reproduces the DCWP example's scoring-rate impact ratios by race/ethnicity", () => {
    const race = (r: string, n: number, above: number): Cell => scored({ race: r }, n, above);
    const s = ll144Summary(
      [race('Hispanic or Latino', 28, 18), race('White', 40, 15), race('Black or African American', 32, 16), race('Native Hawaiian or Pacific Islander', 8, 5), race('Asian', 24, 10)],
      { ...options, rate: 'scoring' },
    );
    const ratios = Object.fromEntries(s.raceEthnicity.map((r) => [r.category.race, Number(r.impactRatio!.toFixed(2))]));
    expect(ratios).toEqual({ 'Hispanic or Latino': 1, White: 0.58, 'Black or African American': 0.78, 'Native Hawaiian or Pacific Islander': 0.97, Asian: 0.65 });
  });

  const cells: Cell[] = [
    { attributes: { sex: 'F', race: 'A' }, n: 300, selected: 60 },
    { attributes: { sex: 'F', race: 'B' }, n: 200, selected: 50 },
    { attributes: { sex: 'M', race: 'A' }, n: 350, selected: 105 },
    { attributes: { sex: 'M', race: 'B' }, n: 120, selected: 30 },
    { attributes: { sex: 'M', race: 'C' }, n: 10, selected: 6 },
    { attributes: { sex: null, race: 'A' }, n: 12, selected: 2 },
    { attributes: { sex: 'F', race: 'Unknown' }, n: 8, selected: 1 },
  ];

  it('gives selection rates and impact ratios by sex, race and their intersections, with unknown counts', () => {
    const s = ll144Summary(cells, options);
    expect(s.applicants).toBe(1000);
    expect(s.unknown).toEqual({ sex: 12, raceEthnicity: 8, intersectional: 20 });
    // F: 111/508, M: 141/480.
    expect(s.sex.map((r) => [r.category.sex, r.applicants, r.rate, r.impactRatio])).toEqual([
      ['F', 508, 111 / 508, 111 / 508 / (141 / 480)],
      ['M', 480, 141 / 480, 1],
    ]);
    expect(s.intersectional.map((r) => `${r.category.sex}/${r.category.race}`)).toEqual(['F/A', 'F/B', 'M/A', 'M/B', 'M/C']);
    expect(s.intersectional.find((r) => r.category.race === 'A' && r.category.sex === 'M')!.impactRatio).toBe(1);
  });

  it('shows a category under 2 % with its count and rate but no impact ratio, and says why', () => {
    const s = ll144Summary(cells, options);
    const c = s.raceEthnicity.find((r) => r.category.race === 'C')!;
    expect(c).toMatchObject({ applicants: 10, rate: 0.6, impactRatio: null });
    expect(c.excluded).toContain('10 of 1000 applicants (1.00 %) is under 2.00 % of the data');
    // Without the exclusion C, at 0.6, would be the most favoured race.
    const all = ll144Summary(cells, { ...options, minShare: 0 });
    expect(all.raceEthnicity.find((r) => r.category.race === 'C')!.impactRatio).toBe(1);
  });

  it('refuses a share outside [0, 1)', () => {
    expect(() => ll144Summary(cells, { ...options, minShare: 2 })).toThrow('minShare must lie in [0, 1), got 2');
  });

  it('reads other attribute names', () => {
    const s = ll144Summary([{ attributes: { gender: 'F', ethnicity: 'X' }, n: 10, selected: 5 }], { ...options, sex: 'gender', raceEthnicity: 'ethnicity', minShare: 0 });
    expect(s.intersectional).toEqual([{ category: { gender: 'F', ethnicity: 'X' }, applicants: 10, rate: 0.5, impactRatio: 1 }]);
  });
});

describe('ll144Csv', () => {
  it('renders every table with its unknown count', () => {
    const { header, records } = parseCsv(ll144Csv(ll144Summary(tiny(), options)));
    expect(header).toEqual(['table', 'sex', 'raceEthnicity', 'applicants', 'selectionRate', 'impactRatio', 'note']);
    expect(records.map((r) => r.fields.slice(0, 4))).toEqual([
      ['sex', 'F', '', '10'],
      ['sex', '', '', '2'],
      ['raceEthnicity', '', 'A', '10'],
      ['raceEthnicity', '', '', '2'],
      ['intersectional', 'F', 'A', '10'],
      ['intersectional', '', '', '2'],
    ]);
    expect(records[1].fields[6]).toBe('unknown category: not included in the calculations');
  });

  function tiny(): Cell[] {
    return [
      { attributes: { sex: 'F', race: 'A' }, n: 10, selected: 4 },
      { attributes: { sex: '', race: '' }, n: 2, selected: 1 },
    ];
  }
});

describe('ll144Attributes', () => {
  it.each<[{ sex?: string; raceEthnicity?: string }, string[], ReturnType<typeof ll144Attributes>]>([
    [{}, ['sex', 'race'], { sex: 'sex', raceEthnicity: 'race' }],
    [{}, ['sex', 'ethnicity'], { sex: 'sex', raceEthnicity: 'ethnicity' }],
    [{ sex: 'race' }, ['race', 'ethnicity'], { sex: 'race', raceEthnicity: 'ethnicity' }],
    [{ sex: 'gender', raceEthnicity: 'origin' }, [], { sex: 'gender', raceEthnicity: 'origin' }],
    [{ sex: 'sex', raceEthnicity: 'sex' }, ['sex'], 'must name an attribute other than the sex attribute "sex"'],
    [{ raceEthnicity: 'sex' }, ['sex'], 'must name an attribute other than the sex attribute "sex"'],
  ])('%p over %p', (asked, attributes, expected) => {
    expect(ll144Attributes(asked, attributes)).toEqual(expected);
  });
});
