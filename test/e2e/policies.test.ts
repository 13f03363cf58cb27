import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/support-router@1.0.0.json'), 'utf8')).example;

describe('policy administration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const admin = () => bearer(t.adminKey);
  const activeSource = async () => (await t.http.get('/v1/policies/active').set(admin())).body as { version: number; source: string };

  it('loads the default policy from policies/ as the active version', async () => {
    const active = await activeSource();
    expect(active.source).toContain('credit-approval-for-credit-scoring');
    const list = await t.http.get('/v1/policies').set(bearer(await t.key('regulator')));
    expect(list.status).toBe(200);
    expect(list.body.find((p: { status: string }) => p.status === 'active')).toEqual(expect.objectContaining({ author: 'warden', reason: expect.stringContaining('policies/default.yaml') }));
  });

  it('refuses an invalid draft with errors naming the line and field', async () => {
    const source = 'name: broken\nrules:\n  - id: a\n    kind: usage\n    effect: allow\n    description: typo in a field name\n    when:\n      model.riskClas: high\n';
    const validated = await t.http.post('/v1/admin/policies/validate').set(admin()).send({ source });
    expect(validated.body.valid).toBe(false);
    expect(validated.body.errors[0]).toEqual(expect.objectContaining({ line: 8, path: expect.stringContaining('model.riskClas') }));
    const created = await t.http.post('/v1/admin/policies').set(admin()).send({ source, reason: 'try' });
    expect(created.status).toBe(422);
    expect(created.body.error.code).toBe('POLICY_INVALID');
    expect(created.body.error.message).toMatch(/^line 8, column \d+:/);
  });

  it('drafts, diffs, dry-runs against recorded traffic, activates with immediate effect, and rolls back', async () => {
    const tenant = await t.tenant();
    const call = () => t.http.post('/v1/models/support-router/infer').set(bearer(tenant.key)).send({ purpose: 'customer-support', subject: { id: 'c-1' }, inputs: example, explain: false });
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);

    const before = await activeSource();
    const draftSource = `${before.source}
  - id: pause-support-router
    kind: usage
    effect: deny
    description: The support router is paused while its routing is reviewed.
    when:
      model.name: support-router
`;
    const draft = await t.http.post('/v1/admin/policies').set(admin()).send({ source: draftSource, reason: 'Pause the router' });
    expect(draft.status).toBe(201);
    expect(draft.body).toEqual(expect.objectContaining({ status: 'draft', basedOn: before.version }));

    const diff = await t.http.get(`/v1/policies/${draft.body.version}/diff`).set(admin());
    expect(diff.body).toEqual(expect.objectContaining({ from: before.version, to: draft.body.version }));
    expect(JSON.stringify(diff.body)).toContain('pause-support-router');
    // Versions no policy can have (the column is a 32-bit integer) are not found, not a database error.
    for (const route of [`/v1/policies/${draft.body.version}/diff?against=4.493193783996959e%2B24`, '/v1/policies/2147483648', '/v1/policies/99999999999/diff']) {
      const missing = await t.http.get(route).set(admin());
      expect([route, missing.status, missing.body.error?.code]).toEqual([route, 404, 'NOT_FOUND']);
    }

    const dry = await t.http.post(`/v1/admin/policies/${draft.body.version}/dry-run`).set(admin()).send({ last: 1000 });
    expect(dry.status).toBe(200);
    expect(dry.body.newlyDenied).toBeGreaterThanOrEqual(3);
    expect(dry.body.byRule['pause-support-router'].newlyDenied).toBeGreaterThanOrEqual(3);
    expect(dry.body.examples[0].after.allowed).toBe(false);

    expect((await call()).status).toBe(200);
    const activated = await t.http.post(`/v1/admin/policies/${draft.body.version}/activate`).set(admin()).send({ reason: 'Approved by the risk committee' });
    expect(activated.body.status).toBe('active');
    const denied = await call();
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual(expect.objectContaining({ code: 'POLICY_DENIED', details: expect.objectContaining({ rule: 'pause-support-router', policyVersion: String(draft.body.version) }) }));

    const rolled = await t.http.post('/v1/admin/policies/rollback').set(admin()).send({ reason: 'Review finished' });
    expect(rolled.body.version).toBe(before.version);
    expect((await call()).status).toBe(200);

    const actions = (await t.http.get('/v1/audit/events?chain=platform&resourceType=policy').set(admin())).body.events.map((e: { action: string; resource: { id: string } }) => `${e.action}:${e.resource.id}`);
    expect(actions).toEqual(expect.arrayContaining([`policy.draft:${draft.body.version}`, `policy.activate:${draft.body.version}`, `policy.activate:${before.version}`]));
  });

  it('dry-runs as activation decides: calls without a reason a draft obliges are newly denied, and rules on subject attributes are named as not replayable', async () => {
    const tenant = await t.tenant();
    const call = (reason?: string, segment = 'vip') =>
      t.http
        .post('/v1/models/support-router/infer')
        .set(bearer(tenant.key))
        .send({ purpose: 'customer-support', subject: { id: 'c-2', attributes: { segment } }, inputs: example, explain: false, ...(reason ? { reason } : {}) });
    const from = new Date().toISOString();
    for (const reason of [undefined, undefined, 'Customer asked for a callback']) expect((await call(reason)).status).toBe(200);
    const to = new Date(Date.now() + 1).toISOString();

    const before = await activeSource();
    const source = `${before.source}
  - id: support-router-says-why
    kind: usage
    effect: obligate
    obligations: [log_reason]
    description: Each call to the support router says why it is made.
    when:
      model.name: support-router
  - id: no-router-for-vip-customers
    kind: usage
    effect: deny
    description: VIP customers are routed by a person.
    when:
      model.name: support-router
      subject.attributes.segment: vip
`;
    const draft = (await t.http.post('/v1/admin/policies').set(admin()).send({ source, reason: 'Reasons and VIPs' })).body.version as number;
    const dry = await t.http.post(`/v1/admin/policies/${draft}/dry-run`).set(admin()).send({ from, to });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual(expect.objectContaining({ total: 3, newlyDenied: 2, wouldRequireReason: 2, obligationsChanged: 1 }));
    expect(dry.body.byRule['support-router-says-why']).toEqual({ newlyDenied: 2, newlyAllowed: 0, obligationsChanged: 1, suppressChanged: 0 });
    expect(dry.body.examples.map((e: { after: { code: string } }) => e.after.code).sort()).toEqual(['ALLOWED', 'REASON_REQUIRED', 'REASON_REQUIRED']);
    expect(dry.body.examples.find((e: { after: { allowed: boolean } }) => !e.after.allowed).after.rules).toEqual(['support-router-says-why']);
    expect(dry.body.notReplayable).toEqual([{ rule: 'no-router-for-vip-customers', paths: ['subject.attributes.segment'], reason: expect.stringContaining('subject attributes') }]);

    // What activation then does, which the dry-run said or named.
    expect((await t.http.post(`/v1/admin/policies/${draft}/activate`).set(admin()).send({ reason: 'Check the dry-run' })).status).toBe(200);
    try {
      expect((await call(undefined, 'regular')).body.error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ rule: 'log_reason' }) }));
      expect((await call('Customer asked again')).body.error).toEqual(expect.objectContaining({ code: 'POLICY_DENIED', details: expect.objectContaining({ rule: 'no-router-for-vip-customers' }) }));
    } finally {
      await t.http.post('/v1/admin/policies/rollback').set(admin()).send({ reason: 'Dry-run check done' });
    }
  });

  it('rolls back along the activation history, keeps each version\'s first activation, and applies concurrent rollbacks one at a time', async () => {
    const start = await activeSource();
    const draft = async (n: number) =>
      (await t.http.post('/v1/admin/policies').set(admin()).send({ source: start.source.replace(/^name: .*$/m, `name: rollback-history-${n}`), reason: `History ${n}` })).body.version as number;
    const activate = (version: number, reason: string) => t.http.post(`/v1/admin/policies/${version}/activate`).set(admin()).send({ reason });
    const rollback = (body: Record<string, unknown>) => t.http.post('/v1/admin/policies/rollback').set(admin()).send({ reason: 'Roll back', ...body });
    const v2 = await draft(2);
    const v3 = await draft(3);
    expect((await activate(v2, 'First time for v2')).status).toBe(200);
    expect((await activate(v3, 'Put v3 in force')).status).toBe(200);

    expect((await rollback({})).body.version).toBe(v2);
    // Further back, not to v3, the version just left.
    expect((await rollback({})).body.version).toBe(start.version);

    // Activated again, v2 keeps its first activation on its row; the log has both.
    expect((await activate(v2, 'Second time for v2')).body).toEqual(expect.objectContaining({ version: v2, status: 'active', activationReason: 'First time for v2' }));
    const history = (await t.http.get('/v1/policies/activations').set(bearer(await t.key('regulator')))).body as { version: number; kind: string; reason: string; rolledBackFrom: number | null }[];
    expect(history.slice(0, 5).map((a) => [a.version, a.kind, a.rolledBackFrom])).toEqual([
      [v2, 'activate', null],
      [start.version, 'rollback', v2],
      [v2, 'rollback', v3],
      [v3, 'activate', null],
      [v2, 'activate', null],
    ]);
    const listed = (await t.http.get('/v1/policies').set(admin())).body.find((p: { version: number }) => p.version === v2);
    expect(listed.activationReason).toBe('First time for v2');

    // Two rollbacks from the same version at once: one applies, the other is refused.
    const both = await Promise.all([rollback({ from: v2 }), rollback({ from: v2 })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await activeSource()).version).toBe(start.version);
    const after = (await t.http.get('/v1/policies/activations').set(admin())).body as { version: number; kind: string }[];
    expect(after.length).toBe(history.length + 1);

    const audited = (await t.http.get('/v1/audit/events?chain=platform&resourceType=policy').set(admin())).body.events as { action: string; resource: { id: string }; details: { rollback?: boolean } }[];
    expect(audited.filter((e) => e.action === 'policy.activate' && e.details.rollback).length).toBeGreaterThanOrEqual(3);
  });

  it('lets only admins change policies', async () => {
    const regulator = await t.key('regulator');
    expect((await t.http.post('/v1/admin/policies').set(bearer(regulator)).send({ source: 'name: x\nrules: []\n', reason: 'nope' })).status).toBe(403);
    expect((await t.http.post('/v1/admin/policies/rollback').set(bearer(regulator)).send({ reason: 'nope' })).status).toBe(403);
  });
});
