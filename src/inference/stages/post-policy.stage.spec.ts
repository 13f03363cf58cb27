import { mergeObligations } from './post-policy.stage.js';

describe('mergeObligations', () => {
  it('keeps one obligation per name, with every rule and the union of the rows it applies to', () => {
    expect(
      mergeObligations([
        { name: 'human_review', rules: ['a'], rows: [3, 1] },
        { name: 'human_review', rules: ['b', 'a'], rows: [1, 2] },
        { name: 'notify_subject', rules: ['c'] },
      ]),
    ).toEqual([
      { name: 'human_review', rules: ['a', 'b'], rows: [1, 2, 3] },
      { name: 'notify_subject', rules: ['c'] },
    ]);
  });

  it('applies an obligation to every row once one of its rules did', () => {
    expect(mergeObligations([{ name: 'human_review', rules: ['a'], rows: [0] }, { name: 'human_review', rules: ['b'] }])).toEqual([{ name: 'human_review', rules: ['a', 'b'] }]);
  });
});
