import { canTransition, MODEL_STATUSES, serves, type ModelStatus } from './lifecycle.js';

describe('model lifecycle', () => {
  const allowed = new Set(['draft>active', 'draft>retired', 'active>suspended', 'active>retired', 'suspended>active', 'suspended>retired']);
  const pairs = MODEL_STATUSES.flatMap((from) => MODEL_STATUSES.map((to) => [from, to] as [ModelStatus, ModelStatus]));

  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it('serves only active versions', () => {
    expect(MODEL_STATUSES.filter(serves)).toEqual(['active']);
  });
});
