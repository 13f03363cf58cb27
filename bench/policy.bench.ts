/**
 * Policy evaluation time per decision with 10, 100 and 1,000 rules.
 *
 *   npm run build && node dist/bench/policy.bench.js
 *
 * Two rule sets per size: a realistic mix (most rules pin a model and/or purpose, as the default
 * policy does, so the index narrows them) and a worst case where no rule pins anything and every
 * rule is tested on every call. Each decision includes its clause-level explanation.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { stringify } from 'yaml';
import { compilePolicy, type CompiledPolicy } from '../src/policy/compile.js';
import { decidePost, decidePre } from '../src/policy/evaluate.js';
import { timeContext, type PolicyContext } from '../src/policy/policy-context.js';
import type { PolicyDocument, PolicyRule } from '../src/policy/policy-document.js';
import { parsePolicy } from '../src/policy/policy-parse.js';

const TARGET_US_AT_100 = 20;
const EU = ['AT', 'BE', 'DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'IE'];
const JURISDICTIONS = [...EU, 'US', 'GB', 'CH', 'JP'];
const PURPOSES = ['credit-scoring', 'fraud-prevention', 'marketing', 'customer-support', 'insurance-pricing'];
const RISK = ['minimal', 'limited', 'high'] as const;

/** A deterministic generator, so that every run measures the same rules and requests. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rules(count: number, pinned: boolean): PolicyDocument {
  const next = random(count * (pinned ? 2 : 3));
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const models = Math.max(2, Math.floor(count / 5));
  const out: PolicyRule[] = [];
  for (let i = 0; i < count; i++) {
    const model = `model-${i % models}`;
    const extra: Record<string, unknown> = [
      { jurisdiction: { $in: EU } },
      { 'model.riskClass': { $in: ['limited', 'high'] } },
      { 'time.hour': { $gte: 6, $lt: 22 } },
      { $or: [{ 'tenant.id': `tenant-${i % 7}` }, { role: 'admin' }] },
      { 'input.amount': { $gt: 1000 } },
    ][i % 5];
    const pin = pinned && i % 10 !== 9 ? (i % 3 === 0 ? { 'model.name': model } : { 'model.name': model, purpose: pick(PURPOSES) }) : { 'tenant.name': { $ne: `x-${i}` } };
    const when = { ...pin, ...extra };
    const kind = i % 4;
    if (kind === 0 || kind === 1) out.push({ id: `allow-${i}`, kind: 'usage', effect: 'allow', description: `allow ${i}`, when: { ...pin } });
    else if (kind === 2) out.push({ id: `deny-${i}`, kind: 'usage', effect: 'deny', description: `deny ${i}`, when });
    else if (i % 8 === 3) out.push({ id: `oblige-${i}`, kind: 'usage', effect: 'obligate', description: `oblige ${i}`, obligations: ['log_reason'], when });
    else out.push({ id: `review-${i}`, kind: 'output', effect: 'obligate', description: `review ${i}`, obligations: ['human_review'], when: { ...when, 'output.score': { $gte: 0.4, $lte: 0.6 } } });
  }
  return { name: `bench-${count}`, rules: out };
}

function contexts(count: number, modelCount: number): PolicyContext[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, (_, i) => ({
    tenant: { id: `tenant-${i % 11}`, name: `Tenant ${i % 11}` },
    role: 'tenant',
    model: { name: `model-${Math.floor(next() * modelCount)}`, version: '1.0.0', riskClass: pick(RISK) },
    purpose: pick(PURPOSES),
    jurisdiction: pick(JURISDICTIONS),
    time: timeContext(new Date(Date.UTC(2026, 10, 20, Math.floor(next() * 24), 30))),
    input: { amount: Math.floor(next() * 5000), age: 18 + Math.floor(next() * 60) },
    output: { label: 'approve', score: next() },
    pii: { found: [], count: 0 },
  }));
}

/** Median over several timed rounds of the mean time per call, in microseconds. */
function measure(run: (ctx: PolicyContext) => unknown, requests: PolicyContext[], budgetMs = 300): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink ^= run(requests[i % requests.length]) ? 1 : 0;
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round((budgetMs / 7) * 1e6));
    let now = start;
    while (now < deadline) {
      for (let i = 0; i < 500; i++) sink ^= run(requests[(calls + i) % requests.length]) ? 1 : 0;
      calls += 500;
      now = process.hrtime.bigint();
    }
    rounds.push(Number(now - start) / 1000 / calls);
  }
  if (sink === -1) console.log(sink);
  return rounds.sort((a, b) => a - b)[3];
}

function fmt(us: number): string {
  return us < 10 ? us.toFixed(2) : us.toFixed(1);
}

const cpu = cpus();
console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${loadavg()[0].toFixed(2)}`);
console.log('time per decision in µs (median of 7 rounds), each with its clause-level explanation\n');
console.log('rules  rule set      compile ms  parse ms  decidePre µs  decidePost µs  allowed %');

let at100 = Number.POSITIVE_INFINITY;
for (const count of [10, 100, 1000]) {
  for (const pinned of [true, false]) {
    const document = rules(count, pinned);
    const yaml = stringify(document);
    const parseStart = performance.now();
    const parsed = parsePolicy(yaml);
    const parseMs = performance.now() - parseStart;
    if (!parsed.document) throw new Error(`generated policy is invalid: ${JSON.stringify(parsed.errors?.slice(0, 3))}`);
    const compileStart = performance.now();
    const policy: CompiledPolicy = compilePolicy(parsed.document, { version: 1 });
    const compileMs = performance.now() - compileStart;
    const requests = contexts(1000, Math.max(2, Math.floor(count / 5)));
    const allowed = requests.filter((r) => decidePre(policy, r).allowed).length / requests.length;
    const pre = measure((ctx) => decidePre(policy, ctx).allowed, requests);
    const post = measure((ctx) => decidePost(policy, ctx).allowed, requests);
    if (count === 100 && pinned) at100 = pre + post;
    const label = pinned ? 'indexed mix' : 'no pins';
    console.log(
      `${String(count).padStart(5)}  ${label.padEnd(12)}  ${compileMs.toFixed(1).padStart(10)}  ${parseMs.toFixed(1).padStart(8)}  ${fmt(pre).padStart(12)}  ${fmt(post).padStart(13)}  ${(allowed * 100).toFixed(0).padStart(9)}`,
    );
  }
}
console.log(`\ntarget: pre + post ≤ ${TARGET_US_AT_100} µs at 100 rules (indexed mix): ${fmt(at100)} µs — ${at100 <= TARGET_US_AT_100 ? 'met' : 'missed'}`);
