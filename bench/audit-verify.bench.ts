/**
 * Verification throughput of the audit log:
 * `npm run build && node dist/bench/audit-verify.bench.js [events] [database events] [rounds]`
 * (defaults 1,000,000, 200,000 and 3).
 *
 * 1. verifyChain over one chain of `events` events held in memory (in pages of 10,000, as a
 *    server reading a chain from the database would), timing verification only;
 * 2. the offline verifier over a JSONL export of `events` events in a temp file (read, parse,
 *    hash links, Merkle roots at every checkpoint, signatures), timing the whole run;
 * 3. `AuditIntegrity.verify` (what `GET /v1/audit/verify` runs) over one chain of `database events`
 *    stored in Postgres (DATABASE_URL's server, or an embedded one): reading the rows, every hash
 *    link, the Merkle root against the chain head, on the application's least-privilege role.
 *
 * Each is run `rounds` times; the lines give the median run, in wall time and in the CPU time of
 * this process (the steadier figure on a shared machine; for 3 the Postgres backend works beside it).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { GENESIS_HASH, type AuditEvent } from '../src/audit/audit-event.js';
import { AuditIntegrity } from '../src/audit/audit-integrity.service.js';
import { AuditKeys } from '../src/audit/audit-keys.js';
import { AuditWriter } from '../src/audit/audit-writer.js';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { AuditService } from '../src/audit/audit.service.js';
import { ChainVerifier } from '../src/audit/chain-verify.js';
import { generateCheckpointKeyPair } from '../src/audit/checkpoint.js';
import { CompactRange } from '../src/audit/compact-range.js';
import { verifyExportFile } from '../src/audit/export-verify.js';
import { sampleChain, sampleExportLines } from '../src/audit/sample-log.js';
import type { Principal } from '../src/auth/principal.js';
import type { AppConfig } from '../src/config/config.module.js';
import { appDataSource } from '../src/database/data-source.js';
import { Db } from '../src/database/db.js';
import { benchDatabase } from './bench-db.js';
import { machine } from './machine.js';

const total = Number(process.argv[2] ?? 1_000_000);
const databaseEvents = Number(process.argv[3] ?? 200_000);
const rounds = Number(process.argv[4] ?? 3);
const PAGE = 10_000;
const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} events/s`;
const median = <T>(runs: T[], by: (run: T) => number): T => [...runs].sort((a, b) => by(a) - by(b))[Math.floor(runs.length / 2)];

/** Wall time and this process's CPU time; on a shared machine the second is the steadier figure. */
function stopwatch(): () => { wall: number; cpu: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}

function benchInMemory(): { wall: number; cpu: number; checked: number } {
  const chainId = 'tenant:7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const verifier = new ChainVerifier({ chainId });
  const events = sampleChain(chainId, total);
  let wall = 0;
  let cpu = 0;
  for (let done = 0; done < total; ) {
    const page = [];
    for (let i = 0; i < PAGE && done < total; i++, done++) page.push(events.next().value!);
    const stop = stopwatch();
    for (const event of page) {
      if (verifier.next(event)) throw new Error(`sample chain failed verification: ${JSON.stringify(verifier.firstBad)}`);
    }
    const spent = stop();
    wall += spent.wall;
    cpu += spent.cpu;
  }
  return { wall, cpu, checked: verifier.checked };
}

