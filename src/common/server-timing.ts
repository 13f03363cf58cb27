/**
 * How long the named steps of one request took, for a `Server-Timing` response header
 * (`consent;dur=1.21, pre-policy;dur=0.40, …`, milliseconds), which browsers' developer tools and
 * load generators read. Names are the steps' own (tokens: letters, digits and dashes).
 */
export class StepTimings {
  private readonly steps: { name: string; ms: number }[] = [];

  /** Runs `work` and records how long it took under `name`, whether it succeeds or fails. */
  async time<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.steps.push({ name, ms: performance.now() - started });
    }
  }

  header(): string {
    return this.steps.map((s) => `${s.name};dur=${s.ms.toFixed(2)}`).join(', ');
  }
}

/** `work`, timed under `name` when there is a `timings` to record it in. */
export function timed<T>(timings: StepTimings | undefined, name: string, work: () => Promise<T> | T): Promise<T> | T {
  return timings ? timings.time(name, work) : work();
}

/** Parses a `Server-Timing` header into milliseconds per name (durations of a name seen twice add up). */
export function parseServerTiming(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const metric of header.split(',')) {
    const [name, ...params] = metric.trim().split(';');
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    if (!name || !dur) continue;
    const ms = Number(dur.slice(4));
    if (Number.isFinite(ms)) out.set(name, (out.get(name) ?? 0) + ms);
  }
  return out;
}
