import { AsyncLocalStorage } from 'node:async_hooks';
import { TurnBatcher } from './turn-batcher.js';

describe('TurnBatcher', () => {
  it('loads the lookups of one turn together, one load per group, folding identical ones', async () => {
    const loads: [string, string[]][] = [];
    const batcher = new TurnBatcher<{ group: string; id: string }, string>(
      async (group, queries) => {
        loads.push([group, queries.map((q) => q.id)]);
        return queries.map((q) => `${group}:${q.id}`);
      },
      (q) => q.id,
      (q) => q.group,
    );
    const answers = await Promise.all([
      batcher.get({ group: 'a', id: '1' }),
      batcher.get({ group: 'b', id: '1' }),
      batcher.get({ group: 'a', id: '2' }),
      batcher.get({ group: 'a', id: '1' }),
    ]);
    expect(answers).toEqual(['a:1', 'b:1', 'a:2', 'a:1']);
    expect(loads).toEqual([
      ['a', ['1', '2']],
      ['b', ['1']],
    ]);
    expect(await batcher.get({ group: 'a', id: '3' })).toBe('a:3');
    expect(loads).toHaveLength(3);
  });

  it('fails every lookup of a batch whose load fails, and only that batch', async () => {
    const batcher = new TurnBatcher<string, string>(
      async (group, ids) => {
        if (group === 'bad') throw new Error('down');
        return ids;
      },
      (id) => id,
      (id) => (id.startsWith('x') ? 'bad' : 'good'),
    );
    const results = await Promise.allSettled([batcher.get('x1'), batcher.get('x2'), batcher.get('y')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('loads outside the async context of the callers, and resumes each caller in its own', async () => {
    const store = new AsyncLocalStorage<string>();
    const loadedIn: (string | undefined)[] = [];
    const batcher = new TurnBatcher<string, string>(
      async (_, ids) => {
        loadedIn.push(store.getStore());
        return ids;
      },
      (id) => id,
    );
    const seen = await Promise.all(
      ['one', 'two'].map((caller) =>
        store.run(caller, async () => {
          await batcher.get(caller);
          return store.getStore();
        }),
      ),
    );
    expect(loadedIn).toEqual([undefined]);
    expect(seen).toEqual(['one', 'two']);
  });
});
