import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { bearer, startTestApp, type TestApp } from '../support/app.js';
import { pdfText, squash } from '../support/pdf-text.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void }, done: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * A data set of 210 credit decisions with known counts, so that every rate and ratio the documents
 * state can be checked by hand: female 42/100 approved, male 65/100, 10 of unknown sex (5 approved);
 * white 82/140, black 30/70.
 */
const CELLS: [sex: string, race: string, n: number, approved: number][] = [
  ['female', 'white', 60, 28],
  ['female', 'black', 40, 14],
  ['male', 'white', 70, 49],
  ['male', 'black', 30, 16],
  ['unknown', 'white', 10, 5],
];
const csv = ['sex,race,decision', ...CELLS.flatMap(([sex, race, n, approved]) => Array.from({ length: n }, (_, i) => `${sex},${race},${i < approved ? 1 : 0}`))].join('\n');

describe('compliance documents generated from live evidence', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  let regulator: string;
  let auditId: string;
  let registry: { sha256: string; riskClass: string; card: { intendedPurpose: string; evaluation: { overall: Record<string, number> } }; license: { name: string } };
  let policy: { version: number; contentHash: string };
  let td: { id: string; builtAt: string; files: { pdf: { sha256: string }; markdown: { sha256: string } }; provenance: Record<string, unknown>; audit: { chain: string; seq: number } };
  let pdf: Buffer;

  const generate = (body: Record<string, unknown>, key = t.adminKey) => t.http.post('/v1/compliance/documents').set(bearer(key)).send(body);
  const download = (id: string, format: 'pdf' | 'markdown', key = t.adminKey) => t.http.get(`/v1/compliance/documents/${id}/${format}`).set(bearer(key)).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
    regulator = await t.key('regulator');
    const audit = await t.http
      .post('/v1/fairness/audits')
      .set(bearer(t.adminKey))
      .send({ source: 'dataset', model: 'credit-approval', csv, columns: { prediction: 'decision', attributes: ['sex', 'race'] }, favorable: 1, description: 'Held-out credit decisions, 2026', dataKind: 'historical', period: { from: '2026-01-01', to: '2026-06-30' } });
    expect(audit.status).toBe(201);
    auditId = audit.body.id;
    registry = (await t.http.get('/v1/models/credit-approval').set(bearer(t.adminKey))).body.versions.find((v: { version: string }) => v.version === '1.0.0');
    policy = (await t.http.get('/v1/policies/active').set(bearer(t.adminKey))).body;
  });
  afterAll(() => t.close());

  it('generates the technical documentation of credit-approval 1.0.0 with its provenance', async () => {
    const res = await generate({ kind: 'technical-documentation', model: 'credit-approval', version: '1.0.0' });
    expect(res.status).toBe(201);
    td = res.body;
    expect(res.body).toEqual(expect.objectContaining({ kind: 'technical-documentation', subject: 'model:credit-approval@1.0.0', created: true, title: 'Technical documentation: credit-approval@1.0.0' }));
    expect(res.body.provenance).toEqual(
      expect.objectContaining({
        schema: 'warden.compliance-document/1',
        documentId: res.body.id,
        model: expect.objectContaining({ name: 'credit-approval', version: '1.0.0', sha256: registry.sha256, status: 'active' }),
        policy: { version: policy.version, contentHash: policy.contentHash },
        audits: expect.arrayContaining([expect.objectContaining({ id: auditId })]),
        checkpoint: expect.objectContaining({ id: expect.any(String), keyId: expect.stringMatching(/^[0-9a-f]{16}$/) }),
      }),
    );
  });

  it('serves the PDF whose sha256 is in the audit chain, byte for byte', async () => {
    const res = await download(td.id, 'pdf');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    pdf = res.body as Buffer;
    expect(sha256(pdf)).toBe(td.files.pdf.sha256);
    expect(res.headers['x-content-sha256']).toBe(td.files.pdf.sha256);
    const events = await t.http.get(`/v1/audit/events?action=document.generate&resourceId=${td.id}`).set(bearer(regulator));
    expect(events.body.events).toHaveLength(1);
    const [event] = events.body.events;
    expect(event).toEqual(expect.objectContaining({ chainId: td.audit.chain, seq: td.audit.seq }));
    expect(event.details.sha256).toEqual({ pdf: sha256(pdf), markdown: sha256((await download(td.id, 'markdown')).body as Buffer) });
    expect(event.details.provenance.model.sha256).toBe(registry.sha256);
    // Served again later, the bytes are the same.
    expect(sha256((await download(td.id, 'pdf', regulator)).body as Buffer)).toBe(td.files.pdf.sha256);
  });

  it('states the registry’s, the policy’s and the audit’s facts in the PDF text', async () => {
    const { text, info } = await pdfText(pdf);
    const flat = squash(text);
    expect(info.Title).toBe('Technical documentation: credit-approval@1.0.0');
    expect(flat).toContain(registry.sha256);
    expect(flat).toContain(`Risk class ${registry.riskClass} (high-risk AI system`);
    expect(flat).toContain(squash(registry.card.intendedPurpose));
    expect(flat).toContain(`accuracy ${registry.card.evaluation.overall.accuracy.toFixed(4)}`);
    expect(flat).toContain(registry.license.name);
    expect(flat).toContain(`version ${policy.version}`);
    expect(flat).toContain(policy.contentHash);
    expect(flat).toContain('human-review-of-uncertain-eu-decisions');
    expect(flat).toContain(`Bias audit ${auditId}`);
    // female 42/100, male 65/100: impact ratio 0.42 / 0.65 = 0.646, under 0.8.
    expect(flat).toContain('0.420 [');
    expect(flat).toContain('IR 0.65 FAIL');
    expect(flat).toContain('0.650 [');
    expect(flat).toContain('IR 1.00');
    const key = (await t.http.get('/v1/audit/public-key')).body.keyId;
    expect(flat).toContain(`Signing key id ${key}`);
    expect(flat).toContain(`Document id ${td.id}`);
  });

  it('answers with the same document while the evidence is unchanged', async () => {
    const again = await generate({ kind: 'technical-documentation', model: 'credit-approval' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(expect.objectContaining({ id: td.id, created: false }));
    const read = await t.http.get(`/v1/compliance/documents/${td.id}`).set(bearer(regulator));
    expect(read.body.current).toBe(true);
  });

  it('verifies a document against its audit event and a signed checkpoint', async () => {
    await t.http.post('/v1/audit/checkpoints').set(bearer(t.adminKey));
    const res = await t.http.get(`/v1/compliance/documents/${td.id}/verify`).set(bearer(regulator));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ valid: true, event: expect.objectContaining({ chain: 'platform', seq: td.audit.seq, action: 'document.generate' }) }));
    expect(res.body.files.pdf).toEqual({ stored: td.files.pdf.sha256, computed: td.files.pdf.sha256, inAuditEvent: td.files.pdf.sha256, matches: true });
    expect(res.body.checkpoint.treeSize).toBeGreaterThanOrEqual(td.audit.seq);
    const proof = await t.http.get(res.body.inclusionProof).set(bearer(regulator));
    expect(proof.status).toBe(200);
  });

  it('keeps stored documents from being changed, even by a direct UPDATE', async () => {
    const db = t.app.get(DataSource);
    // The application's role has no UPDATE or DELETE on the table at all …
    await expect(db.query(`UPDATE compliance_documents SET title = 'edited' WHERE id = $1`, [td.id])).rejects.toThrow(/permission denied/);
    // … and the table's owner is stopped by a trigger.
    for (const sql of [`UPDATE compliance_documents SET pdf = '\\x00' WHERE id = $1`, `DELETE FROM compliance_documents WHERE id = $1`]) {
      await expect(
        db.transaction(async (m) => {
          await m.query(`SET LOCAL ROLE NONE`);
          await m.query(sql, [td.id]);
        }),
      ).rejects.toThrow(/never changed/);
    }
    expect(sha256((await download(td.id, 'pdf')).body as Buffer)).toBe(td.files.pdf.sha256);
  });

  it('publishes an LL144 bias-audit summary whose figures are the audit’s', async () => {
    const res = await generate({ kind: 'bias-audit-summary', model: 'credit-approval' });
    expect(res.status).toBe(201);
    expect(res.body.provenance.audits).toEqual([expect.objectContaining({ id: auditId })]);
    const ll144 = (await t.http.get(`/v1/fairness/audits/${auditId}/ll144`).set(bearer(t.adminKey))).body;
    const flat = squash((await pdfText((await download(res.body.id, 'pdf')).body as Buffer)).text);
    expect(ll144.applicants).toBe(210);
    expect(flat).toContain('Individuals assessed 210');
    expect(flat).toContain(`Unknown sex ${ll144.unknown.sex}`);
    expect(ll144.unknown.sex).toBe(10);
    expect(flat).toContain('Source of the data historical data: Held-out credit decisions, 2026');
    expect(flat).toContain('Period of the data 2026-01-01 to 2026-06-30');
    const row = (table: { category: Record<string, string>; applicants: number; rate: number; impactRatio: number | null }[], match: Record<string, string>) =>
      table.find((r) => Object.entries(match).every(([k, v]) => r.category[k] === v))!;
    for (const [table, match] of [
      [ll144.sex, { sex: 'female' }],
      [ll144.raceEthnicity, { race: 'black' }],
      [ll144.intersectional, { sex: 'female', race: 'black' }],
    ] as const) {
      const r = row(table, match);
      expect(flat).toContain(`${Object.values(match).join(' ')} ${r.applicants} ${r.rate.toFixed(4)} ${r.impactRatio!.toFixed(4)}`);
    }
    expect(flat).toContain('female 100 0.4200 0.6462');
    expect(flat).toContain('black 70 0.4286 0.7317');
    expect(flat).toContain('female black 40 0.3500 0.5000');
  });

  it('refuses an LL144 summary that names one attribute for both sex and race/ethnicity', async () => {
    for (const body of [
      { sex: 'sex', raceEthnicity: 'sex' },
      { raceEthnicity: 'sex' },
      { sex: 'race', raceEthnicity: 'race', auditId },
    ]) {
      const res = await generate({ kind: 'bias-audit-summary', model: 'credit-approval', ...body });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ fields: [expect.objectContaining({ field: 'raceEthnicity' })] }) }));
    }
    // Naming race as the sex attribute leaves race/ethnicity to another attribute, never the same one.
    const crossed = await generate({ kind: 'bias-audit-summary', model: 'credit-approval', auditId, sex: 'race' });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.details.fields[0].field).toBe('auditId');
  });

  it('builds a tenant’s record of processing and DPIA from what Warden processed for it', async () => {
    const example = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;
    for (const purpose of ['credit-scoring', 'fairness-monitoring']) {
      expect((await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId: 'applicant-1', purpose })).status).toBe(201);
    }
    const call = await t.http
      .post('/v1/models/credit-approval/infer')
      .set(bearer(tenant.key))
      .send({ purpose: 'credit-scoring', subject: { id: 'applicant-1', attributes: { sex: 'female', ethnicity: 'minority-a' } }, inputs: example, context: { jurisdiction: 'DE' } });
    expect(call.status).toBe(200);
    const record = (await t.http.get(`/v1/tenants/${tenant.id}/record-of-processing`).set(bearer(tenant.key))).body;
    const credit = record.purposes.find((p: { id: string }) => p.id === 'credit-scoring');

    const rop = await generate({ kind: 'record-of-processing', tenantId: tenant.id });
    expect(rop.status).toBe(201);
    expect(rop.body).toEqual(expect.objectContaining({ subject: `tenant:${tenant.id}`, provenance: expect.objectContaining({ tenantId: tenant.id }) }));
    expect(rop.body.audit.chain).toBe(`tenant:${tenant.id}`);
    const ropText = squash((await pdfText((await download(rop.body.id, 'pdf', tenant.key)).body as Buffer)).text);
    expect(ropText).toContain(`${record.controller.name} (tenant ${tenant.id})`);
    expect(ropText).toContain(`credit-scoring ${credit.lawfulBasis} (${credit.lawfulBasisArticle}) ${credit.calls} ${credit.allowedCalls} ${credit.deniedCalls}`);
    expect(ropText).toContain('credit-approval@1.0.0');
    expect(ropText).toContain('annualIncome');
    expect(ropText).toContain(record.securityMeasures[0].slice(0, 40));

    await t.http.post('/v1/audit/checkpoints').set(bearer(t.adminKey));
    const verified = (await t.http.get(`/v1/compliance/documents/${rop.body.id}/verify`).set(bearer(tenant.key))).body;
    expect(verified).toEqual(expect.objectContaining({ valid: true, checkpoint: expect.objectContaining({ treeSize: expect.any(Number) }) }));
    expect((await t.http.get(verified.inclusionProof).set(bearer(tenant.key))).status).toBe(200);

    const dpia = await generate({ kind: 'dpia', tenantId: tenant.id });
    expect(dpia.status).toBe(201);
    const dpiaText = squash((await pdfText((await download(dpia.body.id, 'pdf')).body as Buffer)).text);
    expect(dpiaText).toContain('Processing of special categories of data (GDPR Art. 9) for fairness monitoring');
    expect(dpiaText).toMatch(/1 subjects with [a-zA-Z, ]*ethnicity/);
    expect(dpiaText).toContain('human review by rules human-review-of-uncertain-eu-decisions');
    expect(dpiaText).toContain('notify_subject obligation from rules notify-eu-subjects-of-high-risk-decisions');
    expect(dpiaText).toContain('To be completed by the controller');
  });

  it('lets tenants read their own documents and instructions for use, regulators read all, and only admins generate', async () => {
    const ifu = await generate({ kind: 'instructions-for-use', model: 'credit-approval' });
    expect(ifu.status).toBe(201);
    const ifuText = squash((await pdfText((await download(ifu.body.id, 'pdf', tenant.key)).body as Buffer)).text);
    expect(ifuText).toContain('Instructions for use: credit-approval@1.0.0');
    expect(ifuText).toContain(registry.sha256);
    // Instructions for use are platform documents: a tenant checks their hashes, not the platform chain.
    const ifuCheck = (await t.http.get(`/v1/compliance/documents/${ifu.body.id}/verify`).set(bearer(tenant.key))).body;
    expect(ifuCheck).toEqual(expect.objectContaining({ valid: true, checkpoint: null, inclusionProof: null }));

    const own = await t.http.get('/v1/compliance/documents').set(bearer(tenant.key));
    expect(own.status).toBe(200);
    const kinds = [...new Set(own.body.map((d: { kind: string }) => d.kind))].sort();
    expect(kinds).toEqual(['dpia', 'instructions-for-use', 'record-of-processing']);
    expect(own.body.filter((d: { tenantId?: string; provenance: { tenantId: string | null } }) => d.provenance.tenantId !== null).every((d: { provenance: { tenantId: string } }) => d.provenance.tenantId === tenant.id)).toBe(true);
    expect((await t.http.get(`/v1/compliance/documents/${td.id}`).set(bearer(tenant.key))).status).toBe(404);
    expect((await download(td.id, 'pdf', tenant.key)).status).toBe(404);
    const other = await t.tenant();
    const theirs = (await t.http.get('/v1/compliance/documents?kind=record-of-processing').set(bearer(other.key))).body;
    expect(theirs).toEqual([]);
    expect((await generate({ kind: 'record-of-processing', tenantId: other.id }, tenant.key)).status).toBe(403);
    expect((await generate({ kind: 'technical-documentation', model: 'credit-approval' }, regulator)).status).toBe(403);
    expect((await t.http.get('/v1/compliance/documents?kind=technical-documentation').set(bearer(regulator))).body.map((d: { id: string }) => d.id)).toContain(td.id);
  });

  it('keeps each LL144 summary variant current on its own, through a refresh', async () => {
    const a = { kind: 'bias-audit-summary', model: 'credit-approval', sex: 'sex', raceEthnicity: 'race' };
    const b = { kind: 'bias-audit-summary', model: 'credit-approval', auditId };
    const firstA = await generate(a);
    expect(firstA.status).toBe(201);
    expect(firstA.body.subject).toBe('model:credit-approval?raceEthnicity=race&sex=sex');
    const firstB = await generate(b);
    expect(firstB.body.subject).toBe(`model:credit-approval?auditId=${auditId}`);
    const refreshed = await t.http.post('/v1/admin/compliance/documents/refresh').set(bearer(t.adminKey));
    expect(refreshed.status).toBeLessThan(300);
    const againA = await generate(a);
    expect(againA.status).toBe(200);
    expect(againA.body).toEqual(expect.objectContaining({ id: firstA.body.id, created: false }));
    expect((await generate(b)).body).toEqual(expect.objectContaining({ id: firstB.body.id, created: false }));
    const listed = (await t.http.get('/v1/compliance/documents?kind=bias-audit-summary&model=credit-approval&limit=500').set(bearer(t.adminKey))).body;
    expect(listed.filter((d: { subject: string }) => d.subject === firstA.body.subject).map((d: { id: string }) => d.id)).toEqual([firstA.body.id]);
    for (const id of [firstA.body.id, firstB.body.id]) expect((await t.http.get(`/v1/compliance/documents/${id}`).set(bearer(regulator))).body.current).toBe(true);
  });

  it('refuses requests that do not name what the document is about', async () => {
    const missing = await generate({ kind: 'technical-documentation' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'model', rule: 'required' }));
    const stray = await generate({ kind: 'dpia', tenantId: tenant.id, model: 'credit-approval' });
    expect(stray.status).toBe(400);
    expect(stray.body.error.details.fields[0].field).toBe('model');
    expect((await generate({ kind: 'technical-documentation', model: 'no-such-model' })).status).toBe(404);
    expect((await generate({ kind: 'technical-documentation', model: 'credit-approval', version: '9.9.9' })).status).toBe(404);
    expect((await generate({ kind: 'annex-v' })).status).toBe(400);
  });

  it('tells which document was current at a given moment once the model changes', async () => {
    const manifest = JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8'));
    const onnx = readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.onnx'));
    const name = `docs-model-${process.pid}-${Date.now()}`;
    const up = await t.http.post('/v1/admin/models').set(bearer(t.adminKey)).field('manifest', JSON.stringify({ ...manifest, name, sha256: undefined })).attach('onnx', onnx, 'm.onnx');
    expect(up.status).toBe(201);
    const first = await generate({ kind: 'technical-documentation', model: name });
    expect(first.body.provenance.model.status).toBe('draft');
    const activated = await t.http.post(`/v1/admin/models/${name}/versions/1.0.0/status`).set(bearer(t.adminKey)).send({ status: 'active', reason: 'ready for use' });
    expect(activated.status).toBe(201);
    expect((await t.http.get(`/v1/compliance/documents/${first.body.id}`).set(bearer(regulator))).body.current).toBe(false);

    const refreshed = await t.http.post('/v1/admin/compliance/documents/refresh').set(bearer(t.adminKey));
    expect(refreshed.status).toBe(200);
    const second = refreshed.body.generated.find((d: { kind: string; subject: string }) => d.kind === 'technical-documentation' && d.subject === `model:${name}@1.0.0`);
    expect(second.provenance.model.status).toBe('active');
    // The instructions for use rest on the same evidence, gathered once with the documentation's.
    const instructions = refreshed.body.generated.find((d: { kind: string; subject: string }) => d.kind === 'instructions-for-use' && d.subject === `model:${name}@1.0.0`);
    expect(instructions.provenance.model).toEqual(second.provenance.model);
    const secondText = squash((await pdfText((await download(second.id, 'pdf')).body as Buffer)).text);
    expect(secondText).toContain('model.activate');
    expect(secondText).toContain('ready for use');

    const asOf = (at: string) => t.http.get(`/v1/compliance/documents?kind=technical-documentation&model=${name}&at=${encodeURIComponent(at)}&limit=1`).set(bearer(regulator));
    expect((await asOf(first.body.builtAt)).body.map((d: { id: string }) => d.id)).toEqual([first.body.id]);
    expect((await asOf(second.builtAt)).body.map((d: { id: string }) => d.id)).toEqual([second.id]);
    expect((await asOf('2020-01-01T00:00:00Z')).body).toEqual([]);
    // Nothing changed since: a second refresh generates nothing for this model.
    const again = await t.http.post('/v1/admin/compliance/documents/refresh').set(bearer(t.adminKey));
    expect(again.body.generated.filter((d: { subject: string }) => d.subject.startsWith(`model:${name}`))).toEqual([]);
  });
});
