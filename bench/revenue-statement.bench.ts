/**
 * A licensor's statement over millions of charges: `npm run build && node dist/bench/revenue-statement.bench.js [charges]`
 * (default 10,000,000).
 *
 * Seeds a fresh database (DATABASE_URL's server, or an embedded Postgres) straight in SQL: `charges`
 * spread over 90 days, 100 tenants and 10 model versions, two allocations per charge to the
 * version's two parties, and the daily rollups built from those rows (bulk loading bypasses the
 * per-batch rollup triggers, which the test suite covers). Then times, through the application's
 * own service and least-privilege role:
 *   - a statement: one party's earnings per version and per month over the 90 days, from the rollups;
 *   - the same answer by scanning allocations, for contrast (what a statement costs without rollups);
 *   - a reconciliation of the 90 days, which deliberately reads every charge and allocation.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Principal } from '../src/auth/principal.js';
import { appDataSource } from '../src/database/data-source.js';
import { Db } from '../src/database/db.js';
import { RevenueRepository } from '../src/licensing/revenue.repository.js';
import { RevenueService } from '../src/licensing/revenue.service.js';
import { SettlementsRepository } from '../src/licensing/settlements.repository.js';
import { benchDatabase } from './bench-db.js';
import { machine, percentile } from './machine.js';

const CHARGES = Number(process.argv[2] ?? 10_000_000);
const BATCH = 1_000_000;
const TENANTS = 100;
const VERSIONS = 10;
const DAYS = 90;
const START = '2026-01-01T00:00:00Z';
const END_DAY = '2026-04-01';
const RUNS = 20;

// Ids in generation order, so that every index is appended to rather than written at random.
const chargeId = (g: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${g}), 12, '0'))::uuid`;
const requestId = (g: string) => `('00000000-0000-4000-9000-' || lpad(to_hex(${g}), 12, '0'))::uuid`;

async function seed(client: pg.Client): Promise<{ parties: string[] }> {
  await client.query(`INSERT INTO tenants (name) SELECT 'bench-' || g FROM generate_series(1, ${TENANTS}) g`);
  await client.query(`INSERT INTO models (name) SELECT 'bench-model-' || g FROM generate_series(1, ${VERSIONS / 2}) g`);
  await client.query(`
    INSERT INTO model_versions (model_id, version, major, minor, patch, status, sha256, size_bytes, onnx, manifest, registered_by)
    SELECT m.id, v || '.0.0', v, 0, 0, 'active', repeat('0', 64), 1, '\\x00',
           jsonb_build_object('name', m.name, 'card', jsonb_build_object('provider', 'Provider ' || (1 + abs(hashtext(m.name)) % 3))), 'bench'
    FROM models m, generate_series(1, 2) v`);
  const parties = (await client.query(`INSERT INTO parties (name, kind, created_by) SELECT 'bench party ' || g, 'author', 'bench' FROM generate_series(1, ${VERSIONS * 2}) g RETURNING id`)).rows.map(
    (r) => r.id as string,
  );

  // Bulk load: skip per-row foreign-key checks and the rollup triggers (the rollups are built
  // below), and build the plain indexes once at the end instead of row by row.
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET synchronous_commit = off`);
  const { rows: plain } = await client.query(`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
    WHERE i.indrelid IN ('charges'::regclass, 'revenue_allocations'::regclass) AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`);
  for (const index of plain) await client.query(`DROP INDEX ${index.name}`);
  const arrays = `(SELECT array_agg(id ORDER BY id) AS ids FROM tenants) t, (SELECT array_agg(id ORDER BY id) AS ids FROM model_versions) v, (SELECT array_agg(id ORDER BY id) AS ids FROM parties) p`;
  const at = (g: string) => `'${START}'::timestamptz + (${g}::double precision / ${CHARGES}) * interval '${DAYS} days'`;
  const amount = (g: string) => `(1000 + ${g} % 997)`;
  const currency = (g: string) => `CASE WHEN ${g} % 5 = 0 THEN 'USD' ELSE 'EUR' END`;
  for (let lo = 1; lo <= CHARGES; lo += BATCH) {
    const hi = Math.min(CHARGES, lo + BATCH - 1);
    const started = performance.now();
    await client.query(`
      INSERT INTO charges (id, tenant_id, request_id, version_id, currency, amount, rows, call_number, tier, price_source, created_at, audit_chain, audit_seq)
      SELECT ${chargeId('g')}, t.ids[1 + g % ${TENANTS}], ${requestId('g')}, v.ids[1 + g % ${VERSIONS}], ${currency('g')}, ${amount('g')}, 1, 1 + g / ${TENANTS}, 1, 'default',
             ${at('g')}, 'tenant:bench', g
      FROM generate_series(${lo}, ${hi}) g, ${arrays}`);
    // The version's two parties split 70/30; the floor goes to the first and the rest to the second, so they sum to the charge.
    await client.query(`
      INSERT INTO revenue_allocations (charge_id, tenant_id, party_id, version_id, currency, amount, created_at)
      SELECT ${chargeId('g')}, t.ids[1 + g % ${TENANTS}], p.ids[1 + 2 * (g % ${VERSIONS}) + s], v.ids[1 + g % ${VERSIONS}], ${currency('g')},
             CASE WHEN s = 0 THEN ${amount('g')} * 7 / 10 ELSE ${amount('g')} - ${amount('g')} * 7 / 10 END, ${at('g')}
      FROM generate_series(${lo}, ${hi}) g, generate_series(0, 1) s, ${arrays}`);
    process.stdout.write(`  seeded ${hi.toLocaleString('en-US')} charges (${((performance.now() - started) / 1000).toFixed(1)} s for this batch)\n`);
  }
  await client.query(`
    INSERT INTO revenue_party_daily (party_id, day, version_id, currency, allocations, amount)
    SELECT party_id, (created_at AT TIME ZONE 'UTC')::date, version_id, currency, count(*), sum(amount) FROM revenue_allocations GROUP BY 1, 2, 3, 4`);
  await client.query(`
    INSERT INTO revenue_tenant_daily (tenant_id, day, version_id, currency, calls, amount)
    SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date, version_id, currency, count(*), sum(amount) FROM charges GROUP BY 1, 2, 3, 4`);
  const indexing = performance.now();
  await client.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of plain) await client.query(index.definition);
  process.stdout.write(`  rebuilt ${plain.length} indexes in ${((performance.now() - indexing) / 1000).toFixed(1)} s\n`);
  await client.query(`SET session_replication_role = origin`);
  await client.query(`VACUUM ANALYZE charges, revenue_allocations, revenue_party_daily, revenue_tenant_daily`);
  return { parties };
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function main(): Promise<void> {
  console.log(`Revenue statement — ${machine()}, ${CHARGES.toLocaleString('en-US')} charges`);
  const database = await benchDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const ds = appDataSource({ url: database.url, appRole: 'warden_app', poolSize: 4 });
  try {
    const seeded = await time(() => seed(client));
    const { rows: counts } = await client.query(`SELECT (SELECT count(*) FROM charges)::bigint AS charges, (SELECT count(*) FROM revenue_allocations)::bigint AS allocations, (SELECT count(*) FROM revenue_party_daily)::bigint AS rollup`);
    console.log(`Seeded ${Number(counts[0].charges).toLocaleString('en-US')} charges, ${Number(counts[0].allocations).toLocaleString('en-US')} allocations, ${Number(counts[0].rollup).toLocaleString('en-US')} party-day rollup rows in ${(seeded.ms / 1000).toFixed(0)} s`);

    await ds.initialize();
    const db = new Db(ds);
    const service = new RevenueService(db, new RevenueRepository(db), new SettlementsRepository(db));
    const admin: Principal = { keyId: 'bench', role: 'admin', tenantId: null, partyId: null, scopes: [] };
    const partyId = [...seeded.result.parties].sort()[0];
    const range = { from: START.slice(0, 10), to: END_DAY, interval: 'month' as const, partyId };

    const samples: number[] = [];
    let statement = await service.earnings(admin, range);
    for (let i = 0; i < RUNS; i++) {
      const run = await time(() => service.earnings(admin, range));
      samples.push(run.ms);
      statement = run.result;
    }
    samples.sort((a, b) => a - b);
    const covered = statement.totals.reduce((sum, t) => sum + t.allocations, 0);

    const scan = await time(() =>
      db.platform(() =>
        db.manager.query(
          `SELECT version_id, currency, count(*) AS allocations, sum(amount) AS amount FROM revenue_allocations
           WHERE party_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY version_id, currency`,
          [partyId, START, `${END_DAY}T00:00:00Z`],
        ),
      ),
    );
    const scanned = (scan.result as { allocations: string }[]).reduce((sum, r) => sum + Number(r.allocations), 0);
    const reconciliation = await time(() => service.reconciliation(new Date(START), new Date(`${END_DAY}T00:00:00Z`)));

    console.log('\n| query | rows behind the answer | time |');
    console.log('| --- | --- | --- |');
    console.log(`| statement of one party, ${DAYS} days, per version and month, from rollups | ${covered.toLocaleString('en-US')} allocations | p50 ${percentile(samples, 50).toFixed(1)} ms, max ${samples[samples.length - 1].toFixed(1)} ms (${RUNS} runs) |`);
    console.log(`| the same statement scanning allocations (no rollups) | ${scanned.toLocaleString('en-US')} allocations | ${scan.ms.toFixed(0)} ms |`);
    console.log(
      `| reconciliation of all ${DAYS} days from the stored rows | ${reconciliation.result.calls.toLocaleString('en-US')} charges | ${reconciliation.ms.toFixed(0)} ms (difference ${reconciliation.result.currencies.map((c) => `${c.currency} ${c.difference}`).join(', ')}, mismatched ${reconciliation.result.mismatchedCharges}) |`,
    );
    if (covered !== scanned) throw new Error(`rollups disagree with the rows: ${covered} vs ${scanned} allocations`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await client.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
