/**
 * Speed for the PII benchmark: texts per second of CPU time on the thread that runs them, and `scrub`
 * on records shaped like what Warden stores and logs.
 *
 * CPU time of that one thread rather than wall-clock time: the benchmark shares its machine, and time
 * spent waiting for a core says nothing about a system. The process runs garbage collection on that
 * thread, so that each system is charged with the collection it causes; V8's compilation in the
 * background is not counted, as it would not be in service once warm. Linux updates a running thread's
 * CPU time at each scheduler tick (a few milliseconds), so rounds are long enough to make that small.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { scrub } from '../src/privacy/index.js';

export interface Timed {
  name: string;
  run(text: string): unknown;
}

export interface Speed {
  /** Median over the timed rounds. */
  median: number;
  /** Fastest round. */
  best: number;
  /** Texts per second in each round, in round order (every system gets the same texts in a round). */
  rounds: number[];
}

/**
 * How many times faster `a` is than `b`: the median over the rounds of the two systems' speeds on the
 * same texts, so that rounds heavier or lighter than others for both do not sway the comparison.
 */
export function speedRatio(a: Speed, b: Speed): number {
  return median(a.rounds.map((rate, k) => rate / b.rounds[k]));
}

/** CPU seconds this thread has run (Linux), or the whole process's elsewhere. */
function cpuSeconds(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  }
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Every system first handles the same warm-up texts (long enough for V8 to compile every system's hot
 * code to its top tier), then the systems take turns, in a rotating order, over rounds of fresh texts
 * (other seeds: nobody is timed on texts it has seen), with a garbage collection before each turn.
 */
export function throughput(systems: readonly Timed[], warmUp: readonly string[][], rounds: readonly string[][]): Map<string, Speed> {
  for (const system of systems) for (const texts of warmUp) for (const t of texts) system.run(t);
  const rates = new Map<string, number[]>(systems.map((s) => [s.name, []]));
  rounds.forEach((texts, round) => {
    for (let k = 0; k < systems.length; k++) {
      const system = systems[(k + round) % systems.length];
      collectGarbage();
      const started = cpuSeconds();
      for (const t of texts) system.run(t);
      rates.get(system.name)!.push(texts.length / (cpuSeconds() - started));
    }
  });
  return new Map([...rates].map(([name, r]) => [name, { median: median(r), best: Math.max(...r), rounds: r }]));
}

/** A log line, an audit detail and a job payload around one message, as `scrub` sees them in service. */
function records(messages: readonly string[]): unknown[] {
  return messages.map((message, i) => ({
    requestId: randomUUID(),
    tenantId: randomUUID(),
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    level: 'info',
    event: i % 3 === 0 ? 'inference.completed' : i % 3 === 1 ? 'policy.denied' : 'job.enqueued',
    model: { id: randomUUID(), version: `sha256:${(i * 2654435761).toString(16).padStart(8, '0').repeat(8)}`, name: 'churn-risk' },
    latencyMs: (i % 97) + 3,
    detail: { message, attempts: i % 4, tags: ['support', 'eu-west'], ok: i % 5 !== 0 },
  }));
}

export interface ScrubSpeed {
  recordsPerSecond: number;
  stringsPerSecond: number;
  /** Strings (keys included) in one record. */
  stringsPerRecord: number;
}

/** Median records per CPU-second of `scrub` over the same rounds of messages. */
export function scrubThroughput(warmUp: readonly string[][], rounds: readonly string[][]): ScrubSpeed {
  for (const texts of warmUp) for (const r of records(texts)) scrub(r);
  const perRecord = rounds.map((texts) => {
    const batch = records(texts);
    collectGarbage();
    const started = cpuSeconds();
    for (const r of batch) scrub(r);
    return batch.length / (cpuSeconds() - started);
  });
  const recordsPerSecond = median(perRecord);
  const strings = countStrings(records(['x'])[0]);
  return { recordsPerSecond, stringsPerSecond: recordsPerSecond * strings, stringsPerRecord: strings };
}

/** Strings in a value, keys included, as `scrub` visits them. */
function countStrings(value: unknown): number {
  if (typeof value === 'string') return 1;
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countStrings(v), 0);
  return Object.entries(value).reduce((n, [, v]) => n + 1 + countStrings(v), 0);
}
