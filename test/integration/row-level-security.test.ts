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
});
