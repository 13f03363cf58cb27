import { DataSource } from 'typeorm';
import { appDataSource } from '../../src/database/data-source.js';
import { Db } from '../../src/database/db.js';

/**
 * Tenant isolation in the database itself: queries run as the least-privilege role under row-level
 * security, so even a query with no tenant filter sees only the current tenant's rows.
 */
describe('row-level security', () => {
  let ds: DataSource;
  let db: Db;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ds = appDataSource({ url: process.env.DATABASE_URL!, appRole: 'warden_app', poolSize: 2 });
    await ds.initialize();
    db = new Db(ds);
    [a, b] = await db.platform(async () => {
      const rows = await db.manager.query(
        `INSERT INTO tenants (name) VALUES ($1), ($2) RETURNING id`,
        [`rls-a-${Date.now()}`, `rls-b-${Date.now()}`],
      );
      for (const { id } of rows) {
        await db.manager.query(
          `INSERT INTO api_keys (role, tenant_id, prefix, hash) VALUES ('tenant', $1, 'p', decode(md5(random()::text), 'hex'))`,
          [id],
        );
      }
      return rows.map((r: { id: string }) => r.id);
    });
  });
  afterAll(() => ds.destroy());

  it('connects as the application role, which is neither superuser nor exempt from RLS', async () => {
    const [row] = await ds.query(
      `SELECT current_user AS role, r.rolsuper AS super, r.rolbypassrls AS bypass FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(row).toEqual({ role: 'warden_app', super: false, bypass: false });
  });

  it('shows a tenant scope only its own rows, even without a WHERE clause', async () => {
    const tenants = await db.tenant(a, () => db.manager.query('SELECT id FROM tenants'));
    expect(tenants).toEqual([{ id: a }]);
    const keys = await db.tenant(a, () => db.manager.query('SELECT tenant_id FROM api_keys'));
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys.map((k: { tenant_id: string }) => k.tenant_id))).toEqual(new Set([a]));
  });

  it('shows nothing outside a scope', async () => {
    expect(await ds.query('SELECT id FROM tenants')).toEqual([]);
    expect(await ds.query('SELECT id FROM api_keys')).toEqual([]);
  });

  it("refuses to write a row into another tenant's space", async () => {
    await expect(
      db.tenant(a, () => db.manager.query(`INSERT INTO api_keys (role, tenant_id, prefix, hash) VALUES ('tenant', $1, 'p', '\\x01')`, [b])),
    ).rejects.toThrow(/row-level security/);
    const updated = await db.tenant(a, () => db.manager.query(`UPDATE tenants SET name = name || '-x' WHERE id = $1 RETURNING id`, [b]));
    expect(updated[0]).toEqual([]);
  });

  it('restores the outer scope after a nested one', async () => {
    const seen = await db.platform(async () => {
      const inner = await db.tenant(b, () => db.manager.query('SELECT id FROM tenants'));
      const outer = await db.manager.query('SELECT id FROM tenants WHERE id IN ($1, $2)', [a, b]);
      return { inner, outer };
    });
    expect(seen.inner).toEqual([{ id: b }]);
    expect(seen.outer).toHaveLength(2);
  });

  it('does not let the application role delete tenants or keys', async () => {
    await expect(db.platform(() => db.manager.query('DELETE FROM api_keys WHERE tenant_id = $1', [a]))).rejects.toThrow(/permission denied/);
  });
  describe('one-statement reads (Db.read)', () => {
    it('in a tenant scope see only that tenant, in the platform scope every tenant', async () => {
      expect(await db.read(a, 'SELECT id FROM tenants')).toEqual([{ id: a }]);
      const all = await db.read<{ id: string }>(null, 'SELECT id FROM tenants WHERE id = ANY($1::uuid[]) ORDER BY id', [[a, b]]);
      expect(all.map((r) => r.id)).toEqual([a, b].sort());
    });

    it('leave no settings behind on the connection', async () => {
      for (let i = 0; i < 4; i++) await db.read(a, 'SELECT 1');
      // The pool has two connections; both have served a read above.
      const seen = await Promise.all([ds.query(`SELECT current_setting('app.tenant_id', true) AS t, current_setting('app.scope', true) AS s`), ds.query(`SELECT current_setting('app.tenant_id', true) AS t, current_setting('app.scope', true) AS s`)]);
      for (const [row] of seen) expect([row.t ?? '', row.s ?? '']).toEqual(['', '']);
      expect(await ds.query('SELECT id FROM tenants')).toEqual([]);
    });

    it('send parameters as literals that mean what bound parameters mean', async () => {
      const text = `it's \\ "quoted" $1 ; DROP TABLE tenants; -- ✓ 𝄞`;
      const at = new Date('2026-01-02T03:04:05.678Z');
      const [row] = await db.read<Record<string, unknown>>(
        null,
        `SELECT $1::text AS text, $2::text[] AS list, $3::bytea AS bytes, $4::timestamptz AS at, $5::int AS n, $6::jsonb AS doc, $7::text AS nothing, $8::boolean AS yes`,
        [text, ['a"b', 'c\\d', null, '{x}'], Buffer.from([0, 1, 254, 255]), at, 42, JSON.stringify({ k: "v'" }), null, true],
      );
      expect(row).toEqual({ text, list: ['a"b', 'c\\d', null, '{x}'], bytes: Buffer.from([0, 1, 254, 255]), at, n: 42, doc: { k: "v'" }, nothing: null, yes: true });
    });

    it('refuse NUL in text and a parameter they were not given', async () => {
      await expect(db.read(a, 'SELECT $1::text', ['a\u0000b'])).rejects.toMatchObject({ code: '22021' });
      await expect(db.read(a, 'SELECT $2::text', ['a'])).rejects.toThrow(/No parameter \$2/);
    });

    it('inside an open scope run in its transaction, under the scope asked for', async () => {
      const [inner, after] = await db.tenant(b, async () => {
        await db.manager.query(`SELECT pg_advisory_xact_lock(4242)`);
        const rows = await db.read(a, `SELECT id, (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND pid = pg_backend_pid()) AS held FROM tenants`);
        return [rows, await db.manager.query('SELECT id FROM tenants')];
      });
      expect(inner).toEqual([{ id: a, held: 1 }]);
      expect(after).toEqual([{ id: b }]);
    });
  });
});
