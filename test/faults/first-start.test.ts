import { randomBytes } from 'node:crypto';
import { Client } from './support/client.js';
import { scratchDatabase, type ScratchDatabase } from './support/databases.js';
import { Ledger } from './support/ledger.js';
import { WardenProcess } from './support/processes.js';

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
});
