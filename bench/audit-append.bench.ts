/**
 * Audit appends per second: `npm run build && node dist/bench/audit-append.bench.js [seconds] [rounds] [scenarios]`
 * (defaults 10 s, 3 rounds, every scenario; scenarios is a comma-separated list of names such as
 * `group-2x1`, meaning group commit, two instances, one chain).
 *
 * Each "instance" is its own process with its own connection pool and AuditWriter (group commit),
 * keeping 64 appends in flight, as concurrent requests would. Scenarios: one and two instances, all
 * appends to one chain and spread over 100 tenants' chains. Baseline: the same load with one
 * transaction per event (lock the head, insert, move the head, commit). The scenarios take turns
 * in every round and the table gives each one's median over the rounds. Uses DATABASE_URL's server
 * or an embedded Postgres; a fresh database is created and dropped. At the end every chain is
 * verified: gap-free, no fork, no duplicate.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sealBatch, type AuditInput } from '../src/audit/audit-batch.js';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { AuditWriter } from '../src/audit/audit-writer.js';
import { appDataSource } from '../src/database/data-source.js';
import { Db } from '../src/database/db.js';
import { benchDatabase } from './bench-db.js';
import { machine } from './machine.js';

const IN_FLIGHT = 64;
const seconds = Number(process.argv[2] ?? 10);

interface Job {
  url: string;
  tenants: string[];
  mode: 'group' | 'single';
  until: number;
}

async function instance(job: Job): Promise<number> {
  const ds = appDataSource({ url: job.url, appRole: 'warden_app', poolSize: 10 });
  await ds.initialize();
  const db = new Db(ds);
  const repo = new AuditRepository(db);
  const writer = new AuditWriter(db, repo);
  const input = (i: number): AuditInput => ({
    tenantId: job.tenants[i % job.tenants.length],
    actor: { id: 'bench', role: 'tenant' },
    action: 'inference.infer',
    resource: { type: 'model', id: 'credit-approval@1.0.0' },
    decision: 'allow',
    reason: null,
    details: { requestId: `r${i}`, purpose: 'credit-scoring', rows: 1, outputsHash: 'ab'.repeat(32) },
  });
  const appendOne = (i: number) =>
    job.mode === 'group'
      ? writer.append(input(i))
      : db.platform(async () => {
          const inp = input(i);
          const chainId = `tenant:${inp.tenantId}`;
          const sealed = sealBatch(await repo.lockHeads([{ chainId, tenantId: inp.tenantId }]), [inp], new Date());
          await repo.insertEvents(sealed.events);
          await repo.updateHeads(sealed.heads.values());
        });
  let done = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (Date.now() < job.until) {
        await appendOne(next++);
        done++;
      }
    }),
  );
  await ds.destroy();
  return done;
}

function runInstances(count: number, job: Omit<Job, 'until'>): Promise<number[]> {
  const until = Date.now() + 1500 + seconds * 1000;
  return Promise.all(
    Array.from({ length: count }, () =>
      new Promise<number>((resolve, reject) => {
        const child = fork(fileURLToPath(import.meta.url), ['--instance'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        child.once('message', (m) => resolve(m as number));
        child.once('error', reject);
        child.send({ ...job, until });
      }),
    ),
  );
}

const rounds = Number(process.argv[3] ?? 3);
const only = process.argv[4]?.split(',');

async function main(): Promise<void> {
  console.log(`Audit appends — ${machine()}, ${seconds} s per scenario, ${rounds} rounds, ${IN_FLIGHT} appends in flight per instance`);
  const database = await benchDatabase();
  try {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(`INSERT INTO tenants (name) SELECT 'bench-' || g FROM generate_series(1, 100) g RETURNING id`);
    const tenants = rows.map((r) => r.id as string);
    const scenarios = (['single', 'group'] as const)
      .flatMap((mode) => [1, 2].flatMap((instances) => [1, 100].map((chains) => ({ mode, instances, chains, name: `${mode}-${instances}x${chains}` }))))
      .filter((s) => !only || only.includes(s.name));
    const rates = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const s of scenarios) {
        const counts = await runInstances(s.instances, { url: database.url, tenants: tenants.slice(0, s.chains), mode: s.mode });
        rates.get(s.name)!.push(counts.reduce((a, b) => a + b, 0) / seconds);
      }
    }
    console.log('| writes | instances | chains | appends/s (median) | runs |');
    console.log('| --- | --- | --- | --- | --- |');
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    for (const s of scenarios) {
      const runs = rates.get(s.name)!;
      const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
      console.log(`| ${s.mode === 'group' ? 'group commit' : 'one transaction per event'} | ${s.instances} | ${s.chains} | ${fmt(median)} | ${runs.map(fmt).join(', ')} |`);
    }
    const { rows: check } = await client.query(
      `SELECT count(*)::int AS n, count(DISTINCT (chain_id, seq))::int AS distinct_seqs,
         (SELECT count(*)::int FROM audit_chains c WHERE c.size <> (SELECT count(*) FROM audit_events e WHERE e.chain_id = c.chain_id)
            OR c.size <> coalesce((SELECT max(seq) FROM audit_events e WHERE e.chain_id = c.chain_id), 0)) AS bad_chains,
         (SELECT count(*)::int FROM audit_events e JOIN audit_events p ON p.chain_id = e.chain_id AND p.seq = e.seq - 1 WHERE e.prev_hash <> p.hash) AS broken_links
       FROM audit_events`,
    );
    const { n, distinct_seqs: distinct, bad_chains: badChains, broken_links: broken } = check[0];
    console.log(`\n${n.toLocaleString('en-US')} events written; ${distinct === n ? 'no duplicate (chain, seq)' : 'DUPLICATES FOUND'}; ${badChains === 0 ? 'every chain gap-free up to its head' : `${badChains} CHAINS WITH GAPS`}; ${broken === 0 ? 'every prevHash links to the event before' : `${broken} BROKEN LINKS`}`);
    await client.end();
  } finally {
    await database.drop();
  }
}

if (process.argv.includes('--instance')) {
  process.once('message', async (job) => {
    const done = await instance(job as Job);
    process.send!(done, () => process.exit(0));
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
