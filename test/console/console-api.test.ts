import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bearer, startTestApp, type TestApp } from '../support/app.js';
import { buildConsoleInto, sendTraffic, type Traffic } from './traffic.js';

describe('console API: session, overview, chains', () => {
  let t: TestApp;
  let dir: string;
  let regulator: string;
  let licensor: string;
  let party: { id: string; name: string };
  let started: string;
  let traffic: Traffic;

  beforeAll(async () => {
    dir = buildConsoleInto();
    t = await startTestApp({ WARDEN_CONSOLE_DIR: dir });
    started = new Date().toISOString();
    regulator = await t.key('regulator');
    party = (await t.http.get('/v1/admin/parties').set(bearer(t.adminKey))).body.find((p: { name: string }) => p.name === 'Warden demo lab');
    licensor = await t.key('licensor', { partyId: party.id });
    traffic = await sendTraffic(t, `console-api-${process.pid}-${Date.now()}`);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const overview = (key: string, query = `from=${started}&to=${new Date(Date.now() + 1000).toISOString()}`) => t.http.get(`/v1/console/overview?${query}`).set(bearer(key));

  it('tells each key who it is and which console abilities it holds', async () => {
    const reg = await t.http.get('/v1/console/session').set(bearer(regulator));
    expect(reg.status).toBe(200);
    expect(reg.body).toEqual(expect.objectContaining({ role: 'regulator', tenantId: null, partyId: null, partyName: null }));
    expect(reg.body.permissions).toEqual(expect.arrayContaining(['read:Report', 'read:AuditLog', 'verify:AuditLog', 'export:AuditLog', 'read:BiasAudit', 'read:Policy']));
    expect(reg.body.permissions).not.toEqual(expect.arrayContaining(['manage:Tenant']));
    expect(reg.body.permissions).not.toContain('update:Model');
    expect(reg.body.permissions).not.toContain('create:Policy');

    const lic = await t.http.get('/v1/console/session').set(bearer(licensor));
    expect(lic.body).toEqual(expect.objectContaining({ role: 'licensor', partyId: party.id, partyName: 'Warden demo lab', permissions: ['read:Model', 'read:Statement'] }));

    const admin = await t.http.get('/v1/console/session').set(bearer(t.adminKey));
    expect(admin.body.permissions).toEqual(expect.arrayContaining(['manage:Tenant', 'update:Model', 'create:Policy', 'update:Policy', 'review:Review', 'manage:AuditLog']));

    expect((await t.http.get('/v1/console/session')).status).toBe(401);
    expect((await t.http.get('/v1/console/session').set(bearer('wdn_not-a-key-that-exists-at-all'))).body.error.code).toBe('AUTH_INVALID');
  });

  it('counts the window’s governed calls: who called which model for what, and denials by reason', async () => {
    const res = await overview(regulator);
    expect(res.status).toBe(200);
    const { calls } = res.body;
    const denied = traffic.purposeDenied + traffic.consentDenied;
    expect(calls).toEqual(expect.objectContaining({ total: traffic.allowed + denied, allowed: traffic.allowed, denied }));
    expect(calls.byReason).toEqual([
      { reason: 'CONSENT_MISSING', stages: ['consent'], calls: traffic.consentDenied },
      { reason: 'PURPOSE_NOT_ALLOWED', stages: ['authorise'], calls: traffic.purposeDenied },
    ]);
    expect(calls.usage).toEqual([
      { tenantId: traffic.tenant.id, tenantName: traffic.tenant.name, model: 'credit-approval', purpose: 'credit-scoring', allowed: traffic.allowed, denied: traffic.consentDenied },
      { tenantId: traffic.tenant.id, tenantName: traffic.tenant.name, model: 'credit-approval', purpose: 'marketing', allowed: 0, denied: traffic.purposeDenied },
    ]);
    expect(calls.byModel).toEqual([{ model: 'credit-approval', allowed: traffic.allowed, denied }]);
    expect(calls.daily.reduce((sum: number, d: { allowed: number; denied: number }) => sum + d.allowed + d.denied, 0)).toBe(traffic.allowed + denied);
    expect(res.body.models).toEqual(expect.objectContaining({ total: expect.any(Number), serving: expect.any(Number) }));
    expect(res.body.models.serving).toBeGreaterThanOrEqual(3);
    expect(res.body.tenants.total).toBeGreaterThanOrEqual(1);
    // Counts only: no subject id, pseudonym or model input leaves the overview.
    expect(JSON.stringify(res.body)).not.toMatch(/applicant-|stranger-|psn_|annualIncome/);

    const earlier = await overview(regulator, `from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`);
    expect(earlier.body.calls).toEqual(expect.objectContaining({ total: 0, byReason: [], usage: [], daily: [] }));
  });

  it('reports consent states, open reviews and erasures as counts that move with what happens', async () => {
    const before = (await overview(t.adminKey)).body;
    const tenant = await t.tenant();
    for (const subjectId of ['c-1', 'c-2', 'c-3']) expect((await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'marketing' })).status).toBe(201);
    expect((await t.http.post('/v1/consents/withdraw').set(bearer(tenant.key)).send({ subjectId: 'c-3', purpose: 'marketing' })).status).toBeLessThan(300);
    const after = (await overview(t.adminKey)).body;
    const marketing = (o: typeof before) => o.consent.purposes.find((p: { purpose: string }) => p.purpose === 'marketing');
    expect(marketing(after).lawfulBasis).toBe('consent');
    expect(marketing(after).active - marketing(before).active).toBe(2);
    expect(marketing(after).withdrawn - marketing(before).withdrawn).toBe(1);
    expect(marketing(after).grants - marketing(before).grants).toBe(3);
    expect(marketing(after).withdrawals - marketing(before).withdrawals).toBe(1);
    expect(after.consent.subjects - before.consent.subjects).toBe(3);
    expect(after.reviews.open).toBe(after.reviews.byModel.reduce((sum: number, r: { open: number }) => sum + r.open, 0));
    expect(after.consent.erasures).toEqual({ pending: expect.any(Number), overdue: expect.any(Number), completed: expect.any(Number) });
  });

  it('is for regulators and admins only, and names a bad window', async () => {
    expect((await overview(t.adminKey)).status).toBe(200);
    for (const key of [licensor, traffic.tenant.key]) {
      const res = await overview(key);
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual(expect.objectContaining({ code: 'FORBIDDEN', details: expect.objectContaining({ permission: 'read:Report' }) }));
    }
    const backwards = await overview(regulator, 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'to', rule: 'after' }));
    const malformed = await overview(regulator, 'from=yesterday');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fields[0].field).toBe('from');
  });

  it('lists audit chains with tenant names to operators, and a tenant only its own', async () => {
    const all = await t.http.get('/v1/console/chains').set(bearer(regulator));
    expect(all.status).toBe(200);
    expect(all.body[0]).toEqual(expect.objectContaining({ chainId: 'platform', tenantId: null }));
    const mine = all.body.find((c: { chainId: string }) => c.chainId === `tenant:${traffic.tenant.id}`);
    // Each consent grant and each call (allowed or denied) is one event in the tenant's chain.
    expect(mine).toEqual(expect.objectContaining({ tenantName: traffic.tenant.name, size: traffic.allowed * 2 + traffic.purposeDenied + traffic.consentDenied }));
    const own = await t.http.get('/v1/console/chains').set(bearer(traffic.tenant.key));
    expect(own.body.map((c: { chainId: string }) => c.chainId)).toEqual([`tenant:${traffic.tenant.id}`]);
    expect((await t.http.get('/v1/console/chains').set(bearer(licensor))).status).toBe(403);
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/console/session', '/v1/console/overview', '/v1/console/chains']));
    expect(doc.paths['/v1/console/overview'].get.responses['403']).toBeDefined();
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/console'))).toBe(false);
  });
});

