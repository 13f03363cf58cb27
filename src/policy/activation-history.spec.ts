import { rollbackTarget, rollbackTrail, type Activation } from './activation-history.js';

/** A log from shorthand: `3` activates version 3, `'<2'` rolls back to version 2 from the version then in force. */
function log(...steps: (number | `<${number}`)[]): Activation[] {
  const out: Activation[] = [];
  for (const step of steps) {
    const seq = out.length + 1;
    const base = { seq, activatedAt: new Date(Date.UTC(2026, 0, seq)), activatedBy: 'admin', reason: 'r' };
    if (typeof step === 'number') out.push({ ...base, version: step, kind: 'activate', rolledBackFrom: null });
    else out.push({ ...base, version: Number(step.slice(1)), kind: 'rollback', rolledBackFrom: out[out.length - 1].version });
  }
  return out;
}

describe('rollbackTarget', () => {
  it.each([
    ['nothing activated', log(), null],
    ['only one version ever active', log(1), null],
    ['one activation after the first', log(1, 2), 1],
    ['the version active before the current one was activated', log(1, 2, 3), 2],
    ['a second rollback goes further back, not to the version just left', log(1, 2, 3, '<2'), 1],
    ['past the first version there is nothing', log(1, 2, 3, '<2', '<1'), null],
    ['an explicit activation after rollbacks starts from there', log(1, 2, 3, '<2', 4), 2],
    ['a version rolled back from comes back only when activated again', log(1, 3, 2, 3, '<2'), 1],
    ['activated again after its rollback, it is on the trail again', log(1, 2, 3, '<2', 3), 2],
    ['re-activating an old version rolls back to the one it replaced', log(1, 2, 3, 1), 3],
    ['rolling back from a version that recurs drops every occurrence', log(1, 2, 1, 3, '<1'), 2],
  ])('%s', (_, entries, expected) => {
    expect(rollbackTarget(entries)).toBe(expected);
  });

  it('keeps the trail free of a version twice in a row', () => {
    expect(rollbackTrail(log(1, 2, 1, 3, '<1', '<2'))).toEqual([2]);
  });
});
