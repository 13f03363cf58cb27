import { Inject, Injectable } from '@nestjs/common';
import { WindowCounters } from '../common/window-counters.js';
import { decide, windowOf, type RateDecision } from './rate-limit-rules.js';

/** Requests per key per minute, counted across instances when Redis is configured. */
@Injectable()
export class RateLimiter {
  constructor(@Inject(WindowCounters) private readonly counters: WindowCounters) {}

  async hit(subject: string, limit: number, nowMs = Date.now()): Promise<RateDecision> {
    const window = windowOf(nowMs);
    const [count] = await this.counters.increment([{ key: `rl:${subject}:${window.id}`, ttlMs: window.resetMs + 60_000 }], nowMs);
    return decide(count, limit, window.resetMs);
  }
}
