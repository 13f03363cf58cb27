/**
 * Governed inference against bare inference, measured in one run on one machine:
 * `npm run bench` (or `npm run build && node dist/bench/governed.bench.js [seconds]`).
 *
 *   (a) onnxruntime-node called in-process (no HTTP): the floor;
 *   (b) a bare NestJS endpoint on the same Fastify adapter calling the same model (bench/bare-server.ts);
 *   (c) Warden's governed endpoint: authentication, consent, redaction, policy, quotas, metering,
 *       explanation and a group-committed audit event per call.
 *
 * Each server runs in its own process, driven from this one (same 2 cores): autocannon with 32
 * connections for throughput; then 500 requests a second, evenly spaced and sent whether or not
 * earlier ones have been answered (bench/open-loop.ts), for the overhead at p50; and, for
 * comparison, autocannon's own 500/s, which sends each second's quota over 8 connections as fast
 * as they answer; and requests of 1,000 rows, one at a time. The server's CPU time per request is
 * read from /proc, and the governed server answers with Server-Timing headers, whose per-stage
 * times the evenly spaced run averages.
 * Uses DATABASE_URL's Postgres server (a fresh database, dropped after) or an embedded one, and
 * REDIS_URL when set.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import ort from 'onnxruntime-node';
import { encodeRows, encodingWidth } from '../src/models/encoding.js';
import { ONNX_INPUT, onnxOutputName, type FeatureRow, type ModelManifest } from '../src/models/model-schema.js';
import { benchDatabase } from './bench-db.js';
import { machine, percentile } from './machine.js';
import { openLoop } from './open-loop.js';

const seconds = Number(process.argv[2] ?? 15);
/** The tabular credit model (consent, license territory, policy, explanation) and the text router (PII redaction too). */
const MODELS = [
  { ref: 'credit-approval@1.0.0', purpose: 'credit-scoring', context: { jurisdiction: 'US' } },
  { ref: 'support-router@1.0.0', purpose: 'customer-support', context: {} },
] as const;
/** Rows per request in the batch runs: the most one call may carry by default. */
const BATCH_ROWS = 1000;
const ADMIN = `wdn_bench_${'a'.repeat(32)}`;
const root = process.cwd();
const manifestOf = (ref: string) => JSON.parse(readFileSync(path.join(root, `models/${ref}.json`), 'utf8')) as ModelManifest;

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** The server process's CPU time per request, ms (Linux; NaN elsewhere or in-process). */
  cpuMs: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User plus system CPU seconds a process has used so far (from /proc; NaN where there is none). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** Runs `measure` against `server` and adds the server's CPU time per request it answered. */
async function withCpu<T extends Omit<Load, 'cpuMs'> & { requests: number }>(server: ChildProcess, measure: () => Promise<T>): Promise<Omit<T, 'requests'> & Load> {
  const before = cpuSeconds(server.pid);
  const { requests, ...result } = await measure();
  return { ...result, cpuMs: ((cpuSeconds(server.pid) - before) * 1000) / requests };
}

/** `n` rows that differ from each other, within the schema: the example with its numbers moved. */
function batchOf(manifest: ModelManifest, n: number): FeatureRow[] {
  return Array.from({ length: n }, (_, i) => {
    const row: FeatureRow = { ...manifest.example };
    for (const f of manifest.input.features) {
      if (f.type === 'numeric') row[f.name] = Math.min(f.max ?? Infinity, Math.max(f.min ?? -Infinity, (row[f.name] as number) + (i % 7)));
    }
    return row;
  });
}

async function inProcess(ref: string): Promise<Load> {
  const manifest = manifestOf(ref);
  const session = await ort.InferenceSession.create(readFileSync(path.join(root, `models/${ref}.onnx`)), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const width = encodingWidth(manifest.encoding);
  const output = onnxOutputName(manifest.output);
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', encodeRows(manifest.encoding, [manifest.example]), [1, width]) }, [output]);
    samples.push(performance.now() - t0);
  }
  await session.release();
  samples.sort((a, b) => a - b);
  return { rps: samples.length / seconds, p50: percentile(samples, 50), p99: percentile(samples, 99), non2xx: 0, cpuMs: NaN };
}

