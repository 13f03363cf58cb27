import { ownerDataSource } from './data-source.js';
import { withStartupLock } from './startup-lock.js';

/** Applies pending migrations as the database owner, one instance at a time; returns the names applied. */
export function migrate(url: string): Promise<string[]> {
  return withStartupLock(url, () => runPending(url));
}

async function runPending(url: string): Promise<string[]> {
  const ds = ownerDataSource(url);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
