import net from 'node:net';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/config.module.js';
import { COMMAND_TIMEOUT_MS, RedisConnections } from '../../src/common/redis.js';
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

  it('goes on from the count so far when a counter that must not restart is missing, asking for it only then', async () => {
    let asked = 0;
    const resumed = { key: 'resumed', ttlMs: 60_000, countSoFar: async () => (asked++, 41) };
    const first = await Promise.all(Array.from({ length: 5 }, () => counters.increment([resumed, { key: 'plain', ttlMs: 60_000 }])));
    expect(first.map(([n]) => n).sort()).toEqual([42, 43, 44, 45, 46]);
    expect(first.map(([, n]) => n).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toBe(1); // the five came in one script call; only the first found the counter missing
    expect(await counters.increment([resumed])).toEqual([47]);
    expect(asked).toBe(1);
    await probe.del(`${prefix}:count:resumed`); // as a restarted Redis would have lost it
    expect(await counters.increment([{ ...resumed, countSoFar: async () => 47 }])).toEqual([48]);
  });

  it('goes on from the count so far in the process too, while Redis is away', async () => {
    const away = new RedisConnections({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: prefix } as AppConfig);
    const offline = new WindowCounters(away, { redisUrl: 'redis://127.0.0.1:1', redisPrefix: prefix } as AppConfig);
    try {
      await away.onApplicationBootstrap();
      const resumed = { key: 'resumed-here', ttlMs: 60_000, countSoFar: async () => 7 };
      expect(await Promise.all([offline.increment([resumed], 1_000), offline.increment([resumed], 1_001)])).toEqual([[8], [9]]);
    } finally {
      away.commands!.disconnect();
    }
  });

  it('counts in the process when Redis stops answering on an open connection, instead of waiting for it', async () => {
    const proxy = await pausableProxy(url);
    const hung = new RedisConnections({ redisUrl: proxy.url, redisPrefix: prefix } as AppConfig);
    const counters = new WindowCounters(hung, { redisUrl: proxy.url, redisPrefix: prefix } as AppConfig);
    try {
      await hung.onApplicationBootstrap();
      expect(await counters.increment([{ key: 'hung', ttlMs: 60_000 }])).toEqual([1]);
      proxy.pause();
      const started = performance.now();
      expect(await counters.increment([{ key: 'hung', ttlMs: 60_000 }])).toEqual([1]);
      expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS + 2_000);
    } finally {
      proxy.close();
      hung.commands!.disconnect();
    }
  });
});

/** A TCP proxy to Redis that, once paused, passes requests on but holds back every answer: a Redis that hangs. */
async function pausableProxy(redisUrl: string): Promise<{ url: string; pause(): void; close(): void }> {
  const target = new URL(redisUrl);
  let paused = false;
  const sockets: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!paused) client.write(chunk);
    });
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    pause: () => void (paused = true),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
