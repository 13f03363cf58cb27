import { randomBytes, randomUUID } from 'node:crypto';
import { Client, creditCall, envelopeProblem, example, tenantWithConsent, type Answer } from '../faults/support/client.js';
import { WardenProcess } from '../faults/support/processes.js';
import { operationsOf, type Operation } from './support/openapi.js';

interface TenantData {
  id: string;
  key: string;
  reviewer: string;
  subjects: string[];
  requestId: string;
  reviewId: string;
  auditId: string;
  erasureId: string;
}

/** A tenant with something of each kind: consents, calls, a review, an outcome, protected attributes, a bias audit, an erasure. */
async function populate(admin: Client, label: string): Promise<TenantData> {
  const tenant = await tenantWithConsent(admin, 4, label);
  const as = admin.as(tenant.key);
  for (const subjectId of tenant.subjects) await as.ok('POST', '/v1/consents', { subjectId, purpose: 'fairness-monitoring' });
  await as.ok('PUT', `/v1/subjects/${tenant.subjects[1]}/protected-attributes`, { attributes: { sex: 'female' } });
  const call = (await as.ok('POST', '/v1/models/credit-approval/infer', creditCall(tenant.subjects[0]))).body;
  await as.ok('POST', '/v1/outcomes', { requestId: call.requestId, label: 'approved' });
  // A review: an EU decision the model is unsure about (an income in the uncertain band).
  const base = example('credit-approval');
  const batch = Array.from({ length: 40 }, (_, i) => ({ ...base, annualIncome: 15000 + i * 2500 }));
  const scores = (await as.ok('POST', '/v1/models/credit-approval/infer', { ...creditCall(tenant.subjects[0]), inputs: batch })).body.outputs.map((o: { approvalProbability: number }) => o.approvalProbability);
  const uncertain = batch[scores.findIndex((p: number) => p >= 0.4 && p <= 0.6)];
  const reviewed = (await as.ok('POST', '/v1/models/credit-approval/infer', { ...creditCall(tenant.subjects[0]), inputs: uncertain, context: { jurisdiction: 'DE' } })).body;
  const csv = 'decision,sex,ethnicity\n1,F,a\n0,F,b\n1,M,a\n1,M,b\n0,F,a\n1,M,b\n';
  const audit = (await as.ok('POST', '/v1/fairness/audits', { source: 'dataset', csv, columns: { prediction: 'decision', attributes: ['sex', 'ethnicity'] }, favorable: 1, minGroupSize: 0, minShare: 0 })).body;
  const erasure = (await as.ok('POST', `/v1/subjects/${tenant.subjects[3]}/erasure`, undefined)).body;
  const reviewer = (await admin.ok('POST', '/v1/admin/keys', { role: 'tenant', tenantId: tenant.id, scopes: ['reviewer'] })).body.key;
  return { id: tenant.id, key: tenant.key, reviewer, subjects: tenant.subjects, requestId: call.requestId, reviewId: reviewed.review.id, auditId: audit.id, erasureId: erasure.id };
}

const shape = (res: Answer) => ({ status: res.status, code: res.body?.error?.code as string | undefined });

/**
 * Tenant A's keys against tenant B's resources, named by their real ids (as a tenant that guessed or
 * saw them would): the answer is the 404 a made-up id gets, never B's data and never a 403 that
 * would confirm the resource exists.
 */
