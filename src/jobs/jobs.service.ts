import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { RedisConnections } from '../common/redis.js';
import { AppConfig } from '../config/config.module.js';
import { scrubForStorage } from '../pii/scrub.js';
import type { JobHandler, JobName, JobOptions, JobPayloads } from './job-types.js';
import { HeldJobs, HeldSchedules, type OutgoingJob } from './redis-outage.js';

const DEFAULT_ATTEMPTS = 5;
const backoffMs = (attempt: number) => Math.min(200 * 2 ** (attempt - 1), 30_000);

/**
 * One BullMQ queue per kind of work when Redis is configured; without Redis the same handlers
 * run in this process, with the same retries and the same idempotency by job id.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  private readonly queues = new Map<JobName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly localKnown = new Set<string>();
  private readonly localPending = new Set<Promise<void>>();
  /** In-process schedules, each with what stops it. */
  private readonly timers = new Map<string, () => void>();
  private started = false;
  private stopping = false;
  private readonly held: HeldJobs;
  private readonly schedulers: HeldSchedules;

  constructor(
    @Inject(RedisConnections) private readonly redis: RedisConnections,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    // While Redis is away, jobs and scheduler changes wait here instead of stalling their callers.
    const ready = () => redis.commands?.status === 'ready';
    this.held = new HeldJobs((job) => this.add(job), ready, this.logger);
    this.schedulers = new HeldSchedules(ready, this.logger);
    redis.commands?.on('ready', () => void this.held.flush().then(() => this.schedulers.restore()));
  }

  get mode(): 'redis' | 'in-process' {
    return this.redis.enabled ? 'redis' : 'in-process';
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} already has a handler`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
    if (this.started) this.startWorker(name);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: JobOptions = {}): Promise<string> {
    const jobId = options.jobId ?? randomUUID();
    const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    if (this.redis.enabled) {
      // Payloads carry ids; should a caller ever pass free text, personal data in it never reaches Redis.
      await this.held.send({ name, payload: scrubForStorage(payload), jobId, attempts, delayMs: options.delayMs });
    } else if (!this.localKnown.has(`${name}:${jobId}`)) {
      this.localKnown.add(`${name}:${jobId}`);
      this.track(this.runLocally(name, payload, jobId, attempts, options.delayMs ?? 0));
    }
    return jobId;
  }

  /**
   * Runs `name` every `everyMs`: a BullMQ job scheduler shared by all instances (one run per
   * interval across the fleet), or a timer in this process without Redis. `key` tells apart several
   * schedules of one job (one per model, say); scheduling the same name and key again replaces it.
   */
  async schedule<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N], options: { key?: string } = {}): Promise<void> {
    const id = schedulerId(name, options.key);
    if (this.redis.enabled) {
      const data = scrubForStorage(payload);
      await this.schedulers.set(id, {
        upsert: () => this.queue(name).upsertJobScheduler(id, { every: everyMs }, { name, data, opts: { attempts: DEFAULT_ATTEMPTS } }),
        exists: async () => (await this.queue(name).getJobScheduler(id)) !== undefined,
      });
      return;
    }
    this.timers.get(id)?.();
    this.timers.set(id, every(everyMs, () => void this.enqueue(name, payload, { jobId: `${id}:${Math.floor(Date.now() / everyMs)}` })));
  }

  /** Stops a schedule made by `schedule` with the same name and key. */
  async unschedule(name: JobName, options: { key?: string } = {}): Promise<void> {
    const id = schedulerId(name, options.key);
    if (this.redis.enabled) {
      await this.schedulers.remove(id, () => this.queue(name).removeJobScheduler(id));
      return;
    }
    this.timers.get(id)?.();
    this.timers.delete(id);
  }

  /** Resolves when every in-process job enqueued so far has finished (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.localPending.size) await Promise.allSettled([...this.localPending]);
  }

  onApplicationBootstrap(): void {
    this.started = true;
    for (const name of this.handlers.keys()) this.startWorker(name);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.held.stop();
    for (const stop of this.timers.values()) stop();
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.drain();
  }

  /**
   * Adds a job; a job id runs a job once, as BullMQ keeps a finished job's id. A job that failed
   * every attempt runs again, attempts afresh, when its id is enqueued again: asking again is how
   * a caller repeats failed work (a settlement that met a database outage, say).
   */
  private async add(job: OutgoingJob): Promise<unknown> {
    const queue = this.queue(job.name);
    const failed = await queue.getJob(job.jobId);
    if (failed && (await failed.isFailed())) {
      // Another instance may have moved it back first; it runs then all the same.
      return failed.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => undefined);
    }
    return queue.add(job.name, job.payload, {
      jobId: job.jobId,
      delay: job.delayMs,
      attempts: job.attempts,
      backoff: { type: 'exponential', delay: 200 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  private queue(name: JobName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis.connection(), prefix: this.config.redisPrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  private startWorker(name: JobName): void {
    if (!this.redis.enabled) return;
    const handler = this.handlers.get(name)!;
    const worker = new Worker(
      name,
      async (job: Job) => handler(job.data as JobPayloads[JobName], { attempt: job.attemptsMade + 1, jobId: job.id! }),
      { connection: this.redis.connection(), prefix: this.config.redisPrefix, concurrency: 1 },
    );
    worker.on('failed', (job, error) => this.logger.warn(`Job ${name} ${job?.id} failed: ${error.message}`));
    worker.on('error', () => undefined);
    this.workers.push(worker);
  }

  private async runLocally(name: JobName, payload: unknown, jobId: string, attempts: number, delayMs: number): Promise<void> {
    if (delayMs) await sleep(delayMs);
    for (let attempt = 1; attempt <= attempts && !this.stopping; attempt++) {
      const handler = this.handlers.get(name);
      if (!handler) {
        this.logger.error(`No handler registered for job ${name}`);
        return;
      }
      try {
        await handler(payload as JobPayloads[JobName], { attempt, jobId });
        return;
      } catch (error) {
        this.logger.warn(`Job ${name} ${jobId} attempt ${attempt} failed: ${(error as Error).message}`);
        if (attempt < attempts) await sleep(backoffMs(attempt));
      }
    }
    // Failed every attempt: enqueuing the id again runs it again, as on Redis.
    this.localKnown.delete(`${name}:${jobId}`);
  }

  private track(work: Promise<void>): void {
    this.localPending.add(work);
    void work.finally(() => this.localPending.delete(work));
  }
}

const schedulerId = (name: JobName, key?: string): string => `${name}:${key ?? 'every'}`;

/** The longest delay a Node.js timer holds; longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `run` every `everyMs` (in pieces of at most MAX_TIMER_MS, so that an interval of weeks waits
 * weeks) without holding the process open; returns what stops it.
 */
export function every(everyMs: number, run: () => void): () => void {
  let timer: NodeJS.Timeout;
  let due = Date.now() + everyMs;
  const wait = () => {
    timer = setTimeout(() => {
      if (Date.now() >= due) {
        // Runs missed while the process was held up are skipped, as an interval timer skips them.
        do due += everyMs;
        while (due <= Date.now());
        run();
      }
      wait();
    }, Math.min(Math.max(due - Date.now(), 0), MAX_TIMER_MS));
    timer.unref();
  };
  wait();
  return () => clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
