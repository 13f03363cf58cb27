import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { appDataSource } from '../../src/database/data-source.js';
import { Db } from '../../src/database/db.js';
import { privateKeyPem } from '../../src/database/platform-secrets.js';

describe('private keys kept for every instance', () => {
  let ds: DataSource;
  let db: Db;
  beforeAll(async () => {
    ds = appDataSource({ url: process.env.DATABASE_URL!, appRole: 'warden_app', poolSize: 4 });
    await ds.initialize();
    db = new Db(ds);
  });
  afterAll(() => ds.destroy());

  it('generates a key once, whichever instance asks first, and gives every one the same', async () => {
    const name = `test.key-${Date.now()}`;
    let generated = 0;
    let told = 0;
    const source = { name, generate: () => `PEM ${++generated}`, onGenerated: () => told++ };
    const pems = await Promise.all(Array.from({ length: 6 }, () => privateKeyPem(db, source)));
    expect(new Set(pems).size).toBe(1);
    expect(told).toBe(1);
    expect(await privateKeyPem(db, source)).toBe(pems[0]);
    expect(told).toBe(1);
  });

  it('reads the configured file instead, without touching the database', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'warden-key-')), 'key.pem');
    writeFileSync(file, 'PEM from file');
    const name = `test.unused-${Date.now()}`;
    expect(await privateKeyPem(db, { file, name, generate: () => 'never', onGenerated: () => undefined })).toBe('PEM from file');
    const stored = await db.platform(() => db.manager.query(`SELECT name FROM platform_secrets WHERE name = $1`, [name]));
    expect(stored).toEqual([]);
  });
});
