import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { describeWithRedis } from '../support/redis.js';
import { startTestApp, type TestApp } from '../support/app.js';

declare module '../../src/jobs/job-types.js' {
  interface JobPayloads {
    'test.record': { value: string; failTimes?: number };
  }
}

function recorder(app: NestFastifyApplication) {
  const seen: { value: string; attempt: number }[] = [];
  const failures = new Map<string, number>();
  const jobs = app.get(JobsService);
  jobs.register('test.record', async (payload, meta) => {
    const failed = failures.get(payload.value) ?? 0;
    if (failed < (payload.failTimes ?? 0)) {
      failures.set(payload.value, failed + 1);
      throw new Error(`planned failure ${failed + 1}`);
    }
    seen.push({ value: payload.value, attempt: meta.attempt });
  });
  return { jobs, seen };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('jobs without Redis run in the process through the same handlers', () => {
  let t: TestApp;
  let recorded: ReturnType<typeof recorder>;
  beforeAll(async () => {
    t = await startTestApp();
    recorded = recorder(t.app);
  });
  afterAll(() => t.close());

  it('runs a job, retries a failing one, and runs a repeated job id once', async () => {
    const { jobs, seen } = recorded;
    expect(jobs.mode).toBe('in-process');
    await jobs.enqueue('test.record', { value: 'a' });
    await jobs.enqueue('test.record', { value: 'b', failTimes: 2 });
    await jobs.enqueue('test.record', { value: 'c' }, { jobId: 'same' });
    await jobs.enqueue('test.record', { value: 'c-again' }, { jobId: 'same' });
    await jobs.drain();
    expect(seen).toEqual(
      expect.arrayContaining([
        { value: 'a', attempt: 1 },
        { value: 'b', attempt: 3 },
        { value: 'c', attempt: 1 },
      ]),
    );
    expect(seen).toHaveLength(3);
  });

  it('runs a job id again when it is enqueued after failing every attempt', async () => {
    const { jobs, seen } = recorded;
    const flaky = () => seen.filter((s) => s.value === 'flaky');
    await jobs.enqueue('test.record', { value: 'flaky', failTimes: 2 }, { jobId: 'flaky', attempts: 2 });
    await jobs.drain();
    expect(flaky()).toEqual([]);
    await jobs.enqueue('test.record', { value: 'flaky', failTimes: 2 }, { jobId: 'flaky', attempts: 2 });
    await jobs.drain();
    expect(flaky()).toEqual([{ value: 'flaky', attempt: 1 }]);
  });
});

describeWithRedis('jobs on Redis (BullMQ)', (redisUrl) => {
  let t: TestApp;
  let recorded: ReturnType<typeof recorder>;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: redisUrl });
    recorded = recorder(t.app);
  });
  afterAll(() => t.close());

  it('runs a job on a BullMQ worker, retries it, and deduplicates by job id', async () => {
    const { jobs, seen } = recorded;
    expect(jobs.mode).toBe('redis');
    const tag = `${Date.now()}`;
    await jobs.enqueue('test.record', { value: `x-${tag}`, failTimes: 1 });
    await jobs.enqueue('test.record', { value: `y-${tag}` }, { jobId: `dedup-${tag}` });
    await jobs.enqueue('test.record', { value: `y2-${tag}` }, { jobId: `dedup-${tag}` });
    await until(() => seen.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual(expect.arrayContaining([{ value: `x-${tag}`, attempt: 2 }, { value: `y-${tag}`, attempt: 1 }]));
    expect(seen).toHaveLength(2);
  });

  it('runs a job id again, attempts afresh, when it is enqueued after failing every attempt', async () => {
    const { jobs, seen } = recorded;
    const id = `flaky-${Date.now()}`;
    const mine = () => seen.filter((s) => s.value === id);
    const queue = (jobs as unknown as { queue(name: string): { getJob(id: string): Promise<{ isFailed(): Promise<boolean> } | undefined> } }).queue('test.record');
    await jobs.enqueue('test.record', { value: id, failTimes: 2 }, { jobId: id, attempts: 2 });
    const failed = async () => (await (await queue.getJob(id))?.isFailed()) === true;
    const end = Date.now() + 10_000;
    while (!(await failed())) {
      if (Date.now() > end) throw new Error('the job did not fail');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(mine()).toEqual([]);
    await jobs.enqueue('test.record', { value: id, failTimes: 2 }, { jobId: id, attempts: 2 });
    await until(() => mine().length >= 1);
    expect(mine()).toEqual([{ value: id, attempt: 1 }]);
  });
});
