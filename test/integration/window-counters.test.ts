import { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/config.module.js';
import { RedisConnections } from '../../src/common/redis.js';
import { WindowCounters } from '../../src/common/window-counters.js';
import { describeWithRedis } from '../support/redis.js';

describeWithRedis('window counters in Redis', (url) => {
  const prefix = `${process.env.WARDEN_TEST_DATABASE}_counters`;
  let connections: RedisConnections;
  let counters: WindowCounters;
  let probe: Redis;
  const calls: string[] = [];

  beforeAll(async () => {
    connections = new RedisConnections({ redisUrl: url, redisPrefix: prefix } as AppConfig);
    counters = new WindowCounters(connections, { redisUrl: url, redisPrefix: prefix } as AppConfig);
    probe = new Redis(url);
    await connections.onApplicationBootstrap();
    expect(connections.commands!.status).toBe('ready');
    // Sees every command the counters' connection sends.
    const send = connections.commands!.sendCommand.bind(connections.commands!);
    connections.commands!.sendCommand = ((command: { name: string }) => (calls.push(command.name), send(command as never))) as never;
  });
  afterAll(async () => {
    const keys = await probe.keys(`${prefix}:*`);
    if (keys.length) await probe.del(...keys);
    probe.disconnect();
    await connections.onApplicationShutdown();
  });

  it('counts every increment of one turn, a key named twice twice, in one script call', async () => {
    await counters.increment([{ key: 'warm', ttlMs: 1_000 }]); // loads the script into a fresh Redis
    calls.length = 0;
    const results = await Promise.all([
      counters.increment([{ key: 'a', ttlMs: 60_000 }]),
      counters.increment([{ key: 'a', ttlMs: 60_000 }, { key: 'b', ttlMs: 60_000 }]),
      counters.increment([]),
      counters.increment([{ key: 'a', ttlMs: 60_000 }, { key: 'a', ttlMs: 60_000 }]),
    ]);
    expect(results).toEqual([[1], [2, 1], [], [3, 4]]);
    expect(calls).toEqual(['evalsha']);
    expect(await probe.get(`${prefix}:count:a`)).toBe('4');
  });

  it('counts together across connections, as instances do', async () => {
    const other = new RedisConnections({ redisUrl: url, redisPrefix: prefix } as AppConfig);
    const second = new WindowCounters(other, { redisUrl: url, redisPrefix: prefix } as AppConfig);
    await other.onApplicationBootstrap();
    try {
      const counts = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? counters : second).increment([{ key: 'shared', ttlMs: 60_000 }])));
      expect(counts.map(([n]) => n).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    } finally {
      await other.onApplicationShutdown();
    }
  });

  it('keeps a counter for its time to live after the last increment', async () => {
    await counters.increment([{ key: 'short', ttlMs: 5_000 }]);
    const ttl = await probe.pttl(`${prefix}:count:short`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await counters.increment([{ key: 'short', ttlMs: 60_000 }]);
    expect(await probe.pttl(`${prefix}:count:short`)).toBeGreaterThan(5_000);
  });

  it('counts in the process while Redis is unreachable, and does not hold start-up for it', async () => {
    const away = new RedisConnections({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: prefix } as AppConfig);
    const offline = new WindowCounters(away, { redisUrl: 'redis://127.0.0.1:1', redisPrefix: prefix } as AppConfig);
    try {
      await away.onApplicationBootstrap();
      expect(away.commands!.status).not.toBe('ready');
      const counts = await Promise.all([offline.increment([{ key: 'x', ttlMs: 60_000 }], 1_000), offline.increment([{ key: 'x', ttlMs: 60_000 }], 1_001)]);
      expect(counts).toEqual([[1], [2]]);
      expect(await offline.increment([{ key: 'x', ttlMs: 60_000 }], 70_000)).toEqual([1]);
    } finally {
      away.commands!.disconnect();
    }
  });
});
