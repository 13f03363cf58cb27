import { Logger } from '@nestjs/common';
import { HeldJobs, HeldSchedules, type OutgoingJob } from './redis-outage.js';

const job = (jobId: string): OutgoingJob => ({ name: 'test.job' as OutgoingJob['name'], payload: { jobId }, jobId, attempts: 1 });
const quiet = new Logger('test');
beforeAll(() => Logger.overrideLogger(false));

describe('HeldJobs', () => {
  it('hands a job to Redis at once while it answers', async () => {
    const written: string[] = [];
    const held = new HeldJobs(async (j) => written.push(j.jobId), () => true, quiet);
    await held.send(job('a'));
    expect(written).toEqual(['a']);
    expect(held.size).toBe(0);
  });

  it('holds jobs while Redis is away, once per job id, and hands them over in order when it is back', async () => {
    let up = false;
    const written: string[] = [];
    const held = new HeldJobs(async (j) => written.push(j.jobId), () => up, quiet);
    await held.send(job('a'));
    await held.send(job('b'));
    await held.send(job('a'));
    expect(written).toEqual([]);
    expect(held.size).toBe(2);
    up = true;
    await held.flush();
    expect(written).toEqual(['a', 'b']);
    expect(held.size).toBe(0);
    held.stop();
  });

  it('keeps a job whose write fails and queues later jobs behind it', async () => {
    let fail = true;
    const written: string[] = [];
    const held = new HeldJobs(
      async (j) => {
        if (fail) throw new Error('connection lost');
        written.push(j.jobId);
      },
      () => true,
      quiet,
    );
    await held.send(job('a'));
    await held.send(job('b'));
    expect(held.size).toBe(2);
    fail = false;
    await held.flush();
    expect(written).toEqual(['a', 'b']);
    held.stop();
  });
});

describe('HeldSchedules', () => {
  it('writes a change made while Redis is away once it is back, and sets again only the schedulers Redis lost', async () => {
    let up = false;
    const present = new Set<string>();
    const upserts: string[] = [];
    const schedule = (id: string) => ({
      upsert: async () => {
        upserts.push(id);
        present.add(id);
      },
      exists: async () => present.has(id),
    });
    const schedules = new HeldSchedules(() => up, quiet);
    await schedules.set('a', schedule('a'));
    expect(upserts).toEqual([]);
    up = true;
    await schedules.set('b', schedule('b'));
    await schedules.restore();
    expect(upserts).toEqual(['b', 'a']);

    // Redis restarted empty: both are set again; one that is still there is left alone.
    present.clear();
    present.add('b');
    await schedules.restore();
    expect(upserts).toEqual(['b', 'a', 'a']);
  });

  it('does not set again a scheduler removed through it', async () => {
    const upserts: string[] = [];
    const schedules = new HeldSchedules(() => true, quiet);
    await schedules.set('a', { upsert: async () => upserts.push('a'), exists: async () => false });
    await schedules.remove('a', async () => undefined);
    await schedules.restore();
    expect(upserts).toEqual(['a']);
  });
});