describe('console page and files', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = buildConsoleInto();
    t = await startTestApp({ WARDEN_CONSOLE_DIR: dir });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page without a key, under a CSP that allows only this origin and no inline code', async () => {
    const res = await t.http.get('/console');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    // Everything the page loads comes from here: no other origin is named anywhere.
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(res.text).toContain('<script type="module" src="/console/js/main.js"></script>');
    expect(res.text).not.toMatch(/<script>[^<]/);
  });

  it('serves the compiled modules and style sheet, with validators for caching', async () => {
    const js = await t.http.get('/console/js/main.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.text).toContain("from './lib/api.js'");
    expect(js.text).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const css = await t.http.get('/console/console.css');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const again = await t.http.get('/console/js/main.js').set('if-none-match', js.headers.etag);
    expect(again.status).toBe(304);
  });

  it('answers 404 for anything it did not build, however the path is written', async () => {
    for (const p of ['/console/nope.js', '/console/js/../../package.json', '/console/%2e%2e/%2e%2e/package.json', '/console/js/main.ts', '/console/..%2fsrc%2fmain.ts']) {
      const res = await t.http.get(p);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('"name": "warden"');
    }
  });

  it('says how to build the console when it has not been built', async () => {
    const bare = await startTestApp({ WARDEN_CONSOLE_DIR: path.join(os.tmpdir(), `warden-no-console-${process.pid}-${Date.now()}`) });
    try {
      const res = await bare.http.get('/console');
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual(expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('npm run build') }));
    } finally {
      await bare.close();
    }
  });
});
