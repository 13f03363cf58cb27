import { Inject, Injectable } from '@nestjs/common';
import { WindowCounters } from '../common/window-counters.js';
import type { CompiledPolicy } from './compile.js';
import type { PolicyContext } from './policy-context.js';
import { quotaChecks, quotaVerdict, type QuotaVerdict } from './quota.js';

/** Counts a call against every quota rule that applies to it, in the shared counters. */
@Injectable()
export class QuotaCounter {
  constructor(@Inject(WindowCounters) private readonly counters: WindowCounters) {}

  async count(policy: CompiledPolicy, ctx: PolicyContext, now: Date): Promise<{ verdict: QuotaVerdict; usage: { minute: number; day: number } }> {
    const checks = quotaChecks(policy, ctx);
    const counts = await this.counters.increment(
      checks.map((c) => ({ key: `quota:${c.key}`, ttlMs: Math.max(1000, Date.parse(c.resetAt) - now.getTime() + 60_000) })),
      now.getTime(),
    );
    const byKey = Object.fromEntries(checks.map((c, i) => [c.key, counts[i]]));
    const usage = { minute: 0, day: 0 };
    checks.forEach((c, i) => (usage[c.window] = Math.max(usage[c.window], counts[i] - 1)));
    return { verdict: quotaVerdict(byKey, checks, now), usage };
  }
}