/** Starts a server; it is ready when it says so on IPC or `readyUrl` answers 200. */
function start(script: string, args: string[], env: Record<string, string>, readyUrl?: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    if (readyUrl) {
      const poll = setInterval(() => {
        fetch(readyUrl).then((res) => res.ok && (clearInterval(poll), resolve(child)), () => undefined);
      }, 100);
      child.once('exit', () => clearInterval(poll));
    }
    let output = '';
    const keep = (chunk: Buffer) => (output += chunk.toString());
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('message', (m) => m === 'ready' && resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output.slice(-2000)}`)));
  });
}

/** Autocannon against `server`: `connections` sending back to back, or each second's `rate` sent as fast as they can. */
async function load(server: ChildProcess, url: string, body: unknown, headers: Record<string, string>, options: { connections: number; rate?: number }): Promise<Load> {
  const run = (duration: number) =>
    autocannon({ url, method: 'POST', duration, connections: options.connections, ...(options.rate ? { overallRate: options.rate } : {}), headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  await run(2);
  return withCpu(server, async () => {
    const result = await run(seconds);
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, requests: result.requests.total };
  });
}

/** `rate` requests a second against `server`, evenly spaced whatever the answers (after two seconds of the same). */
async function steady(server: ChildProcess, url: string, body: unknown, headers: Record<string, string>, rate: number) {
  const run = (duration: number) => openLoop(url, JSON.stringify(body), { 'content-type': 'application/json', ...headers }, rate, duration);
  await run(2);
  return withCpu(server, async () => {
    const result = await run(seconds);
    if (result.errors) throw new Error(`${url}: ${result.errors} requests failed at the socket`);
    return result;
  });
}

async function api(base: string, method: string, route: string, key: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${route}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A tenant with consent for its subject, and a policy whose quotas do not cap a benchmark. */
async function prepare(base: string): Promise<string> {
  const tenant = await api(base, 'POST', '/v1/admin/tenants', ADMIN, { name: `bench-${Date.now()}` });
  const { key } = await api(base, 'POST', '/v1/admin/keys', ADMIN, { role: 'tenant', tenantId: tenant.id });
  await api(base, 'POST', '/v1/consents', key, { subjectId: 'bench-subject', purpose: 'credit-scoring' });
  const active = await api(base, 'GET', '/v1/policies/active', ADMIN);
  const source = (active.source as string).replace(/limit: \d+/g, 'limit: 1000000000');
  const draft = await api(base, 'POST', '/v1/admin/policies', ADMIN, { source, reason: 'Benchmark: quotas out of the way' });
  await api(base, 'POST', `/v1/admin/policies/${draft.version}/activate`, ADMIN, { reason: 'Benchmark' });
  return key;
}

async function main(): Promise<void> {
  console.log(`Governed vs bare inference (${seconds} s per run) — ${machine()}`);
  const database = await benchDatabase();
  const children: ChildProcess[] = [];
  // However the run ends (an interrupt included), the servers it started end with it.
  process.once('exit', () => children.forEach((child) => child.kill('SIGTERM')));
  try {
    const base = 'http://127.0.0.1:3102';
    const warden = await start(path.join(root, 'dist/src/main.js'), [], { DATABASE_URL: database.url, PORT: '3102', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WARDEN_ADMIN_KEY: ADMIN, RATE_LIMIT_PER_MINUTE: '10000000', SERVER_TIMING: 'true' }, `${base}/health/ready`);
    children.push(warden);
    const key = await prepare(base);
    for (const [i, model] of MODELS.entries()) {
      const manifest = manifestOf(model.ref);
      const name = model.ref.split('@')[0];
      const body = { purpose: model.purpose, subject: { id: 'bench-subject' }, inputs: manifest.example, context: model.context };
      const bare = await start(path.join(root, 'dist/bench/bare-server.js'), [String(3110 + i), model.ref], {});
      children.push(bare);
      const bareUrl = `http://127.0.0.1:${3110 + i}/infer`;
      const a = await inProcess(model.ref);
      const bareCall = [bare, bareUrl, { inputs: manifest.example }, {}] as const;
      const governedCall = [warden, `${base}/v1/models/${name}/infer`, body, { authorization: `Bearer ${key}` }] as const;
      const b = await load(...bareCall, { connections: 32 });
      const c = await load(...governedCall, { connections: 32 });
      const bSteady = await steady(...bareCall, 500);
      const cSteady = await steady(...governedCall, 500);
      const bBursts = await load(...bareCall, { connections: 8, rate: 500 });
      const cBursts = await load(...governedCall, { connections: 8, rate: 500 });
      const batch = batchOf(manifest, BATCH_ROWS);
      const bBatch = await load(bare, bareUrl, { inputs: batch }, {}, { connections: 1 });
      const cBatch = await load(warden, `${base}/v1/models/${name}/infer`, { ...body, inputs: batch }, { authorization: `Bearer ${key}` }, { connections: 1 });
      bare.kill('SIGTERM');
      const row = (label: string, l: Load) =>
        `| ${label} | ${Math.round(l.rps).toLocaleString('en-US')} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${l.non2xx} | ${Number.isNaN(l.cpuMs) ? '' : l.cpuMs.toFixed(2)} |`;
      console.log(`\n${model.ref} (${model.purpose})\n`);
      console.log('| path | requests/s | p50 ms | p99 ms | non-2xx | server CPU ms per request |');
      console.log('| --- | --- | --- | --- | --- | --- |');
      console.log(row('(a) onnxruntime-node in-process (calls/s)', a));
      console.log(row('(b) bare NestJS + Fastify endpoint, 32 connections', b));
      console.log(row('(c) governed endpoint, 32 connections', c));
      console.log(row('(b) bare, 500 requests/s evenly spaced', bSteady));
      console.log(row('(c) governed, 500 requests/s evenly spaced', cSteady));
      console.log(row("(b) bare, 8 connections, autocannon's 500/s (bursts)", bBursts));
      console.log(row("(c) governed, 8 connections, autocannon's 500/s (bursts)", cBursts));
      console.log(row(`(b) bare, ${BATCH_ROWS.toLocaleString('en-US')} rows per request, 1 connection`, bBatch));
      console.log(row(`(c) governed, ${BATCH_ROWS.toLocaleString('en-US')} rows per request, 1 connection`, cBatch));
      const stages = [...cSteady.steps].map(([stage, ms]) => `${stage} ${ms.toFixed(2)}`);
      console.log(`\ngoverned at 500 requests/s evenly spaced, mean ms per stage (Server-Timing): ${stages.join(', ')}; in all ${[...cSteady.steps.values()].reduce((a, b) => a + b, 0).toFixed(2)}`);
      console.log(`(how late the load generator sent its requests, p99: ${bSteady.lateP99.toFixed(2)} ms against the bare endpoint, ${cSteady.lateP99.toFixed(2)} ms against the governed one)`);
      console.log(
        `\nthroughput c/b = ${(c.rps / b.rps).toFixed(3)}, c/a = ${(c.rps / a.rps).toFixed(4)}; governed overhead at 500 requests/s evenly spaced: p50 +${(cSteady.p50 - bSteady.p50).toFixed(2)} ms, p99 +${(cSteady.p99 - bSteady.p99).toFixed(2)} ms (in bursts: p50 +${(cBursts.p50 - bBursts.p50).toFixed(2)} ms); ${BATCH_ROWS.toLocaleString('en-US')} rows per request: bare ${Math.round(bBatch.rps * BATCH_ROWS).toLocaleString('en-US')} rows/s, governed ${Math.round(cBatch.rps * BATCH_ROWS).toLocaleString('en-US')} rows/s`,
      );
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
