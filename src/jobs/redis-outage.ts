import type { Logger } from '@nestjs/common';
import type { JobName } from './job-types.js';

export interface OutgoingJob {
  name: JobName;
  payload: unknown;
  jobId: string;
  attempts: number;
  delayMs?: number;
}

/** How long one Redis write may take before it counts as failed and the work is held instead. */
export const REDIS_WRITE_TIMEOUT_MS = 2000;
const RETRY_MS = 500;

/**
 * Jobs enqueued while Redis does not answer. BullMQ's own connections wait for Redis without
 * limit, which would stall the request that enqueued the job; instead the job is kept here and
 * handed to Redis, in order, as soon as it answers again. A job handed over twice (a write that
 * timed out but still landed) runs once: every job has an id by then.
 */
export class HeldJobs {
  private readonly held = new Map<string, OutgoingJob>();
  private timer?: NodeJS.Timeout;
  private flushing = false;
  private stopped = false;

  constructor(
    private readonly write: (job: OutgoingJob) => Promise<unknown>,
    private readonly ready: () => boolean,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.held.size;
  }

  /** Hands the job to Redis, or holds it when Redis is away; never waits longer than one write. */
  async send(job: OutgoingJob): Promise<void> {
    if (!this.held.size && this.ready() && (await attempt(() => this.write(job)))) return;
    if (!this.held.size) this.logger.warn('Redis is unavailable: holding new jobs in this process until it answers again');
    this.held.set(`${job.name}:${job.jobId}`, job);
    this.retrySoon();
  }

  async flush(): Promise<void> {
    if (this.flushing || !this.held.size) return;
    this.flushing = true;
    let sent = 0;
    try {
      for (const [key, job] of this.held) {
        if (this.stopped || !this.ready() || !(await attempt(() => this.write(job)))) break;
        this.held.delete(key);
        sent++;
      }
      if (sent && !this.held.size) this.logger.log(`Redis answers again: handed ${sent} held job(s) to it`);
    } finally {
      this.flushing = false;
      if (this.held.size) this.retrySoon();
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.held.size) this.logger.error(`Stopping with ${this.held.size} job(s) that Redis never took: ${[...this.held.keys()].join(', ')}`);
  }

  private retrySoon(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, RETRY_MS);
    this.timer.unref();
  }
}

interface Schedule {
  upsert: () => Promise<unknown>;
  exists: () => Promise<boolean>;
}

/**
 * Job schedulers as this instance last set them. A change made while Redis is away is written when
 * it answers again, and schedulers a restarted Redis lost are written again; schedulers that exist
 * are left alone, since another instance may have changed them since.
 */
export class HeldSchedules {
  private readonly wanted = new Map<string, Schedule>();
  private readonly unwritten = new Map<string, () => Promise<unknown>>();
  private restoring = false;

  constructor(
    private readonly ready: () => boolean,
    private readonly logger: Logger,
  ) {}

  set(id: string, schedule: Schedule): Promise<void> {
    this.wanted.set(id, schedule);
    return this.change(id, schedule.upsert);
  }

  remove(id: string, remove: () => Promise<unknown>): Promise<void> {
    this.wanted.delete(id);
    return this.change(id, remove);
  }

  async restore(): Promise<void> {
    if (this.restoring) return;
    this.restoring = true;
    try {
      for (const [id, write] of this.unwritten) if (this.ready() && (await attempt(write))) this.unwritten.delete(id);
      for (const [id, schedule] of this.wanted) {
        if (this.unwritten.has(id) || !this.ready()) continue;
        const present = await attempt(async () => {
          if (!(await schedule.exists())) {
            await schedule.upsert();
            this.logger.log(`Job scheduler ${id} was missing from Redis and is set again`);
          }
        });
        if (!present) this.unwritten.set(id, schedule.upsert);
      }
    } finally {
      this.restoring = false;
    }
  }

  private async change(id: string, write: () => Promise<unknown>): Promise<void> {
    if (this.ready() && (await attempt(write))) {
      this.unwritten.delete(id);
      return;
    }
    this.logger.warn(`Redis is unavailable: job scheduler ${id} is written when it answers again`);
    this.unwritten.set(id, write);
  }
}

/** Runs one Redis write with a time limit; whether it succeeded. */
async function attempt(write: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('Redis write timed out')), REDIS_WRITE_TIMEOUT_MS)));
  try {
    await Promise.race([write(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
