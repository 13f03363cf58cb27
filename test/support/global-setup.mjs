// Jest loads global setup outside its ESM transform, so it runs the compiled sources: one swc
// pass (well under a second) into .test-build/, then the same migrate() the application uses.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { probeRedis } from './redis-probe.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const build = path.join(root, '.test-build');

/**
 * One database per test run: created on the server at DATABASE_URL, or on an embedded Postgres
 * started here when none is given; migrated once; dropped by the teardown.
 */
export default async function globalSetup() {
  execFileSync(process.execPath, [path.join(root, 'node_modules/@swc/cli/bin/swc.js'), 'src', 'migrations', '-d', build, '-q', '--ignore', '**/*.spec.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  // Before any database exists, so that a refusal leaves nothing behind.
  const redis = await probeRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  // CI has Redis (.ci/run starts it): there a missing one fails the run instead of skipping suites.
  if (redis.reason && process.env.CI) throw new Error(`CI is set and the Redis suites need Redis: ${redis.reason}`);
  const { startEmbeddedPostgres } = await import(path.join(build, 'src/database/embedded-postgres.js'));
  const { migrate } = await import(path.join(build, 'src/database/migrate.js'));

  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'warden-test-pg-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const embedded = await startEmbeddedPostgres({ dataDir, port, database: 'postgres', persistent: false });
    globalThis.__wardenEmbedded = embedded;
    serverUrl = embedded.url;
    process.stdout.write(`\nDATABASE_URL is not set: testing against an embedded Postgres on port ${port}\n`);
  }
  const name = `warden_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.WARDEN_TEST_SERVER_URL = serverUrl;
  process.env.WARDEN_TEST_DATABASE = name;
  process.env.DATABASE_URL = url.toString();
  await migrate(process.env.DATABASE_URL);

  process.env.WARDEN_TEST_REDIS_URL = redis.url ?? '';
  process.env.WARDEN_TEST_REDIS_SKIP = redis.reason ?? '';
  if (redis.reason) process.stdout.write(`Redis suites will be skipped: ${redis.reason}\n`);
}
