import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from './support/client.js';
import { scratchDatabase, type ScratchDatabase } from './support/databases.js';
import { Ledger } from './support/ledger.js';
import { WardenProcess } from './support/processes.js';
import { onnx } from '../../src/models/onnx-proto.js';

/**
 * A deployment that starts all its instances at once against a new (or freshly migrated) database:
 * they take turns to migrate and install the defaults, so all come up and the defaults exist once.
 */
describe('instances started together on an empty database', () => {
  const adminKey = `faults_${randomBytes(16).toString('hex')}`;
  let db: ScratchDatabase;
  let instances: WardenProcess[] = [];

  beforeAll(async () => {
    db = await scratchDatabase('first_start');
  });
  afterAll(async () => {
    await Promise.all(instances.map((w) => w.stop()));
    await db?.drop();
  });

  it('all come up, with one set of defaults and one bootstrap key', async () => {
    instances = await Promise.all([1, 2, 3].map(() => WardenProcess.start({ databaseUrl: db.url, adminKey })));
    for (const w of instances) expect((await new Client(w.url, adminKey).get('/v1/models')).status).toBe(200);

    const ledger = await Ledger.open(db.url);
    try {
      const [counts] = await ledger.query<{ policies: string; models: string; admins: string }>(
        `SELECT (SELECT count(*) FROM policies) AS policies, (SELECT count(*) FROM models) AS models, (SELECT count(*) FROM api_keys WHERE role = 'admin') AS admins`,
      );
      expect(counts).toEqual({ policies: '1', models: '3', admins: '1' });
      expect(await ledger.chainProblems(['platform'])).toEqual([]);
    } finally {
      await ledger.close();
    }
  });

  it('refuses, as `npm start` runs it, a model whose weights come from a file beside it', async () => {
    // Node's own module loader, not the test runner's, reads onnx-proto here: the check must work under it.
    const modelsDir = path.resolve(process.cwd(), 'models');
    const manifest = JSON.parse(readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.json'), 'utf8'));
    const model = onnx.ModelProto.decode(readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.onnx')));
    Object.assign(model.graph!.initializer![0], { dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'package.json' }], rawData: new Uint8Array() });
    const form = new FormData();
    form.set('manifest', JSON.stringify({ ...manifest, name: 'reads-a-file', sha256: undefined }));
    form.set('onnx', new Blob([onnx.ModelProto.encode(model).finish()]), 'model.onnx');
    const res = await fetch(`${instances[0].url}/v1/admin/models`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` }, body: form });
    const body = (await res.json()) as { error?: { code: string; message: string } };
    expect([res.status, body.error?.code]).toEqual([422, 'MODEL_REJECTED']);
    expect(body.error?.message).toMatch(/takes its data from a file outside the model/);
  });
});