describe('cross-tenant probes', () => {
  const adminKey = `fuzz_${randomBytes(16).toString('hex')}`;
  let warden: WardenProcess;
  let admin: Client;
  let a: TenantData;
  let b: TenantData;
  let operations: Operation[];

  beforeAll(async () => {
    warden = await WardenProcess.start({ databaseUrl: process.env.DATABASE_URL!, adminKey, env: { RATE_LIMIT_PER_MINUTE: '10000000' } });
    admin = new Client(warden.url, adminKey);
    a = await populate(admin, 'probe-a');
    b = await populate(admin, 'probe-b');
    operations = operationsOf((await admin.ok('GET', '/docs-json')).body);
  });
  afterAll(() => warden?.stop());

  /** [what, method, path for a tenant's data, body, which key]: each answers 2xx for the owner. */
  const probes = (t: TenantData): [string, string, string, unknown, 'key' | 'reviewer'][] => [
    ['tenant', 'GET', `/v1/tenants/${t.id}`, undefined, 'key'],
    ['record of processing', 'GET', `/v1/tenants/${t.id}/record-of-processing`, undefined, 'key'],
    ['bias audit', 'GET', `/v1/fairness/audits/${t.auditId}`, undefined, 'key'],
    ['bias audit as CSV', 'GET', `/v1/fairness/audits/${t.auditId}?format=csv`, undefined, 'key'],
    ['bias audit LL144 summary', 'GET', `/v1/fairness/audits/${t.auditId}/ll144?raceEthnicity=ethnicity`, undefined, 'key'],
    ['erasure request', 'GET', `/v1/subjects/erasures/${t.erasureId}`, undefined, 'key'],
    ['outcome of a call', 'POST', '/v1/outcomes', { requestId: t.requestId, label: 'approved' }, 'key'],
    ['review decision', 'POST', `/v1/reviews/${t.reviewId}/decision`, { action: 'confirm', reason: 'probe' }, 'reviewer'],
    ['audit events of the chain', 'GET', `/v1/audit/events?chain=tenant:${t.id}`, undefined, 'key'],
    ['audit events of the tenant', 'GET', `/v1/audit/events?tenantId=${t.id}`, undefined, 'key'],
    ['audit export', 'GET', `/v1/audit/export?chain=tenant:${t.id}`, undefined, 'key'],
    ['audit verification', 'GET', `/v1/audit/verify?chain=tenant:${t.id}`, undefined, 'key'],
    ['inclusion proof', 'GET', `/v1/audit/proofs/inclusion?chain=tenant:${t.id}&seq=1&treeSize=2`, undefined, 'key'],
    ['consistency proof', 'GET', `/v1/audit/proofs/consistency?chain=tenant:${t.id}&from=1&to=2`, undefined, 'key'],
  ];

  it("answers 404 for every one of B's resources asked with A's keys, as for ids that never existed", async () => {
    const failures: string[] = [];
    const probesA = probes(a);
    for (const [i, [what, method, path, body, which]] of probes(b).entries()) {
      const asA = admin.as(a[which]);
      const theirs = await asA.request(method, path, body);
      if (theirs.status !== 404 || theirs.body?.error?.code !== 'NOT_FOUND' || envelopeProblem(theirs.body)) failures.push(`${what}: ${method} ${path} answered ${theirs.status} ${theirs.text.slice(0, 200)}`);
      // The same probe with an id nobody has answers alike; and on A's own resource it succeeds (the probe reaches the lookup).
      const made = await asA.request(method, path.split(b.id).join(randomUUID()).split(b.auditId).join(randomUUID()).split(b.erasureId).join(randomUUID()).split(b.reviewId).join(randomUUID()), body && JSON.parse(JSON.stringify(body).split(b.requestId).join(randomUUID())));
      if (made.status !== 404) failures.push(`${what}: a made-up id answered ${made.status}, not 404`);
      const [, ownMethod, ownPath, ownBody] = probesA[i];
      const own = await asA.request(ownMethod, ownPath, ownBody);
      if (own.status >= 300) failures.push(`${what}: the owner's own ${ownMethod} ${ownPath} answered ${own.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("never tells B's ids from made-up ones, on any route, in the path or the query", async () => {
    const bIds = [b.id, `tenant:${b.id}`, b.requestId, b.reviewId, b.auditId, b.erasureId, ...b.subjects];
    const madeUp = (id: string) => (id.startsWith('tenant:') ? `tenant:${randomUUID()}` : /^[0-9a-f-]{36}$/.test(id) ? randomUUID() : `probe-subject-${randomUUID()}`);
    const failures: string[] = [];
    const answers = new Map<number, number>();
    for (const op of operations) {
      const slots = [...op.pathParams.map((p) => ({ name: p.name, in: 'path' })), ...op.query.map((q) => ({ name: q.name, in: 'query' }))];
      const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
      for (const slot of slots) {
        // Only the slot under test carries B's id; other path segments get a value nobody has.
        const url = (value: string) => {
          const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(slot.in === 'path' && name === slot.name ? value : `probe-${randomUUID()}`));
          return slot.in === 'query' ? `${path}?${slot.name}=${encodeURIComponent(value)}` : path;
        };
        for (const id of bIds) {
          for (const key of [a.key, a.reviewer]) {
            const asA = admin.as(key);
            const theirs = await asA.request(op.method, url(id), body);
            const baseline = await asA.request(op.method, url(madeUp(id)), body);
            answers.set(theirs.status, (answers.get(theirs.status) ?? 0) + 1);
            const leaked = theirs.status < 300 && [b.id, b.reviewId, b.auditId, b.erasureId, b.requestId].some((x) => theirs.text.includes(x) && x !== id);
            if (JSON.stringify(shape(theirs)) !== JSON.stringify(shape(baseline)) || leaked) {
              failures.push(`${op.method} ${op.path} ${slot.in} ${slot.name} = B's ${id}: ${JSON.stringify(shape(theirs))}${leaked ? ' with B data' : ''}, a made-up one ${JSON.stringify(shape(baseline))}`);
            }
          }
        }
      }
    }
    process.stdout.write(`cross-tenant probes answered ${JSON.stringify(Object.fromEntries([...answers].sort()))}\n`);
    expect([...answers.values()].reduce((x, y) => x + y, 0)).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  });

  it("leaves B's data as it was", async () => {
    const asB = admin.as(b.key);
    expect((await asB.get(`/v1/fairness/audits/${b.auditId}`)).status).toBe(200);
    const reviews = (await admin.as(b.reviewer).get('/v1/reviews?status=open')).body as { id: string }[];
    expect(reviews.map((r) => r.id)).toContain(b.reviewId);
    const verified = await asB.get(`/v1/audit/verify?chain=tenant:${b.id}`);
    expect(verified.body.ok).toBe(true);
    expect(warden.alive).toBe(true);
  });
});
