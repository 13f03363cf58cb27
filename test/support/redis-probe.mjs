import { Redis } from 'ioredis';

/** Whether a Redis answers at `url` within a second; the reason when it does not. */
export async function probeRedis(url) {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return { url };
  } catch (error) {
    return { reason: `no Redis reachable at ${url} (${error.message})` };
  } finally {
    client.disconnect();
  }
}
