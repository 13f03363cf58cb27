import { onnx } from '../../src/models/onnx-proto.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ModelCatalog } from '../../src/models/model-catalog.js';
import { DemoModels } from '../../src/models/demo-models.js';
import { logisticOnnx } from '../../src/models/onnx-builder.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const modelsDir = path.resolve(process.cwd(), 'models');
const demo = (name: string) => ({
  manifest: JSON.parse(readFileSync(path.join(modelsDir, `${name}@1.0.0.json`), 'utf8')),
  onnx: readFileSync(path.join(modelsDir, `${name}@1.0.0.onnx`)),
});

let counter = 0;
const uniqueName = () => `test-credit-${process.pid}-${Date.now()}-${++counter}`;

describe('model registry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MODEL_UPLOAD_LIMIT_BYTES: String(64 * 1024) });
    await t.app.get(DemoModels).installIfEmpty(modelsDir);
  });
  afterAll(() => t.close());

  const upload = (manifest: unknown, onnx: Buffer, key = t.adminKey) =>
    t.http.post('/v1/admin/models').set(bearer(key)).field('manifest', JSON.stringify(manifest)).attach('onnx', onnx, 'model.onnx');
  const setStatus = (name: string, version: string, status: string, reason = 'because the test says so') =>
    t.http.post(`/v1/admin/models/${name}/versions/${version}/status`).set(bearer(t.adminKey)).send({ status, reason });

  it('lists the demo models with schemas, card, purposes and an example input', async () => {
    const tenant = await t.tenant();
    const res = await t.http.get('/v1/models').set(bearer(tenant.key));
    expect(res.status).toBe(200);
    const credit = res.body.find((m: { name: string }) => m.name === 'credit-approval');
    expect(credit.activeVersion).toEqual(
      expect.objectContaining({
        version: '1.0.0',
        status: 'active',
        riskClass: 'high',
        allowedPurposes: ['credit-scoring'],
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        example: expect.objectContaining({ annualIncome: expect.any(Number) }),
        card: expect.objectContaining({ intendedPurpose: expect.any(String), humanOversight: expect.any(String) }),
      }),
    );
    const detail = await t.http.get('/v1/models/credit-approval').set(bearer(tenant.key));
    expect(detail.body.versions.map((v: { version: string }) => v.version)).toContain('1.0.0');
    expect((await t.http.get('/v1/models/no-such-model').set(bearer(tenant.key))).status).toBe(404);
  });

  it('registers a version as an immutable draft, refuses the same version twice, and audits it', async () => {
    const { manifest, onnx } = demo('credit-approval');
    const name = uniqueName();
    const res = await upload({ ...manifest, name, sha256: undefined }, onnx);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ name, version: '1.0.0', status: 'draft', sizeBytes: onnx.length, rightsHolders: [] }));
    expect((await upload({ ...manifest, name }, onnx)).status).toBe(409);
    const events = await t.http.get(`/v1/audit/events?chain=platform&action=model.register&resourceId=${name}@1.0.0`).set(bearer(t.adminKey));
    expect(events.body.events[0].details).toEqual(expect.objectContaining({ sha256: res.body.sha256 }));
  });

  it('keeps every column of a registered version but its lifecycle as registered, whoever writes to the database', async () => {
    const { manifest, onnx } = demo('credit-approval');
    const name = uniqueName();
    expect((await upload({ ...manifest, name, sha256: undefined }, onnx)).status).toBe(201);
    // As the database's owner, past the grants the service's role has.
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    try {
      const where = `WHERE model_id = (SELECT id FROM models WHERE name = '${name}')`;
      for (const change of ['major = 99', "prerelease = 'zzz'", 'size_bytes = 1', "manifest = '{}'", "onnx = '\\x00'"]) {
        await owner.query('BEGIN');
        await expect(owner.query(`UPDATE model_versions SET ${change} ${where}`)).rejects.toThrow(/immutable/);
        await owner.query('ROLLBACK');
      }
      await owner.query('BEGIN');
      await expect(owner.query(`UPDATE model_versions SET status = 'active', status_reason = 'allowed', status_changed_at = now() ${where}`)).resolves.toBeDefined();
      await owner.query('ROLLBACK');
    } finally {
      await owner.end();
    }
  });

  it('refuses (422) a graph whose inputs or outputs do not match the declared schema', async () => {
    const { manifest } = demo('credit-approval');
    const width = manifest.explanation.weights.length;
    const wrongWidth = Buffer.from(logisticOnnx('liar', { weights: new Float64Array(width + 3), bias: 0 }));
    const res = await upload({ ...manifest, name: uniqueName(), sha256: undefined }, wrongWidth);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('MODEL_REJECTED');
    expect(res.body.error.message).toMatch(/does not match the declared schema: input input has shape \[.*\], the schema needs \[N, \d+\]/);

    const router = demo('support-router');
    const multiclassAsBinary = await upload({ ...router.manifest, name: uniqueName(), sha256: undefined, output: manifest.output, explanation: { ...router.manifest.explanation } }, router.onnx);
    expect([400, 422]).toContain(multiclassAsBinary.status);
  });

  it('refuses (422) a graph that reads data from files, or that an exact explanation does not describe; takes an example that leaves out an optional feature', async () => {
    const { manifest, onnx: bytes } = demo('credit-approval');
    const model = onnx.ModelProto.decode(bytes);
    Object.assign(model.graph!.initializer![0], { dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'package.json' }], rawData: new Uint8Array() });
    const reading = await upload({ ...manifest, name: uniqueName(), sha256: undefined }, Buffer.from(onnx.ModelProto.encode(model).finish()));
    expect(reading.status).toBe(422);
    expect(reading.body.error.message).toMatch(/takes its data from a file outside the model/);

    const otherWeights = { ...manifest.explanation, weights: manifest.explanation.weights.map(() => 0), bias: 0 };
    const misexplained = await upload({ ...manifest, name: uniqueName(), sha256: undefined, explanation: otherWeights }, bytes);
    expect(misexplained.status).toBe(422);
    expect(misexplained.body.error.message).toMatch(/the explanation is not of this graph/);

    const { latePayments12m: _, ...withoutOptional } = manifest.example;
    expect((await upload({ ...manifest, name: uniqueName(), sha256: undefined, example: withoutOptional }, bytes)).status).toBe(201);
  });

  it('refuses (422) bytes that are not a loadable ONNX graph, and a sha256 that is not theirs', async () => {
    const { manifest, onnx } = demo('credit-approval');
    const garbage = await upload({ ...manifest, name: uniqueName(), sha256: undefined }, Buffer.from('definitely not onnx'));
    expect(garbage.status).toBe(422);
    expect(garbage.body.error.message).toMatch(/does not load/);
    const lie = await upload({ ...manifest, name: uniqueName(), sha256: 'a'.repeat(64) }, onnx);
    expect(lie.status).toBe(422);
    expect(lie.body.error.message).toMatch(/sha256/);
  });

  it('answers 400 naming the field for a malformed manifest, 415 without multipart, 413 over the size limit, 403 for tenants', async () => {
    const { manifest, onnx } = demo('credit-approval');
    const bad = await upload({ ...manifest, name: uniqueName(), version: '1.0', riskClass: 'extreme' }, onnx);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['version', 'riskClass']));
    const badExample = await upload({ ...manifest, name: uniqueName(), example: { ...manifest.example, annualIncome: -5 } }, onnx);
    expect(badExample.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'example.annualIncome', rule: 'min' }));
    expect((await t.http.post('/v1/admin/models').set(bearer(t.adminKey)).send({ manifest })).status).toBe(415);
    const huge = await upload({ ...manifest, name: uniqueName() }, Buffer.alloc(65 * 1024, 1));
    expect(huge.status).toBe(413);
    const tenant = await t.tenant();
    expect((await upload({ ...manifest, name: uniqueName() }, onnx, tenant.key)).status).toBe(403);
  });

  it('reads a manifest part sent as application/json, refuses one nested past the limit, and a boundary too long to search for', async () => {
    const { manifest, onnx } = demo('credit-approval');
    const typed = await t.http
      .post('/v1/admin/models')
      .set(bearer(t.adminKey))
      .field('manifest', JSON.stringify({ ...manifest, name: uniqueName(), sha256: undefined }), { contentType: 'application/json' })
      .attach('onnx', onnx, 'model.onnx');
    expect(typed.status).toBe(201);
    const deep = JSON.stringify({ ...manifest, name: uniqueName(), sha256: undefined, extra: 0 }).replace('"extra":0', `"extra":${'['.repeat(5_000)}1${']'.repeat(5_000)}`);
    const nested = await t.http.post('/v1/admin/models').set(bearer(t.adminKey)).field('manifest', deep).attach('onnx', onnx, 'model.onnx');
    expect([nested.status, nested.body.error.details.fields[0]]).toEqual([400, expect.objectContaining({ field: 'manifest', rule: 'maxDepth' })]);
    const twoFiles = await t.http.post('/v1/admin/models').set(bearer(t.adminKey)).field('manifest', JSON.stringify(manifest)).attach('onnx', onnx, 'a.onnx').attach('onnx', onnx, 'b.onnx');
    expect([twoFiles.status, twoFiles.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const boundary = 'b'.repeat(253);
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="manifest"\r\n\r\n{}\r\n--${boundary}--\r\n`;
    const long = await t.http.post('/v1/admin/models').set(bearer(t.adminKey)).set('content-type', `multipart/form-data; boundary=${boundary}`).send(body);
    expect([long.status, long.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses a status change whose reason is only white space', async () => {
    const res = await setStatus('credit-approval', '1.0.0', 'active', '     ');
    expect([res.status, res.body.error.details.fields[0].field]).toEqual([400, 'reason']);
  });

  it('moves a version through its lifecycle with reasons, and refuses transitions that do not exist', async () => {
    const { manifest, onnx } = demo('credit-approval');
    const name = uniqueName();
    await upload({ ...manifest, name, sha256: undefined }, onnx);
    expect((await setStatus(name, '1.0.0', 'suspended')).status).toBe(409);
    const active = await setStatus(name, '1.0.0', 'active', 'validated by the risk team');
    expect(active.status).toBe(201);
    expect(active.body).toEqual(expect.objectContaining({ status: 'active', statusReason: 'validated by the risk team' }));
    expect((await setStatus(name, '1.0.0', 'suspended', 'bias audit breach')).body.status).toBe('suspended');
    expect((await setStatus(name, '1.0.0', 'active', 'breach resolved')).body.status).toBe('active');
    expect((await setStatus(name, '1.0.0', 'retired', 'superseded')).body.status).toBe('retired');
    const again = await setStatus(name, '1.0.0', 'active');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    expect((await setStatus(name, '1.0.0', 'active', '')).status).toBe(400);
    expect((await setStatus(name, '9.9.9', 'active')).status).toBe(404);
    const actions = (await t.http.get(`/v1/audit/events?chain=platform&resourceId=${name}@1.0.0`).set(bearer(t.adminKey))).body.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['model.register', 'model.activate', 'model.suspend', 'model.resume', 'model.retire']);
  });

  it('serves the highest active version unless one is pinned', async () => {
    const { manifest, onnx } = demo('credit-approval');
    const name = uniqueName();
    for (const version of ['1.0.0', '1.2.0', '1.10.0-rc.1']) {
      await upload({ ...manifest, name, version, sha256: undefined }, onnx);
      await setStatus(name, version, 'active');
    }
    const catalog = t.app.get(ModelCatalog);
    expect(catalog.resolve(name).version).toBe('1.10.0-rc.1');
    await setStatus(name, '1.10.0-rc.1', 'suspended');
    expect(catalog.resolve(name).version).toBe('1.2.0');
    expect(catalog.resolve(`${name}@1.0.0`).version).toBe('1.0.0');
    expect(() => catalog.resolve(`${name}@1.10.0-rc.1`)).toThrow(/suspended/);
  });
});

describe('a suspension seen by another instance', () => {
  it('stops serving there within a second', async () => {
    const [one, two] = await Promise.all([startTestApp(), startTestApp()]);
    try {
      const { manifest, onnx } = demo('credit-approval');
      const name = uniqueName();
      await one.http.post('/v1/admin/models').set(bearer(one.adminKey)).field('manifest', JSON.stringify({ ...manifest, name, sha256: undefined })).attach('onnx', onnx, 'm.onnx');
      await one.http.post(`/v1/admin/models/${name}/versions/1.0.0/status`).set(bearer(one.adminKey)).send({ status: 'active', reason: 'go live' });
      const other = two.app.get(ModelCatalog);
      await waitFor(() => other.activeVersion(name) !== undefined, 1000);
      const started = Date.now();
      await one.http.post(`/v1/admin/models/${name}/versions/1.0.0/status`).set(bearer(one.adminKey)).send({ status: 'suspended', reason: 'incident 42' });
      await waitFor(() => throws(() => other.resolve(name)), 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(() => other.resolve(name)).toThrow(/suspended: incident 42/);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('sees a change that commits after a later one, whose clock reads earlier', async () => {
    const t = await startTestApp();
    const [first, second] = [pg, pg].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL }));
    try {
      const { manifest, onnx } = demo('credit-approval');
      const names = [uniqueName(), uniqueName()];
      for (const name of names) {
        await t.http.post('/v1/admin/models').set(bearer(t.adminKey)).field('manifest', JSON.stringify({ ...manifest, name, sha256: undefined })).attach('onnx', onnx, 'm.onnx');
        await t.http.post(`/v1/admin/models/${name}/versions/1.0.0/status`).set(bearer(t.adminKey)).send({ status: 'active', reason: 'go live' });
      }
      const catalog = t.app.get(ModelCatalog);
      await catalog.refreshIfChanged();
      await Promise.all([first.connect(), second.connect()]);
      const suspend = (client: pg.Client, name: string, clock: string) =>
        client.query(`UPDATE model_versions SET status = 'suspended', status_reason = 'race', status_changed_at = ${clock} WHERE model_id = (SELECT id FROM models WHERE name = $1)`, [name]);
      // The first change reads the clock first but commits last, as one waiting for its audit append does.
      await first.query('BEGIN');
      await suspend(first, names[0], `now() - interval '1 second'`);
      await suspend(second, names[1], 'clock_timestamp()');
      await catalog.refreshIfChanged();
      expect(throws(() => catalog.resolve(names[1]))).toBe(true);
      await first.query('COMMIT');
      await catalog.refreshIfChanged();
      expect(() => catalog.resolve(names[0])).toThrow(/suspended: race/);
    } finally {
      await Promise.all([first.end(), second.end()]);
      await t.close();
    }
  });
});

function throws(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch {
    return true;
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
