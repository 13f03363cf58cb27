import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { parsePublicKey } from '../../src/audit/checkpoint.js';
import { verifyExportLines } from '../../src/audit/export-verify.js';
import { canonicalJson } from '../../src/common/canonical-json.js';
import { Db } from '../../src/database/db.js';
import { IncidentsService } from '../../src/compliance/incidents.service.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';
import { pdfText, squash } from '../support/pdf-text.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void }, done: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('incidents, deadlines and evidence freezes', () => {
  let t: TestApp;
  let user: { id: string; key: string };
  let bystander: { id: string; key: string };
  let regulator: string;
  let model: string;
  let sha: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-incident-'));

  const register = (body: Record<string, unknown>, key: string) => t.http.post('/v1/compliance/incidents').set(bearer(key)).send(body);
  const action = (id: string, verb: string, body: Record<string, unknown>, key = t.adminKey) => t.http.post(`/v1/compliance/incidents/${id}/${verb}`).set(bearer(key)).send(body);
  const setStatus = (status: string) => t.http.post(`/v1/admin/models/${model}/versions/1.0.0/status`).set(bearer(t.adminKey)).send({ status, reason: `set to ${status} by the test` });

  beforeAll(async () => {
    t = await startTestApp();
    user = await t.tenant();
    bystander = await t.tenant();
    regulator = await t.key('regulator');
    // A model of the test's own (the demo credit model's bytes and card), so freezing it touches no other test.
    const manifest = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8'));
    const onnx = readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.onnx'));
    model = `incident-model-${process.pid}-${Date.now()}`;
    const up = await t.http.post('/v1/admin/models').set(bearer(t.adminKey)).field('manifest', JSON.stringify({ ...manifest, name: model, sha256: undefined })).attach('onnx', onnx, 'm.onnx');
    expect(up.status).toBe(201);
    sha = up.body.sha256;
    expect((await setStatus('active')).status).toBe(201);
    // The tenant uses the model (the default policy refuses it, and the refusal is recorded like any call).
    await t.http.post('/v1/consents').set(bearer(user.key)).send({ subjectId: 'person-1', purpose: 'credit-scoring' });
    const call = await t.http.post(`/v1/models/${model}/infer`).set(bearer(user.key)).send({ purpose: 'credit-scoring', subject: { id: 'person-1' }, inputs: manifest.example });
    expect(call.status).toBe(403);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('counts the deadline in the tenant’s time zone: 2 days over a DST change in Berlin', async () => {
    const res = await register(
      { model, class: 'widespread-infringement', title: 'Loans refused across a region', description: 'Applicants in one region were refused en masse.', awareAt: '2026-03-27T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      user.key,
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        tenantId: user.id,
        model,
        version: '1.0.0',
        deadlineDays: 2,
        article: 'EU AI Act Art. 73(3)',
        deadline: '2026-03-29T21:59:59.999Z',
        deadlineLocal: '2026-03-29T23:59:59.999+02:00',
        status: 'open',
        overdue: true,
        frozen: false,
      }),
    );
    const events = await t.http.get(`/v1/audit/events?action=incident.register&resourceId=${res.body.id}`).set(bearer(user.key));
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0].chainId).toBe(`tenant:${user.id}`);
    expect(events.body.events[0].details.descriptionSha256).toBe(sha256('Applicants in one region were refused en masse.'));
    expect(JSON.stringify(events.body.events)).not.toContain('en masse');
  });

  it.each([
    ['death', '2026-11-01T12:00:00Z', 'America/New_York', '2026-11-12T04:59:59.999Z', '2026-11-11T23:59:59.999-05:00'],
    ['health-harm', '2026-10-10T23:30:00Z', 'Asia/Tokyo', '2026-10-26T14:59:59.999Z', '2026-10-26T23:59:59.999+09:00'],
  ])('gives a %s incident aware at %s in %s the deadline %s', async (cls, awareAt, timeZone, deadline, local) => {
    const res = await register({ model, class: cls, title: 'An incident', description: 'Details.', awareAt, timeZone }, user.key);
    expect(res.status).toBe(201);
    expect(res.body.deadline).toBe(deadline);
    expect(res.body.deadlineLocal).toBe(local);
  });

  it('refuses offsets for time zones, awareness in the future, and models the tenant never called', async () => {
    const base = { model, class: 'death', title: 'An incident', description: 'Details.', awareAt: '2026-11-01T12:00:00Z', timeZone: 'Europe/Berlin' };
    const offset = await register({ ...base, timeZone: '+01:00' }, user.key);
    expect(offset.status).toBe(400);
    expect(offset.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'timeZone', rule: 'ianaTimeZone' }));
    const future = await register({ ...base, awareAt: new Date(Date.now() + 86_400_000).toISOString() }, user.key);
    expect(future.body.error.details.fields[0].field).toBe('awareAt');
    expect((await register({ ...base, occurredAt: '2026-11-02T00:00:00Z' }, user.key)).body.error.details.fields[0].field).toBe('occurredAt');
    expect((await register({ ...base, class: 'mild-annoyance' }, user.key)).status).toBe(400);
    const unused = await register(base, bystander.key);
    expect(unused.status).toBe(403);
    expect(unused.body.error.details.rule).toBe('incident-model-used-by-tenant');
    expect((await register({ ...base, tenantId: bystander.id }, user.key)).status).toBe(404);
  });

  it('freezes the evidence: the version cannot change until an admin releases it with a reason', async () => {
    const incident = (await register({ model, class: 'fundamental-rights', title: 'Disparate refusals', description: 'A complaint about refusals.', awareAt: '2026-12-01T09:00:00Z', occurredAt: '2026-11-30T09:00:00Z', timeZone: 'Europe/Paris' }, user.key)).body;
    expect((await action(incident.id, 'freeze', { reason: 'preserve evidence' }, user.key)).status).toBe(403);
    expect((await action(incident.id, 'freeze', { reason: 'preserve evidence' }, regulator)).status).toBe(403);
    const frozen = await action(incident.id, 'freeze', { reason: 'Preserve the evidence for the authority' });
    expect(frozen.status).toBe(201);
    expect(frozen.body.frozen).toBe(true);
    const [freeze] = frozen.body.freezes;
    const policy = (await t.http.get('/v1/policies/active').set(bearer(t.adminKey))).body;
    expect(freeze.seal).toEqual(
      expect.objectContaining({
        schema: 'warden.evidence-seal/1',
        incidentId: incident.id,
        model: expect.objectContaining({ name: model, version: '1.0.0', sha256: sha, status: 'active' }),
        policy: { version: policy.version, contentHash: policy.contentHash },
        auditRanges: expect.arrayContaining([expect.objectContaining({ chain: `tenant:${user.id}`, events: 1 }), expect.objectContaining({ chain: 'platform' })]),
      }),
    );
    expect(freeze.sealHash).toBe(sha256(canonicalJson(freeze.seal)));
    // The seal's hash is in the platform chain, and a signed checkpoint covers that event.
    const event = (await t.http.get(`/v1/audit/events?action=incident.freeze&resourceId=${incident.id}`).set(bearer(regulator))).body.events[0];
    expect(event).toEqual(expect.objectContaining({ chainId: 'platform', seq: freeze.audit.seq, details: expect.objectContaining({ sealHash: freeze.sealHash, freezeId: freeze.id }) }));
    const checkpoint = (await t.http.get('/v1/audit/checkpoints/latest').set(bearer(regulator))).body;
    expect(checkpoint.body.chains.find((c: { chainId: string }) => c.chainId === 'platform').treeSize).toBeGreaterThanOrEqual(freeze.audit.seq);

    for (const status of ['suspended', 'retired']) {
      const refused = await setStatus(status);
      expect(refused.status).toBe(423);
      expect(refused.body.error).toEqual(expect.objectContaining({ code: 'MODEL_FROZEN', details: expect.objectContaining({ incidentId: incident.id, model, version: '1.0.0' }) }));
    }
    // Its licence terms are part of the evidence too: prices, shares and licence cannot change either.
    const repriced = await t.http
      .put(`/v1/admin/models/${model}/versions/1.0.0/price`)
      .set(bearer(t.adminKey))
      .send({ currency: 'EUR', tiers: [{ upTo: null, perCall: 1, perRow: 0 }] });
    expect(repriced.status).toBe(423);
    expect(repriced.body.error.code).toBe('MODEL_FROZEN');
    // The database refuses it too, whoever asks.
    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE model_versions SET status = 'suspended' WHERE id = $1`, [freeze.seal.model.versionId])).rejects.toThrow(/frozen/);
    const scoped = t.app.get(Db);
    const rolledBack = new Error('rolled back');
    // Written in a transaction that is rolled back: whether the database lets a price in, without keeping it.
    const tryPriceRow = () =>
      scoped.platform(async () => {
        await scoped.manager.query(`INSERT INTO price_lists (version_id, currency, tiers, set_by) VALUES ($1, 'EUR', '[]', 'test')`, [freeze.seal.model.versionId]);
        throw rolledBack;
      });
    await expect(tryPriceRow()).rejects.toThrow(/licence terms .* are frozen/);
    expect((await action(incident.id, 'close', { reason: 'done' })).status).toBe(409);

    // The tenant sees its incident frozen, without the other deployers' chains.
    const seen = (await t.http.get(`/v1/compliance/incidents/${incident.id}`).set(bearer(user.key))).body;
    expect(seen.frozen).toBe(true);
    expect(seen.freezes[0].seal.auditRanges.every((r: { chain: string }) => r.chain === 'platform' || r.chain === `tenant:${user.id}`)).toBe(true);
    expect((await t.http.get(`/v1/compliance/incidents/${incident.id}`).set(bearer(bystander.key))).status).toBe(404);

    expect((await action(incident.id, 'release', {})).status).toBe(400);
    const released = await action(incident.id, 'release', { reason: 'The authority has a copy of the evidence' });
    expect(released.status).toBe(200);
    expect(released.body.frozen).toBe(false);
    expect(released.body.freezes[0]).toEqual(expect.objectContaining({ releaseReason: 'The authority has a copy of the evidence', releasedAt: expect.any(String) }));
    expect((await setStatus('suspended')).status).toBe(201);
    expect((await setStatus('active')).status).toBe(201);
    await expect(tryPriceRow()).rejects.toBe(rolledBack);
    expect((await action(incident.id, 'release', { reason: 'again' })).status).toBe(409);
    const closed = await action(incident.id, 'close', { reason: 'Reported and remedied' });
    expect(closed.body.status).toBe('closed');
  });

  it('records the report to the authority and whether it was on time', async () => {
    const late = (await t.http.get('/v1/compliance/incidents?status=open').set(bearer(t.adminKey))).body.find((i: { deadline: string }) => i.deadline === '2026-03-29T21:59:59.999Z');
    const reported = await action(late.id, 'reported', { reference: 'MSA-2026-0042', reportedAt: '2026-03-30T08:00:00+02:00' });
    expect(reported.status).toBe(200);
    expect(reported.body).toEqual(expect.objectContaining({ status: 'reported', reportedOnTime: false, overdue: false, reportReference: 'MSA-2026-0042' }));
    const fresh = (await register({ model, class: 'health-harm', title: 'A fresh one', description: 'Details.', awareAt: new Date().toISOString(), timeZone: 'UTC' }, user.key)).body;
    expect(fresh.overdue).toBe(false);
    expect((await action(fresh.id, 'reported', { reference: 'MSA-2026-0043' })).body.reportedOnTime).toBe(true);
    expect((await action(fresh.id, 'reported', { reference: 'again' })).status).toBe(409);
  });

  it('records each incident that passes its deadline unreported, once', async () => {
    const incidents = t.app.get(IncidentsService);
    const first = await incidents.recordOverdue();
    expect(first).toBeGreaterThanOrEqual(2);
    expect(await incidents.recordOverdue()).toBe(0);
    const events = (await t.http.get('/v1/audit/events?action=incident.overdue').set(bearer(user.key))).body.events;
    expect(events.map((e: { details: { deadline: string } }) => e.details.deadline)).toEqual(expect.arrayContaining(['2026-11-12T04:59:59.999Z', '2026-10-26T14:59:59.999Z']));
  });

  it('shows a tenant the sealed bias audits it may read, in its view, its report and its archive', async () => {
    const decisions = ['sex,decision', ...Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'female' : 'male'},${i % 3 ? 1 : 0}`)].join('\n');
    const audit = (key: string) =>
      t.http.post('/v1/fairness/audits').set(bearer(key)).send({ source: 'dataset', model, csv: decisions, columns: { prediction: 'decision', attributes: ['sex'] }, favorable: 1 });
    const platformAudit = (await audit(t.adminKey)).body;
    const othersAudit = (await audit(bystander.key)).body;
    expect([platformAudit.scope, othersAudit.scope]).toEqual(['platform', 'tenant']);
    expect((await t.http.get(`/v1/fairness/audits/${othersAudit.id}`).set(bearer(user.key))).status).toBe(404);
    const incident = (await register({ model, class: 'health-harm', title: 'Audited harm', description: 'Details.', awareAt: new Date().toISOString(), timeZone: 'UTC' }, user.key)).body;
    const frozen = await action(incident.id, 'freeze', { reason: 'Preserve the audits', from: new Date(Date.now() - 3_600_000).toISOString() });
    expect(frozen.body.freezes[0].seal.biasAudits.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([platformAudit.id, othersAudit.id]));
    expect(JSON.stringify((await t.http.get(`/v1/compliance/incidents/${incident.id}`).set(bearer(regulator))).body)).toContain(othersAudit.id);

    const seen = (await t.http.get(`/v1/compliance/incidents/${incident.id}`).set(bearer(user.key))).body;
    expect(seen.freezes[0].seal.biasAudits.map((a: { id: string }) => a.id)).toContain(platformAudit.id);
    expect(seen.freezes[0].seal.otherBiasAuditsLeftOut).toBe(1);
    expect(JSON.stringify(seen)).not.toContain(othersAudit.id);
    expect(JSON.stringify((await t.http.get('/v1/compliance/incidents').set(bearer(user.key))).body)).not.toContain(othersAudit.id);

    const own = await t.http.get(`/v1/compliance/incidents/${incident.id}/export`).set(bearer(user.key)).buffer(true).parse(binary);
    expect(own.status).toBe(200);
    const archive = path.join(dir, 'own');
    rmSync(archive, { recursive: true, force: true });
    mkdirSync(archive, { recursive: true });
    execFileSync('tar', ['-xf', '-', '-C', archive], { input: own.body as Buffer });
    const root = path.join(archive, `incident-${incident.id}`);
    const markdown = readFileSync(path.join(root, 'report.md'), 'utf8');
    expect(markdown).toContain(platformAudit.id);
    expect(markdown).toContain("1 other deployers' bias audits (named in the seal)");
    // The report's document.generate event, with its provenance, is on this tenant's chain in the archive too.
    const names = readdirSync(root).filter((name) => !name.endsWith('.pdf'));
    expect(names).toEqual(expect.arrayContaining(['report.md', 'incident.json', expect.stringMatching(/^audit-tenant-/)]));
    for (const name of names) expect(readFileSync(path.join(root, name), 'utf8')).not.toContain(othersAudit.id);
    expect(squash((await pdfText(readFileSync(path.join(root, 'report.pdf')))).text)).not.toContain(othersAudit.id);
    await action(incident.id, 'release', { reason: 'Evidence exported' });
  });

  it('exports the incident report with its evidence, verifiable offline', async () => {
    const incident = (await register({ model, class: 'critical-infrastructure', title: 'Grid outage', description: 'A substation dispatch went wrong.', awareAt: '2026-12-05T10:00:00Z', timeZone: 'Europe/Berlin' }, user.key)).body;
    const frozen = (await action(incident.id, 'freeze', { reason: 'Preserve the evidence', from: '2026-01-01T00:00:00Z' })).body;
    const [freeze] = frozen.freezes;
    const res = await t.http.get(`/v1/compliance/incidents/${incident.id}/export`).set(bearer(regulator)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    const file = path.join(dir, 'evidence.tar');
    writeFileSync(file, res.body as Buffer);
    execFileSync('tar', ['-xf', file, '-C', dir]);
    const root = path.join(dir, `incident-${incident.id}`);
    const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) expect(sha256(readFileSync(path.join(root, f.name)))).toBe(f.sha256);
    expect(manifest.notIncluded).toEqual([]);
    expect(sha256(readFileSync(path.join(root, `seal-${freeze.id}.json`)))).toBe(freeze.sealHash);

    // The report: its hash is the one in the chain, and it states the incident's facts.
    const report = JSON.parse(readFileSync(path.join(root, 'incident.json'), 'utf8')).report;
    // A regulator generates no document: the system does, and the export is recorded under the regulator's name.
    expect(report.generatedBy).toEqual({ keyId: 'warden', role: 'system' });
    const exported = (await t.http.get(`/v1/audit/events?action=incident.export&resourceId=${incident.id}`).set(bearer(regulator))).body.events;
    expect(exported).toEqual([expect.objectContaining({ chainId: `tenant:${user.id}`, actor: expect.objectContaining({ role: 'regulator' }), details: expect.objectContaining({ report: report.id, archiveSha256: sha256(res.body as Buffer) }) })]);
    const pdf = readFileSync(path.join(root, 'report.pdf'));
    expect(sha256(pdf)).toBe(report.files.pdf.sha256);
    const event = (await t.http.get(`/v1/audit/events?action=document.generate&resourceId=${report.id}`).set(bearer(regulator))).body.events[0];
    expect(event.details.sha256.pdf).toBe(sha256(pdf));
    const text = squash((await pdfText(pdf)).text);
    expect(text).toContain('Serious incident report: Grid outage');
    expect(text).toContain('critical-infrastructure');
    expect(text).toContain('2026-12-07T22:59:59.999Z (2026-12-07T23:59:59.999+01:00)');
    expect(text).toContain(`Seal sha256 ${freeze.sealHash}`);
    expect(text).toContain(`Model sha256 ${sha}`);

    // Each audit log range verifies against the signed checkpoints with the key in the archive.
    const key = parsePublicKey(readFileSync(path.join(root, 'public-key.pem'), 'utf8'));
    const exports = manifest.files.filter((f: { name: string }) => f.name.endsWith('.jsonl'));
    expect(exports.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['audit-platform-from-1.jsonl', expect.stringMatching(new RegExp(`^audit-tenant-${user.id}-from-\\d+\\.jsonl$`))]));
    for (const f of exports) {
      const lines = readFileSync(path.join(root, f.name), 'utf8').trimEnd().split('\n');
      const result = await verifyExportLines(lines, { publicKeys: [key] });
      expect(result).toEqual(expect.objectContaining({ ok: true }));
    }
    const platform = readFileSync(path.join(root, exports.find((f: { name: string }) => f.name.startsWith('audit-platform')).name), 'utf8');
    expect(platform).toContain(freeze.sealHash);

    // The tenant's archive holds its own chain and no seals.
    const own = await t.http.get(`/v1/compliance/incidents/${incident.id}/export`).set(bearer(user.key)).buffer(true).parse(binary);
    expect(own.status).toBe(200);
    const listing = execFileSync('tar', ['-t'], { input: own.body as Buffer, encoding: 'utf8' });
    expect(listing).not.toContain('seal-');
    expect(listing).not.toContain('audit-platform');
    expect(listing).toContain(`audit-tenant-${user.id}`);
    const byTenant = (await t.http.get(`/v1/audit/events?action=incident.export&resourceId=${incident.id}`).set(bearer(user.key))).body.events;
    expect(byTenant.map((e: { actor: { role: string } }) => e.actor.role).sort()).toEqual(['regulator', 'tenant']);
    const generations = (await t.http.get(`/v1/audit/events?action=document.generate&resourceId=${report.id}`).set(bearer(user.key))).body.events;
    expect(generations.map((e: { actor: { role: string } }) => e.actor.role)).toEqual(['system']);
    expect((await t.http.get(`/v1/compliance/incidents/${incident.id}/export`).set(bearer(bystander.key))).status).toBe(404);
    await action(incident.id, 'release', { reason: 'Evidence exported' });
  });
});
