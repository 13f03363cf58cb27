import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/config.module.js';
import { RedisConnections } from './redis.js';

export interface CounterRequest {
  key: string;
  /** How long the counter lives after its last increment (the window's remaining time, at least). */
  ttlMs: number;
}

interface Pending {
  requests: CounterRequest[];
  now: number;
  resolve: (counts: number[]) => void;
}

/** INCR and PEXPIRE for every key, in order, in one atomic step: a key named twice is counted twice. */
const INCREMENT_ALL = `local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  redis.call('PEXPIRE', key, ARGV[i])
end
return counts`;

type Counting = Redis & { wardenIncrementAll(keyCount: number, ...args: (string | number)[]): Promise<number[]> };

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
  }

  /** Adds one to each counter and returns the counts after the increment, in order. */
  increment(requests: CounterRequest[], now = Date.now()): Promise<number[]> {
    if (!requests.length) return Promise.resolve([]);
    if (!this.client) return Promise.resolve(this.locally(requests, now));
    return new Promise((resolve) => {
      if (!this.pending.length) setImmediate(() => void this.flush());
      this.pending.push({ requests, now, resolve });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const requests = batch.flatMap((p) => p.requests);
    let counts: number[];
    try {
      counts = await this.client!.wardenIncrementAll(requests.length, ...requests.map((r) => this.prefix + r.key), ...requests.map((r) => Math.ceil(r.ttlMs)));
    } catch (error) {
      this.logger.warn(`Counting in this process while Redis is unavailable: ${(error as Error).message}`);
      for (const p of batch) p.resolve(this.locally(p.requests, p.now));
      return;
    }
    let at = 0;
    for (const p of batch) p.resolve(counts.slice(at, (at += p.requests.length)).map(Number));
  }

  private locally(requests: CounterRequest[], now: number): number[] {
    if (now - this.lastSweep > 60_000) {
      for (const [key, entry] of this.local) if (entry.expires <= now) this.local.delete(key);
      this.lastSweep = now;
    }
    return requests.map((r) => {
      const entry = this.local.get(r.key);
      const count = entry && entry.expires > now ? entry.count + 1 : 1;
      this.local.set(r.key, { count, expires: now + r.ttlMs });
      return count;
    });
  }
}
