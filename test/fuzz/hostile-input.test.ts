import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Client, creditCall, envelopeProblem, tenantWithConsent } from '../faults/support/client.js';
import { scratchDatabase, type ScratchDatabase } from '../faults/support/databases.js';
import { WardenProcess } from '../faults/support/processes.js';
import type { Known } from './support/hostile.js';
import { operationsOf, type Operation } from './support/openapi.js';
import { send, type RawResponse } from './support/raw-http.js';
import { requestFor, toRaw, type HostileRequest, type Role } from './support/requests.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261101);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** What every answer to hostile input must be: below 500, and an error in the one envelope. */
function judge(res: RawResponse): string | null {
  if (res.status === 0) return `no answer: ${res.error}`;
  if (res.status >= 500) return `${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status >= 400) {
    if (!/^application\/json/.test(res.contentType)) return `${res.status} with content-type ${res.contentType || 'none'}: ${res.text.slice(0, 200)}`;
    const problem = envelopeProblem(res.json);
    if (problem) return `${res.status} outside the error envelope (${problem}): ${res.text.slice(0, 300)}`;
  }
  return null;
}

const errorLines = (log: string) => log.split('\n').filter((line) => /"level":"(error|fatal)"|Unhandled|uncaught/i.test(line));

/**
 * Every operation in the OpenAPI document, whichever it is, gets a bounded, seeded run of hostile
 * requests: malformed and deep JSON, wrong types, huge strings, Unicode corner cases, injection and
 * traversal strings in paths, queries and bodies, broken multipart, as every role and as nobody.
 * Its own database, since some of it changes things (it is an admin, among others).
 */
describe(`hostile input on every public endpoint (seed ${SEED}, ${RUNS} runs each)`, () => {
  const adminKey = `fuzz_${randomBytes(16).toString('hex')}`;
  let db: ScratchDatabase;
  let warden: WardenProcess;
  let operations: Operation[];
  const keys = {} as Record<Role, string | undefined>;
  let known: Known;

  beforeAll(async () => {
    db = await scratchDatabase('fuzz');
    warden = await WardenProcess.start({ databaseUrl: db.url, adminKey, env: { RATE_LIMIT_PER_MINUTE: '10000000' } });
    const admin = new Client(warden.url, adminKey);
    const tenant = await tenantWithConsent(admin, 3, 'fuzz');
    const party = (await admin.ok('POST', '/v1/admin/parties', { name: `fuzz-party-${Date.now()}`, kind: 'author' })).body;
    Object.assign(keys, {
      admin: adminKey,
      tenant: tenant.key,
      reviewer: (await admin.ok('POST', '/v1/admin/keys', { role: 'tenant', tenantId: tenant.id, scopes: ['reviewer'] })).body.key,
      regulator: (await admin.ok('POST', '/v1/admin/keys', { role: 'regulator' })).body.key,
      licensor: (await admin.ok('POST', '/v1/admin/keys', { role: 'licensor', partyId: party.id })).body.key,
      none: undefined,
      bogus: undefined,
    });
    const asTenant = admin.as(tenant.key);
    const call = (await asTenant.ok('POST', '/v1/models/credit-approval/infer', creditCall(tenant.subjects[0]))).body;
    const erasure = (await asTenant.ok('POST', `/v1/subjects/${tenant.subjects[2]}/erasure`, undefined)).body;
    const audit = (
      await asTenant.ok('POST', '/v1/fairness/audits', { source: 'dataset', csv: 'decision,sex\n1,F\n0,F\n1,M\n1,M\n', columns: { prediction: 'decision', attributes: ['sex'] }, favorable: 1, minGroupSize: 0, minShare: 0 })
    ).body;
    known = {
      uuids: [tenant.id, party.id, call.requestId, erasure.id, audit.id],
      strings: ['credit-approval', 'support-router', 'credit-risk', '1.0.0', 'credit-scoring', 'customer-support', 'fairness-monitoring', `tenant:${tenant.id}`, 'platform', ...tenant.subjects, '1', '2', 'approved'],
    };
    operations = operationsOf((await admin.ok('GET', '/docs-json')).body);
  });
  afterAll(async () => {
    await warden?.stop();
    await db?.drop();
  });

  it.each([
    ['a licensor key for a party that does not exist', 'admin', 'POST', '/v1/admin/keys', 'application/json', JSON.stringify({ role: 'licensor', partyId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND'],
    ['a body nested 5000 levels deep', 'admin', 'POST', '/v1/admin/tenants', 'application/json', `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400, 'VALIDATION_FAILED'],
    ['a NUL character in text Postgres is asked about', 'admin', 'GET', '/v1/purposes/a%00b', undefined, undefined, 400, 'VALIDATION_FAILED'],
    ['a URL that is not validly percent-encoded', 'admin', 'GET', '/v1/purposes/%zz', undefined, undefined, 400, 'VALIDATION_FAILED'],
    ['a path segment of 3000 characters', 'admin', 'GET', `/v1/purposes/${'x'.repeat(3000)}`, undefined, undefined, 414, 'URI_TOO_LONG'],
    ['a request line of 20 kB', 'admin', 'GET', `/v1/purposes/${'x'.repeat(20_000)}`, undefined, undefined, 431, 'HEADERS_TOO_LARGE'],
    ['multipart data that breaks off', 'admin', 'POST', '/v1/fairness/audits', 'multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; name="request"\r\n\r\n{}\r\n', 400, 'VALIDATION_FAILED'],
    ['a list where an object belongs (purpose notice)', 'admin', 'PUT', '/v1/admin/purposes/marketing', 'application/json', JSON.stringify({ description: 'Offers', lawfulBasis: 'consent', notice: [], retentionDays: 0, reason: 'probe' }), 400, 'VALIDATION_FAILED'],
    ['a list where an object belongs (inference subject)', 'tenant', 'POST', '/v1/models/credit-approval/infer', 'application/json', JSON.stringify({ purpose: 'credit-scoring', subject: [], inputs: {} }), 400, 'VALIDATION_FAILED'],
    ['an expiry in ISO 8601 basic form, which Date cannot read', 'admin', 'POST', '/v1/admin/keys', 'application/json', JSON.stringify({ role: 'regulator', expiresAt: '20270101T000000Z' }), 400, 'VALIDATION_FAILED'],
    ['a dry-run start as an ISO 8601 week date', 'admin', 'POST', '/v1/admin/policies/1/dry-run', 'application/json', JSON.stringify({ from: '2026-W01-1T00:00:00Z' }), 400, 'VALIDATION_FAILED'],
    ['an audit range start as an ISO 8601 ordinal date', 'admin', 'GET', '/v1/audit/events?from=2026-001T00:00:00Z', undefined, undefined, 400, 'VALIDATION_FAILED'],
    ['a blank controller contact for a consent receipt', 'tenant', 'POST', '/v1/consents', 'application/json', JSON.stringify({ subjectId: 'carol', purpose: 'marketing', controller: { contact: '   ' } }), 400, 'VALIDATION_FAILED'],
    ['blank withdrawal instructions for a consent receipt', 'tenant', 'POST', '/v1/consents', 'application/json', JSON.stringify({ subjectId: 'carol', purpose: 'marketing', withdrawalInstructions: ' ' }), 400, 'VALIDATION_FAILED'],
    ['a consent expiry in year 10000', 'tenant', 'POST', '/v1/consents', 'application/json', JSON.stringify({ subjectId: 'carol', purpose: 'marketing', expiresAt: '9999-12-31T23:59:59-01:00' }), 400, 'VALIDATION_FAILED'],
    ['a multipart field named __proto__', 'admin', 'POST', '/v1/fairness/audits', 'multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\n{}\r\n--B--\r\n', 400, 'VALIDATION_FAILED'],
  ] as [string, Role, string, string, string | undefined, string | undefined, number, string][])('refuses %s in the error envelope', async (_, role, method, path, contentType, body, status, code) => {
    const res = await send(warden.port, { method, path, headers: { authorization: `Bearer ${keys[role]}`, ...(contentType ? { 'content-type': contentType } : {}) }, body });
    expect({ status: res.status, code: (res.json as { error?: { code?: string } } | undefined)?.error?.code, problem: judge(res) ?? envelopeProblem(res.json) }).toEqual({ status, code, problem: null });
  });

  it('takes subject ids of the longest allowed length in paths', async () => {
    const res = await send(warden.port, { method: 'GET', path: `/v1/subjects/${'é'.repeat(200).split('').map((c) => encodeURIComponent(c)).join('')}/export`, headers: { authorization: `Bearer ${keys.tenant}` } });
    expect(res.status).toBe(200);
  });

  it('answers every hostile request below 500, in the error envelope, and stays up', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const [index, op] of operations.entries()) {
      let bogus = 0;
      const logFrom = warden.log().length;
      const result = await fc.check(
        fc.asyncProperty(requestFor(op, known), async (req: HostileRequest) => {
          const res = await send(warden.port, toRaw(op, req, keys, bogus++));
          requests++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const problem = judge(res);
          if (problem) throw new Error(problem);
          if (!warden.alive) throw new Error('the Warden process died');
          return true;
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
      if (result.failed) {
        const input = fc.stringify(result.counterexample).slice(0, 1500);
        const error = 'errorInstance' in result ? result.errorInstance : undefined;
        const logged = errorLines(warden.log().slice(logFrom)).slice(0, 2).map((line) => line.slice(0, 1500));
        failures.push([`${op.method} ${op.path}: ${error instanceof Error ? error.message : String(error)}`, `input: ${input}`, ...logged].join('\n    '));
      }
      if (!warden.alive) {
        failures.push(`the process died during ${op.method} ${op.path}:\n${warden.log().slice(-3000)}`);
        break;
      }
    }
    process.stdout.write(`hostile input: ${operations.length} operations, ${requests} requests, answered ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    expect(failures).toEqual([]);

    expect(warden.alive).toBe(true);
    expect((await send(warden.port, { method: 'GET', path: '/health/live', headers: {} })).status).toBe(200);
    // A 5xx or a crash would have logged at error level; nothing did.
    expect(errorLines(warden.log())).toEqual([]);
  });
});
