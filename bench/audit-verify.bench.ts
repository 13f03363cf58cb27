/**
 * Verification throughput of the audit log: `npm run build && node dist/bench/audit-verify.bench.js [events]`.
 *
 * 1. verifyChain over one chain of 1,000,000 events held in memory (in pages of 10,000, as a
 *    server reading a chain from the database would), timing verification only;
 * 2. the offline verifier over a 1,000,000-event JSONL export in a temp file (read, parse,
 *    hash links, Merkle roots at every checkpoint, signatures), timing the whole run.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { ChainVerifier } from '../src/audit/chain-verify.js';
import { generateCheckpointKeyPair } from '../src/audit/checkpoint.js';
import { verifyExportFile } from '../src/audit/export-verify.js';
import { sampleChain, sampleExportLines } from '../src/audit/sample-log.js';

const total = Number(process.argv[2] ?? 1_000_000);
const PAGE = 10_000;
const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} events/s`;

/** Wall time and this process's CPU time; on a shared machine the second is the steadier figure. */
function stopwatch(): () => { wall: number; cpu: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}

function benchInMemory(): void {
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
  console.log(
    `verifyChain, in memory:      ${rate(verifier.checked, wall)} wall, ${rate(verifier.checked, cpu)} of CPU time ` +
      `(${verifier.checked.toLocaleString('en-US')} events in pages of ${PAGE.toLocaleString('en-US')}, ${(wall / 1000).toFixed(2)} s)`,
  );
}

async function benchExport(): Promise<void> {
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
    console.log(
      `audit:verify, JSONL export:  ${rate(result.events, spent.wall)} wall, ${rate(result.events, spent.cpu)} of CPU time ` +
        `(${result.events.toLocaleString('en-US')} events, ${mb.toFixed(0)} MB, ${result.checkpoints} checkpoints, ` +
        `${result.rootsChecked} roots checked, ${(spent.wall / 1000).toFixed(2)} s, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`audit verification benchmark: ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}, one thread; load average ${load}`);
benchInMemory();
await benchExport();
