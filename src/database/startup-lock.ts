import pg from 'pg';

/** One key for every Warden on a database: the first two bytes spell "wd". */
const STARTUP_LOCK = 0x7764_0001;

/**
 * Runs `work` while holding a Postgres advisory lock on its own connection, so that instances
 * starting together against one database migrate it and install its defaults one at a time: the
 * first does the work, the others find it done. The lock goes with the connection if the process dies.
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
