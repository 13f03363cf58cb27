import { Inject, Injectable, Logger } from '@nestjs/common';
import { RedisConnections } from './redis.js';

export interface CounterRequest {
  key: string;
  /** How long the counter lives after its last increment (the window's remaining time, at least). */
  ttlMs: number;
}

/**
 * Shared counters for fixed windows (rate limits, quotas): in Redis when configured, so every
 * instance counts together; in this process otherwise, or while Redis is unreachable.
 */
@Injectable()
export class WindowCounters {
  private readonly logger = new Logger('WindowCounters');
  private readonly local = new Map<string, { count: number; expires: number }>();
  private lastSweep = 0;

  constructor(@Inject(RedisConnections) private readonly redis: RedisConnections) {}

  /** Adds one to each counter and returns the counts after the increment, in order. */
  async increment(requests: CounterRequest[], now = Date.now()): Promise<number[]> {
    if (!requests.length) return [];
    return (await this.inRedis(requests)) ?? this.locally(requests, now);
  }

  private async inRedis(requests: CounterRequest[]): Promise<number[] | null> {
    const client = this.redis.commands;
    if (!client) return null;
    try {
      const tx = client.multi();
      for (const r of requests) tx.incr(`warden:count:${r.key}`).pexpire(`warden:count:${r.key}`, r.ttlMs);
      const results = (await tx.exec()) ?? [];
      return requests.map((_, i) => Number(results[i * 2][1]));
    } catch (error) {
      this.logger.warn(`Counting in this process while Redis is unavailable: ${(error as Error).message}`);
      return null;
    }
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
