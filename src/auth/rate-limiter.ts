import { Inject, Injectable, Logger } from '@nestjs/common';
import { RedisConnections } from '../common/redis.js';
import { decide, windowOf, type RateDecision } from './rate-limit-rules.js';

/**
 * Counts requests per key per minute: in Redis when it is configured (so the limit holds across
 * instances), in this process otherwise or while Redis is unreachable.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private readonly local = new Map<string, number>();
  private localWindow = -1;

  constructor(@Inject(RedisConnections) private readonly redis: RedisConnections) {}

  async hit(subject: string, limit: number, nowMs = Date.now()): Promise<RateDecision> {
    const window = windowOf(nowMs);
    const count = (await this.countInRedis(subject, window.id)) ?? this.countLocally(subject, window.id);
    return decide(count, limit, window.resetMs);
  }

  private async countInRedis(subject: string, windowId: number): Promise<number | null> {
    const client = this.redis.commands;
    if (!client) return null;
    const key = `warden:rl:${subject}:${windowId}`;
    try {
      const [[, count]] = (await client.multi().incr(key).pexpire(key, 120_000).exec()) as [[Error | null, number]];
      return count;
    } catch (error) {
      this.logger.warn(`Counting in this process while Redis is unavailable: ${(error as Error).message}`);
      return null;
    }
  }

  private countLocally(subject: string, windowId: number): number {
    if (windowId !== this.localWindow) {
      this.local.clear();
      this.localWindow = windowId;
    }
    const count = (this.local.get(subject) ?? 0) + 1;
    this.local.set(subject, count);
    return count;
  }
}
