import { AsyncResource } from 'node:async_hooks';

/**
 * Gathers the lookups asked for within one turn of the event loop and answers them with one call
 * of `load`, so that concurrent requests share one query instead of queueing for a connection
 * each. Every lookup is sent after it was asked for: nothing is cached between batches.
 *
 * A batch is loaded in the async context the batcher was made in, never in that of the request
 * that happened to ask first (which may hold that request's database scope).
 *
 * `groupOf` splits a turn's lookups into batches that must be loaded apart (one tenant's rows
 * under that tenant's scope); `keyOf` folds identical lookups of a batch into one.
 */
export class TurnBatcher<Q, R> {
  private pending = new Map<string, Map<string, { query: Q; waiters: Waiter<R>[] }>>();
  private scheduled = false;
  private readonly home = new AsyncResource('TurnBatcher');

  constructor(
    private readonly load: (group: string, queries: Q[]) => Promise<R[]>,
    private readonly keyOf: (query: Q) => string,
    private readonly groupOf: (query: Q) => string = () => '',
  ) {}

  get(query: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const groupKey = this.groupOf(query);
      let group = this.pending.get(groupKey);
      if (!group) this.pending.set(groupKey, (group = new Map()));
      const key = this.keyOf(query);
      const entry = group.get(key);
      if (entry) entry.waiters.push({ resolve, reject });
      else group.set(key, { query, waiters: [{ resolve, reject }] });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.home.runInAsyncScope(() => this.flush()));
      }
    });
  }

  private flush(): void {
    const batches = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [groupKey, group] of batches) {
      const entries = [...group.values()];
      this.load(
        groupKey,
        entries.map((e) => e.query),
      ).then(
        (results) => {
          entries.forEach((e, i) => e.waiters.forEach((w) => w.resolve(results[i] as R)));
        },
        (error: unknown) => entries.forEach((e) => e.waiters.forEach((w) => w.reject(error))),
      );
    }
  }
}

interface Waiter<R> {
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}