async function benchExport(): Promise<{ wall: number; cpu: number; line: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-audit-bench-'));
  try {
    const file = path.join(dir, 'export.jsonl');
    const { privateKey, publicKey } = generateCheckpointKeyPair();
    const tenants = ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '0f8fad5b-d9cb-469f-a165-70867728950e', 'a3bb189e-8bf9-3888-9912-ace4e6543002'];
    const chains = [
      { chainId: 'platform', count: Math.floor(total * 0.01) },
      ...tenants.map((t, i) => ({ chainId: `tenant:${t}`, count: Math.floor(total * [0.6, 0.3, 0.09][i]) })),
    ];
    chains[1].count += total - chains.reduce((sum, c) => sum + c.count, 0);
    const out = createWriteStream(file);
    for (const line of sampleExportLines({ chains, checkpointEvery: 100_000, privateKey })) {
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const stop = stopwatch();
    const result = await verifyExportFile(file, { publicKeys: [publicKey] });
    const spent = stop();
    if (!result.ok) throw new Error(`sample export failed verification: ${JSON.stringify(result.firstBad)}`);
    const mb = statSync(file).size / 1e6;
    return {
      ...spent,
      line:
        `${rate(result.events, spent.wall)} wall, ${rate(result.events, spent.cpu)} of CPU time ` +
        `(${result.events.toLocaleString('en-US')} events, ${mb.toFixed(0)} MB, ${result.checkpoints} checkpoints, ` +
        `${result.rootsChecked} roots checked, ${(spent.wall / 1000).toFixed(2)} s, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A database holding one tenant chain of `count` sample events, with its head, and the verifier over it. */
async function seededIntegrity(count: number) {
  const database = await benchDatabase();
  const tenantId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const chainId = `tenant:${tenantId}`;
  const owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  await owner.query(`INSERT INTO tenants (id, name) VALUES ($1, 'bench')`, [tenantId]);
  await owner.end();
  const ds = appDataSource({ url: database.url, appRole: 'warden_app', poolSize: 4 });
  await ds.initialize();
  const db = new Db(ds);
  const repo = new AuditRepository(db);
  const range = new CompactRange();
  let last = GENESIS_HASH;
  await db.platform(() => repo.lockHeads([{ chainId, tenantId }]));
  const events = sampleChain(chainId, count);
  for (let done = 0; done < count; ) {
    const page: AuditEvent[] = [];
    for (let i = 0; i < 5_000 && done < count; i++, done++) page.push(events.next().value!);
    for (const event of page) range.pushEventHash(event.hash);
    last = page[page.length - 1].hash;
    await db.platform(() => repo.insertEvents(page));
  }
  await db.platform(() => repo.updateHeads([{ chainId, tenantId, size: count, headHash: last, frontier: range.frontier() }]));
  const audit = new AuditService(db, repo, new AuditWriter(db, repo));
  const integrity = new AuditIntegrity(db, repo, audit, new AuditKeys({} as AppConfig, db));
  const admin: Principal = { keyId: 'bench', role: 'admin', tenantId: null, partyId: null, scopes: [] };
  return {
    chainId,
    verify: () => integrity.verify(admin, chainId),
    async close() {
      await ds.destroy();
      await database.drop();
    },
  };
}

async function benchDatabaseVerify(): Promise<{ wall: number; cpu: number; checked: number }[]> {
  const seeded = await seededIntegrity(databaseEvents);
  try {
    const runs = [];
    for (let round = 0; round < rounds; round++) {
      const stop = stopwatch();
      const result = await seeded.verify();
      const spent = stop();
      if (!result.ok || result.checked !== databaseEvents) throw new Error(`seeded chain failed verification: ${JSON.stringify(result)}`);
      runs.push({ ...spent, checked: result.checked });
    }
    return runs;
  } finally {
    await seeded.close();
  }
}

console.log(`audit verification benchmark — ${machine()}, one thread, ${rounds} rounds`);
const memory = [];
for (let round = 0; round < rounds; round++) memory.push(benchInMemory());
const m = median(memory, (r) => r.wall);
console.log(
  `verifyChain, in memory:      ${rate(m.checked, m.wall)} wall, ${rate(m.checked, median(memory, (r) => r.cpu).cpu)} of CPU time ` +
    `(${m.checked.toLocaleString('en-US')} events in pages of ${PAGE.toLocaleString('en-US')}, median of ${memory.map((r) => rate(r.checked, r.wall).split(' ')[0]).join(', ')} wall)`,
);
const exports = [];
for (let round = 0; round < rounds; round++) exports.push(await benchExport());
console.log(`audit:verify, JSONL export:  ${median(exports, (r) => r.wall).line}`);
if (databaseEvents > 0) {
  const stored = await benchDatabaseVerify();
  const s = median(stored, (r) => r.wall);
  console.log(
    `AuditIntegrity.verify, Postgres: ${rate(s.checked, s.wall)} wall, ${rate(s.checked, median(stored, (r) => r.cpu).cpu)} of this process's CPU time ` +
      `(${s.checked.toLocaleString('en-US')} events of one chain, Merkle root included; runs ${stored.map((r) => rate(r.checked, r.wall).split(' ')[0]).join(', ')} wall)`,
  );
}
