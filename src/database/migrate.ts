import { ownerDataSource } from './data-source.js';

/** Applies pending migrations as the database owner; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const ds = ownerDataSource(url);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
