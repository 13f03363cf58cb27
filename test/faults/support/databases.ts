import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty database beside the run's test database (same server, name derived from it), for a
 * suite whose Warden must start from nothing or whose changes must not reach other suites. The
 * Warden started on it migrates it, as on a first start.
 */
export async function scratchDatabase(label: string): Promise<ScratchDatabase> {
  const server = process.env.WARDEN_TEST_SERVER_URL;
  const run = process.env.WARDEN_TEST_DATABASE;
  if (!server || !run) throw new Error('No test database server: run through the jest global setup');
  const name = `${run}_${label.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(2).toString('hex')}`.slice(0, 63);
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
