import { SessionCache } from './session-cache.js';

function fakeLoader() {
  const loads: string[] = [];
  const released: string[] = [];
  const load = async (key: string) => {
    loads.push(key);
    if (key === 'broken') throw new Error('does not load');
    return { key, release: async () => void released.push(key) };
  };
  return { loads, released, load };
}

describe('SessionCache', () => {
  it('loads each key once, even when asked concurrently', async () => {
    const f = fakeLoader();
    const cache = new SessionCache(2, f.load);
    const [a, b] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect(a).toBe(b);
    expect(f.loads).toEqual(['a']);
  });

  it('evicts the least recently used key and releases it', async () => {
    const f = fakeLoader();
    const cache = new SessionCache(2, f.load);
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c');
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(f.released).toEqual(['b']);
  });

  it('forgets a failed load so the next request tries again', async () => {
    const f = fakeLoader();
    const cache = new SessionCache(2, f.load);
    await expect(cache.get('broken')).rejects.toThrow('does not load');
    await new Promise((resolve) => setImmediate(resolve));
    await expect(cache.get('broken')).rejects.toThrow();
    expect(f.loads).toEqual(['broken', 'broken']);
  });

  it('drops and clears with release', async () => {
    const f = fakeLoader();
    const cache = new SessionCache(3, f.load);
    await cache.get('a');
    await cache.get('b');
    cache.drop('a');
    await cache.clear();
    expect(f.released.sort()).toEqual(['a', 'b']);
    expect(cache.size).toBe(0);
  });
});
