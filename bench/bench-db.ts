import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { migrate } from '../src/database/migrate.js';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on the server at DATABASE_URL, or on an
 * embedded Postgres started here. Dropped afterwards.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let server = process.env.DATABASE_URL;
  if (!server) {
    // Loaded only when needed: the package stops its servers and exits at Ctrl-C by itself.
    const { startEmbeddedPostgres } = await import('../src/database/embedded-postgres.js');
    embedded = await startEmbeddedPostgres({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'warden-bench-pg-')), port: 30000 + Math.floor(Math.random() * 10000), database: 'postgres', persistent: false });
    server = embedded.url;
  }
  const name = `warden_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  let dropping: Promise<void> | undefined;
  const drop = () =>
    (dropping ??= (async () => {
      process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await embedded?.stop();
    })());
  // Interrupted (Ctrl-C), a run on a server still drops its database before it exits.
  const interrupted = (signal: NodeJS.Signals) => {
    void drop()
      .catch((error: unknown) => console.error(`Could not drop ${name}: ${(error as Error).message}`))
      .finally(() => process.exit(128 + (os.constants.signals[signal] ?? 0)));
  };
  if (!embedded) process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  return { url: url.toString(), drop };
}
