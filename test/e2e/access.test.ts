import { hashKey } from '../../src/auth/key-rules.js';
import { Db } from '../../src/database/db.js';
import { KeysService } from '../../src/auth/keys.service.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

describe('access: keys, roles and tenants through the real guards, pipes and filters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const expectEnvelope = (body: { error: Record<string, unknown> }, code: string) => {
    expect(body.error).toEqual(expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }));
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+|SELECT |INSERT |node_modules/);
  };

  it('refuses a request without a key (401 AUTH_MISSING)', async () => {
    const res = await t.http.get('/v1/admin/tenants');
    expect(res.status).toBe(401);
    expectEnvelope(res.body, 'AUTH_MISSING');
  });

  it.each(['wdn_not-a-real-key-but-well-formed-000000', 'short', 'wdn_!!!invalid-characters!!!-xxxxxxxxxxxx'])('refuses an unknown or malformed key %p (401 AUTH_INVALID)', async (key) => {
    const res = await t.http.get('/v1/admin/tenants').set(bearer(key));
    expect(res.status).toBe(401);
    expectEnvelope(res.body, 'AUTH_INVALID');
  });

  it('creates a key that works, lists it without the secret, and refuses it once revoked', async () => {
    const created = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'regulator', name: 'auditor' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^wdn_/);
    expect(created.body).toEqual(expect.objectContaining({ role: 'regulator', name: 'auditor', tenantId: null, revokedAt: null }));

    const listed = await t.http.get('/v1/admin/keys').set(bearer(t.adminKey));
    expect(listed.status).toBe(200);
    const row = listed.body.find((k: { id: string }) => k.id === created.body.id);
    expect(row).toEqual(expect.objectContaining({ prefix: created.body.key.slice(0, 8) }));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect(row).not.toHaveProperty('hash');

    expect((await t.http.get('/v1/admin/tenants').set(bearer(created.body.key))).status).toBe(403);
    expect((await t.http.delete(`/v1/admin/keys/${created.body.id}`).set(bearer(t.adminKey))).status).toBe(204);
    const after = await t.http.get('/v1/tenants/00000000-0000-4000-8000-000000000000').set(bearer(created.body.key));
    expect(after.status).toBe(401);
    expectEnvelope(after.body, 'AUTH_REVOKED');

    const all = await t.http.get('/v1/admin/keys?includeRevoked=true').set(bearer(t.adminKey));
    expect(all.body.find((k: { id: string }) => k.id === created.body.id).revokedAt).toEqual(expect.any(String));
    expect((await t.http.get('/v1/admin/keys').set(bearer(t.adminKey))).body.map((k: { id: string }) => k.id)).not.toContain(created.body.id);
  });

  it('revokes a key once and audits it once, however many ask at the same time', async () => {
    const made = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'regulator', name: 'revoked at once' });
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.http.delete(`/v1/admin/keys/${made.body.id}`).set(bearer(t.adminKey))));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204, 204]);
    const events = await t.http.get(`/v1/audit/events?chain=platform&action=key.revoke&resourceId=${made.body.id}`).set(bearer(t.adminKey));
    expect(events.body.events).toHaveLength(1);
  });

  it('keeps a revoked WARDEN_ADMIN_KEY revoked across restarts and says so', async () => {
    const keys = t.app.get(KeysService);
    const configured = `wdn_configured_${Date.now()}_0123456789`;
    expect(await keys.bootstrapAdmin(configured)).toEqual({ configured: 'stored' });
    expect(await keys.bootstrapAdmin(configured)).toEqual({ configured: 'active' });
    expect((await t.http.get('/v1/admin/tenants').set(bearer(configured))).status).toBe(200);
    const db = t.app.get(Db);
    const [row] = await db.platform(() => db.manager.query(`SELECT id FROM api_keys WHERE hash = $1`, [hashKey(configured)]));
    expect((await t.http.delete(`/v1/admin/keys/${row.id}`).set(bearer(t.adminKey))).status).toBe(204);
    // Another admin key works, so none is issued.
    expect(await keys.bootstrapAdmin(configured)).toEqual({ configured: 'revoked' });
    expect((await t.http.get('/v1/admin/tenants').set(bearer(configured))).status).toBe(401);
  });

  it('refuses an expired key (401 AUTH_EXPIRED)', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'regulator', expiresAt });
    expect(created.status).toBe(201);
    expect((await t.http.get('/v1/tenants/00000000-0000-4000-8000-000000000000').set(bearer(created.body.key))).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const res = await t.http.get('/v1/tenants/00000000-0000-4000-8000-000000000000').set(bearer(created.body.key));
    expect(res.status).toBe(401);
    expectEnvelope(res.body, 'AUTH_EXPIRED');
  });

  it('answers 403 naming the missing permission when the role may not', async () => {
    const tenant = await t.tenant();
    const res = await t.http.post('/v1/admin/tenants').set(bearer(tenant.key)).send({ name: 'sneaky' });
    expect(res.status).toBe(403);
    expectEnvelope(res.body, 'FORBIDDEN');
    expect(res.body.error.details).toEqual({ permission: 'create:Tenant', role: 'tenant' });
    const licensor = await t.key('licensor');
    expect((await t.http.get('/v1/admin/keys').set(bearer(licensor))).body.error.details.permission).toBe('read:ApiKey');
  });

  it("answers 404, never 403, for another tenant's resources", async () => {
    const a = await t.tenant();
    const b = await t.tenant();
    const own = await t.http.get(`/v1/tenants/${a.id}`).set(bearer(a.key));
    expect(own.status).toBe(200);
    expect(own.body).toEqual(expect.objectContaining({ id: a.id }));
    const other = await t.http.get(`/v1/tenants/${b.id}`).set(bearer(a.key));
    expect(other.status).toBe(404);
    expectEnvelope(other.body, 'NOT_FOUND');
    const missing = await t.http.get('/v1/tenants/00000000-0000-4000-8000-000000000000').set(bearer(a.key));
    expect(missing.status).toBe(404);
    expect(other.body.error.message.replace(b.id, 'X')).toBe(missing.body.error.message.replace('00000000-0000-4000-8000-000000000000', 'X'));
  });

  it('reads an id written in capitals as the same id, in paths, queries and bodies', async () => {
    const a = await t.tenant();
    const upper = a.id.toUpperCase();
    expect((await t.http.get(`/v1/tenants/${upper}`).set(bearer(a.key))).body.id).toBe(a.id);
    const events = await t.http.get(`/v1/audit/events?tenantId=${upper}`).set(bearer(a.key));
    expect(events.status).toBe(200);
    const key = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'tenant', tenantId: upper, name: 'capitals' });
    expect(key.status).toBe(201);
    expect(key.body.tenantId).toBe(a.id);
  });

  it('validates bodies: 400 names the field and the rule', async () => {
    const res = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'wizard', extra: 1 });
    expect(res.status).toBe(400);
    expectEnvelope(res.body, 'VALIDATION_FAILED');
    const fields = res.body.error.details.fields.map((f: { field: string; rule: string }) => `${f.field}:${f.rule}`);
    expect(fields).toEqual(expect.arrayContaining(['role:isIn', 'extra:whitelistValidation']));

    const noTenant = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'tenant' });
    expect(noTenant.status).toBe(400);
    expect(noTenant.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'tenantId', rule: 'required' }));

    const past = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'admin', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.error.details.fields[0].field).toBe('expiresAt');

    const badUuid = await t.http.get('/v1/tenants/not-a-uuid').set(bearer(t.adminKey));
    expect(badUuid.status).toBe(400);
  });

  it('answers 404 for a key or tenant that does not exist, and 409 for a duplicate tenant name', async () => {
    expect((await t.http.delete('/v1/admin/keys/00000000-0000-4000-8000-000000000000').set(bearer(t.adminKey))).status).toBe(404);
    const unknownTenant = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'tenant', tenantId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownTenant.status).toBe(404);
    const tenant = await t.tenant();
    const name = (await t.http.get(`/v1/tenants/${tenant.id}`).set(bearer(t.adminKey))).body.name;
    const dup = await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).send({ name: name.toUpperCase() });
    expect(dup.status).toBe(409);
    expectEnvelope(dup.body, 'CONFLICT');
  });

  it('answers one of several requests claiming a new name at once with 201 and the others with 409', async () => {
    const name = `raced ${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).send({ name })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error).toEqual(expect.objectContaining({ code: 'CONFLICT', details: { field: 'name' } }));
  });

  it('reads names in Unicode NFC, one line, trimmed, so that names that look alike are one name', async () => {
    const stamp = Date.now();
    const composed = await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).send({ name: `\u00c9mile ${stamp}` });
    expect(composed.status).toBe(201);
    const decomposed = await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).send({ name: `E\u0301mile ${stamp}` });
    expect(decomposed.status).toBe(409);
    const refused = async (path: string, body: object) => (await t.http.post(path).set(bearer(t.adminKey)).send(body)).body.error?.details?.fields?.[0]?.message;
    expect(await refused('/v1/admin/tenants', { name: `two\nlines ${stamp}` })).toBe('name must not contain line breaks, tabs or other control characters');
    expect(await refused('/v1/admin/keys', { role: 'regulator', name: '   ' })).toBe('name must not start or end with white space');
    expect(await refused('/v1/admin/parties', { name: ' padded', kind: 'author' })).toBe('name must not start or end with white space');
    const offset = await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'regulator', expiresAt: '2099-01-01T00:00:00+0100' });
    expect([offset.status, offset.body.expiresAt]).toEqual([201, '2098-12-31T23:00:00.000Z']);
    expect((await t.http.post('/v1/admin/keys').set(bearer(t.adminKey)).send({ role: 'regulator', expiresAt: '2099-01-01' })).status).toBe(400);
  });

  it('counts a name in characters as the database does, so a name it would refuse is a 400', async () => {
    // 150 letters each with a variation selector: 300 characters to Postgres, over the 200 allowed.
    const styled = await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).send({ name: 'a\ufe0f'.repeat(150) });
    expect(styled.status).toBe(400);
    expect(styled.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'name', rule: 'isLength' }));
  });

  it('answers 400 MALFORMED_JSON, 413 and 415 in the envelope', async () => {
    const malformed = await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).set('content-type', 'application/json').send('{"name": ');
    expect(malformed.status).toBe(400);
    expectEnvelope(malformed.body, 'MALFORMED_JSON');

    const huge = await t.http
      .post('/v1/admin/tenants')
      .set(bearer(t.adminKey))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }));
    expect(huge.status).toBe(413);
    expectEnvelope(huge.body, 'PAYLOAD_TOO_LARGE');

    // Only JSON (and multipart where a file is uploaded): a form or plain text is not read as something else.
    for (const [type, body] of [['application/xml', '<name>x</name>'], ['application/x-www-form-urlencoded', 'name=form-tenant'], ['text/plain', '{"name":"plain-tenant"}']]) {
      const res = await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).set('content-type', type).send(body);
      expect([type, res.status]).toEqual([type, 415]);
      expectEnvelope(res.body, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('names the path parameter and rule when an id is malformed', async () => {
    for (const [path, field, rule] of [['/v1/tenants/xyz', 'id', 'isUuid'], ['/v1/policies/abc', 'version', 'isInt']]) {
      const res = await t.http.get(path).set(bearer(t.adminKey));
      expect(res.status).toBe(400);
      expectEnvelope(res.body, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields).toEqual([expect.objectContaining({ field, rule })]);
    }
  });

  it('echoes a caller-supplied UUID as the request id and makes one otherwise', async () => {
    const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const given = await t.http.get('/v1/admin/tenants').set('x-request-id', id);
    expect(given.headers['x-request-id']).toBe(id);
    expect(given.body.error.requestId).toBe(id);
    for (const other of ['bad id with spaces', 'trace-abc.123']) {
      const made = await t.http.get('/v1/admin/tenants').set('x-request-id', other);
      expect(made.body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(made.headers['x-request-id']).toBe(made.body.error.requestId);
    }
  });

  it('never adopts or logs a request id that could hold personal data', async () => {
    const res = await t.http.get('/v1/admin/tenants').set(bearer(t.adminKey)).set('x-request-id', 'JanaNovak-4111111111111111');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.logs()).toContain(res.headers['x-request-id']);
    expect(t.logs()).not.toContain('JanaNovak');
    expect(t.logs()).not.toContain('4111111111111111');
  });

  it('sets security headers', async () => {
    const res = await t.http.get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('never writes the Authorization header or request bodies to the log', async () => {
    const secretName = `tenant-secret-${Date.now()}`;
    const id = 'd0e4c4a2-3c1b-4e55-9a53-1f0e8f4c2b6d';
    await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).set('x-request-id', id).send({ name: secretName });
    const lines = t.logs().trim().split('\n').map((line) => JSON.parse(line) as { reqId?: string });
    expect(lines.some((l) => l.reqId === id)).toBe(true);
    expect(t.logs()).not.toContain(t.adminKey);
    expect(t.logs()).not.toContain(secretName);
  });
});
