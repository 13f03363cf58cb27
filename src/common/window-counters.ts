import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/config.module.js';
import { RedisConnections } from './redis.js';

export interface CounterRequest {
  key: string;
  /** How long the counter lives after its last increment (the window's remaining time, at least). */
  ttlMs: number;
  /**
   * For a count that must go on where it stood should the counter be lost (Redis restarted or
   * away, this process restarted): the count so far, read from what was counted. Asked only when
   * the counter is missing; the count then goes on from it.
   */
  countSoFar?: () => Promise<number>;
}

interface Pending {
  requests: CounterRequest[];
  now: number;
  resolve: (counts: number[]) => void;
  reject: (error: unknown) => void;
}

/**
 * INCR and PEXPIRE for every key, in order, in one atomic step: a key named twice is counted twice.
 * A key flagged in ARGV (after the TTLs) that does not exist is left alone and answered 0: its
 * count so far is to be read first.
 */
const INCREMENT_ALL = `local counts = {}
local n = #KEYS
for i, key in ipairs(KEYS) do
  if ARGV[n + i] == '1' and redis.call('EXISTS', key) == 0 then
    counts[i] = 0
  else
    counts[i] = redis.call('INCR', key)
    redis.call('PEXPIRE', key, ARGV[i])
  end
end
return counts`;

/** Sets a missing counter to its count so far (the first of several callers to get here wins), then increments it. */
const RESUME = `redis.call('SET', KEYS[1], ARGV[1], 'NX')
local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return count`;

type Counting = Redis & {
  wardenIncrementAll(keyCount: number, ...args: (string | number)[]): Promise<number[]>;
  wardenResume(key: string, countSoFar: number, ttlMs: number): Promise<number>;
};

/**
 * Shared counters for fixed windows (rate limits, quotas, metering tiers): in Redis when
 * configured, so every instance counts together; in this process otherwise, or while Redis is
 * unreachable. The increments asked for within one turn of the event loop go to Redis as one
 * script call, whoever asked for them.
 */
@Injectable()
export class WindowCounters {
  private readonly logger = new Logger('WindowCounters');
  private readonly local = new Map<string, { count: number; expires: number }>();
  private lastSweep = 0;
  private pending: Pending[] = [];
  private readonly client: Counting | null;
  private readonly prefix: string;

  constructor(@Inject(RedisConnections) redis: RedisConnections, @Inject(AppConfig) config: AppConfig) {
    this.client = redis.commands as Counting | null;
    this.prefix = `${config.redisPrefix}:count:`;
    this.client?.defineCommand('wardenIncrementAll', { lua: INCREMENT_ALL });
    this.client?.defineCommand('wardenResume', { lua: RESUME, numberOfKeys: 1 });
  }

  /** Adds one to each counter and returns the counts after the increment, in order. */
  increment(requests: CounterRequest[], now = Date.now()): Promise<number[]> {
    if (!requests.length) return Promise.resolve([]);
    if (!this.client) return this.locally(requests, now);
    return new Promise((resolve, reject) => {
      if (!this.pending.length) setImmediate(() => void this.flush());
      this.pending.push({ requests, now, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const requests = batch.flatMap((p) => p.requests);
    let counts: number[];
    try {
      counts = await this.client!.wardenIncrementAll(
        requests.length,
        ...requests.map((r) => this.prefix + r.key),
        ...requests.map((r) => Math.ceil(r.ttlMs)),
        ...requests.map((r) => (r.countSoFar ? 1 : 0)),
      );
    } catch (error) {
      this.logger.warn(`Counting in this process while Redis is unavailable: ${(error as Error).message}`);
      for (const p of batch) this.locally(p.requests, p.now).then(p.resolve, p.reject);
      return;
    }
    let at = 0;
    const soFar = new Map<string, Promise<number>>();
    for (const p of batch) {
      const own = counts.slice(at, (at += p.requests.length)).map(Number);
      // Should Redis go away between the two steps, the call is counted in the process instead.
      if (own.includes(0)) this.resume(p.requests, own, soFar).then(p.resolve, () => this.locally(p.requests, p.now).then(p.resolve, p.reject));
      else p.resolve(own);
    }
  }

  /** Counts the counters Redis had lost (answered 0) on from their counts so far, each read once per flush. */
  private async resume(requests: CounterRequest[], counts: number[], soFar: Map<string, Promise<number>>): Promise<number[]> {
    return Promise.all(
      counts.map(async (count, i) => {
        if (count !== 0) return count;
        const { key, ttlMs, countSoFar } = requests[i];
        if (!soFar.has(key)) soFar.set(key, countSoFar!());
        return Number(await this.client!.wardenResume(this.prefix + key, await soFar.get(key)!, Math.ceil(ttlMs)));
      }),
    );
  }

  private async locally(requests: CounterRequest[], now: number): Promise<number[]> {
    if (now - this.lastSweep > 60_000) {
      for (const [key, entry] of this.local) if (entry.expires <= now) this.local.delete(key);
      this.lastSweep = now;
    }
    const counts: number[] = [];
    for (const r of requests) {
      let entry = this.local.get(r.key);
      if ((!entry || entry.expires <= now) && r.countSoFar) {
        const soFar = await r.countSoFar();
        // Another call may have resumed the counter while this one read.
        entry = this.local.get(r.key);
        if (!entry || entry.expires <= now) entry = { count: soFar, expires: now + r.ttlMs };
      }
      const count = entry && entry.expires > now ? entry.count + 1 : 1;
      this.local.set(r.key, { count, expires: now + r.ttlMs });
      counts.push(count);
    }
    return counts;
  }
}
