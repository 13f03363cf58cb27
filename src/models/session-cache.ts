/**
 * Least-recently-used cache of loaded graphs, one per model version. Concurrent requests for a
 * version that is not loaded yet share one load; evicted graphs are released after their last use
 * has finished (callers hold them only for the duration of a run).
 */
export class SessionCache<T extends { release(): Promise<void> }> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(
    private readonly capacity: number,
    private readonly load: (key: string) => Promise<T>,
  ) {}

  get(key: string): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    entry = this.load(key);
    this.entries.set(key, entry);
    entry.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    this.evict();
    return entry;
  }

  drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    void entry.then((graph) => graph.release()).catch(() => undefined);
  }

  get size(): number {
    return this.entries.size;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map((e) => e.then((graph) => graph.release())));
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
  }
}
