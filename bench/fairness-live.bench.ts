/**
 * A live bias audit over one million governed predictions:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run build && node dist/bench/fairness-live.bench.js [records] [runs]
 *
 * Creates a scratch database on the server at DATABASE_URL, migrates it, and seeds it with
 * generate_series: `records` inference records of credit-approval spread over ten tenants and the
 * last day (one prediction each, every tenth subject without consented attributes), an outcome for
 * every other record, and the protected attributes (sex, age band, ethnicity) of the consenting
 * subjects, with a disparity by ethnicity built into the scores. Then it times
 * `POST /v1/fairness/audits` (source live, every tenant, the three attributes: 7 groupings) through
 * the real HTTP stack, `runs` times, and drops the database (BENCH_KEEP_DATABASE=1 keeps it, to
 * EXPLAIN the aggregation).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { SYSTEM_ACTOR } from '../src/audit/audit.service.js';
import { createApp } from '../src/app.js';
import { KeysService } from '../src/auth/keys.service.js';
import { loadConfig } from '../src/config/config.js';
import { appDataSource } from '../src/database/data-source.js';
import { Db } from '../src/database/db.js';
import { LiveAuditRepository } from '../src/fairness/live-audit.repository.js';
import { migrate } from '../src/database/migrate.js';
import { installDefaults } from '../src/defaults.js';
import { machine, percentile } from './machine.js';

const records = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const TARGET_MS = 5000;
const TENANTS = 10;

const SEED = (records: number): string[] => [
  `INSERT INTO tenants (id, name) SELECT ('00000000-0000-4000-8000-' || lpad(t::text, 12, '0'))::uuid, 'bench tenant ' || t FROM generate_series(1, ${TENANTS}) t`,
  // Subject i: sex by i % 2, age band by (i / 2) % 4, ethnicity by (i / 8) % 10 (70 % majority, 20 % minority-a, 10 % minority-b).
  `CREATE TEMP TABLE people AS
     SELECT i, ('00000000-0000-4000-8000-' || lpad((1 + i % ${TENANTS})::text, 12, '0'))::uuid AS tenant_id,
            'psn_' || substr(md5(i::text) || md5('s' || i), 1, 43) AS subject,
            CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END AS sex,
            (ARRAY['18-24', '25-39', '40-59', '60+'])[1 + (i / 2) % 4] AS age_band,
            CASE WHEN (i / 8) % 10 < 7 THEN 'majority' WHEN (i / 8) % 10 < 9 THEN 'minority-a' ELSE 'minority-b' END AS ethnicity
     FROM generate_series(1, ${records}) i`,
  `INSERT INTO protected_attributes (tenant_id, subject, attributes, basis, source, recorded_at, expires_at)
     SELECT tenant_id, subject, jsonb_build_object('sex', sex, 'ageBand', age_band, 'ethnicity', ethnicity), 'consent', 'api', now(), now() + interval '1 year'
     FROM people WHERE i % 10 <> 0`,
  `CREATE TEMP TABLE calls AS
     SELECT p.*, md5('r' || i)::uuid AS request_id, now() - (i % 86000) * interval '1 second' AS at,
            least(0.999, greatest(0.001, random() * 0.7 + 0.2 - CASE ethnicity WHEN 'majority' THEN 0 ELSE 0.12 END)) AS score
     FROM people p`,
  `INSERT INTO inference_records (request_id, tenant_id, created_at, model, version, purpose, subject, decision, stage, rows, context, outputs, latency_ms, audit_chain, audit_seq)
     SELECT request_id, tenant_id, at, 'credit-approval', '1.0.0', 'credit-scoring', subject, 'allow', 'complete', 1, '[]',
            jsonb_build_array(jsonb_build_object('label', CASE WHEN score >= 0.5 THEN 'approved' ELSE 'declined' END, 'score', score, 'scoreName', 'approvalProbability')),
            3, 'tenant:' || tenant_id, i
     FROM calls`,
  `INSERT INTO outcomes (tenant_id, request_id, row_index, label, reported_by)
     SELECT tenant_id, request_id, 0, CASE WHEN random() < score THEN 'approved' ELSE 'declined' END, 'bench' FROM calls WHERE i % 2 = 0`,
  `ANALYZE`,
];

/** CPU seconds a local process has used (utime + stime from /proc), or null where /proc cannot tell. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  if (!Number.isSafeInteger(records) || records < 1 || !Number.isSafeInteger(runs) || runs < 1) throw new Error('usage: fairness-live.bench.js [records] [runs]');
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('Set DATABASE_URL to a Postgres server the bench may create a scratch database on');
  const name = `warden_bench_fairness_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    await migrate(url.toString());
    const config = loadConfig({ ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', REDIS_URL: '' });
    const dataSource = appDataSource({ url: config.databaseUrl!, appRole: config.databaseAppRole, poolSize: 4 });
    await dataSource.initialize();
    const app = await createApp(config, dataSource, { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await installDefaults(app, config);
    const key = (await app.get(KeysService).create(SYSTEM_ACTOR, { role: 'admin', name: 'bench' })).key;

    const seed = new pg.Client({ connectionString: url.toString() });
    await seed.connect();
    const seeding = performance.now();
    for (const sql of SEED(records)) await seed.query(sql);
    console.log(`seeded ${records.toLocaleString('en-US')} records in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    await seed.end();

    const fastify = app.getHttpAdapter().getInstance();
    const body = {
      source: 'live',
      model: 'credit-approval',
      from: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      attributes: ['sex', 'ageBand', 'ethnicity'],
      favorable: 'approved',
    };
    const times: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      const res = await fastify.inject({ method: 'POST', url: '/v1/fairness/audits', headers: { authorization: `Bearer ${key}`, 'x-request-id': randomUUID() }, payload: body });
      const ms = performance.now() - started;
      if (res.statusCode !== 201) throw new Error(`audit failed: ${res.statusCode} ${res.body}`);
      const audit = JSON.parse(res.body);
      times.push(ms);
      console.log(
        `run ${run}: ${(ms / 1000).toFixed(2)} s — ${audit.total.n.toLocaleString('en-US')} predictions, ${audit.data.withAttributes.toLocaleString('en-US')} with attributes, ` +
          `${audit.cells.length} cells, ${audit.groups.length} groups, ${audit.comparisons.length} comparisons, status ${audit.status}`,
      );
    }
    // The aggregation alone, with the CPU time its Postgres backend spent: on a shared machine the
    // steadier figure, since wall time there depends on what else is running.
    const db = app.get(Db);
    await db.platform(async () => {
      const [{ pid }] = await db.manager.query('SELECT pg_backend_pid() AS pid');
      const cpuBefore = cpuSeconds(pid);
      const started = performance.now();
      const { cells } = await app.get(LiveAuditRepository).aggregate({
        model: 'credit-approval',
        version: null,
        positiveVersions: ['1.0.0'],
        from: new Date(body.from),
        to: new Date(body.to),
        tenantId: null,
        attributes: body.attributes,
        favorable: 'approved',
        favorableLabels: ['approved'],
      });
      const wall = (performance.now() - started) / 1000;
      const cpuAfter = cpuSeconds(pid);
      const cpu = cpuBefore === null || cpuAfter === null ? 'n/a (Postgres is not local)' : `${(cpuAfter - cpuBefore).toFixed(2)} s`;
      console.log(`aggregation alone: ${wall.toFixed(2)} s wall, Postgres backend CPU ${cpu}, ${cells.length} cells`);
    });
    const median = percentile([...times].sort((a, b) => a - b), 50);
    console.log(`median ${(median / 1000).toFixed(2)} s over ${runs} runs (target ≤ ${TARGET_MS / 1000} s: ${median <= TARGET_MS ? 'met' : 'missed'})`);
    console.log(machine());
    await app.close();
  } finally {
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
