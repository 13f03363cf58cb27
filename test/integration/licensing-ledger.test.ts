import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SYSTEM_ACTOR } from '../../src/audit/audit.service.js';
import { Db } from '../../src/database/db.js';
import { SettlementsService } from '../../src/licensing/settlements.service.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

/** The guarantees the database itself keeps about charges, allocations, rollups and settlements, whatever the code above it does. */
describe('revenue ledger', () => {
  let t: TestApp;
  let db: Db;
  let versionId: string;
  const q = (sql: string, params: unknown[] = []) => db.platform(() => db.manager.query(sql, params));
  /** As the database owner, past the application role's grants: only the triggers stand in the way. */
  const asOwner = async (sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Db);
    [{ id: versionId }] = await q(`SELECT v.id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'credit-approval' AND v.version = '1.0.0'`);
  });
  afterAll(() => t.close());

  const party = async () => (await q(`INSERT INTO parties (name, kind, created_by) VALUES ($1, 'author', 'test') RETURNING id`, [`ledger ${randomUUID()}`]))[0].id as string;

  /** Charges written in one statement and their allocations in another, as one audit batch writes them. */
  async function charge(tenantId: string, entries: { at: Date; amount: number; partyId: string }[]): Promise<string[]> {
    const ids = entries.map(() => randomUUID());
    await db.platform(async () => {
      await db.manager.query(
        `INSERT INTO charges (id, tenant_id, request_id, version_id, currency, amount, rows, call_number, tier, price_source, created_at, audit_chain, audit_seq)
         SELECT id, $2::uuid, gen_random_uuid(), $3::uuid, 'EUR', amount, 1, 1, 1, 'default', at, 'tenant:' || $2::text, 1 FROM unnest($1::uuid[], $4::bigint[], $5::timestamptz[]) AS c (id, amount, at)`,
        [ids, tenantId, versionId, entries.map((e) => e.amount), entries.map((e) => e.at)],
      );
      await db.manager.query(
        `INSERT INTO revenue_allocations (charge_id, tenant_id, party_id, version_id, currency, amount, created_at)
         SELECT id, $2, party, $3, 'EUR', amount, at FROM unnest($1::uuid[], $4::uuid[], $5::bigint[], $6::timestamptz[]) AS a (id, party, amount, at)`,
        [ids, tenantId, versionId, entries.map((e) => e.partyId), entries.map((e) => e.amount), entries.map((e) => e.at)],
      );
    });
    return ids;
  }

  it('keeps the daily rollups from one statement that repeats a key, in the same transaction', async () => {
    const tenant = await t.tenant();
    const partyId = await party();
    const at = new Date();
    await charge(tenant.id, [100, 250, 7].map((amount) => ({ at, amount, partyId })));
    expect(await q(`SELECT calls::int, amount::int FROM revenue_tenant_daily WHERE tenant_id = $1`, [tenant.id])).toEqual([{ calls: 3, amount: 357 }]);
    expect(await q(`SELECT allocations::int, amount::int FROM revenue_party_daily WHERE party_id = $1`, [partyId])).toEqual([{ allocations: 3, amount: 357 }]);
  });

  it('refuses to change or delete a charge or an allocation, and refuses an allocation that disagrees with its charge', async () => {
    const tenant = await t.tenant();
    const [id] = await charge(tenant.id, [{ at: new Date(), amount: 10, partyId: await party() }]);
    await expect(q(`UPDATE charges SET amount = amount + 1 WHERE id = $1`, [id])).rejects.toThrow(/permission denied/);
    await expect(q(`DELETE FROM revenue_allocations WHERE charge_id = $1`, [id])).rejects.toThrow(/permission denied/);
    await expect(asOwner(`UPDATE charges SET amount = amount + 1 WHERE id = $1`, [id])).rejects.toThrow(/never changed or deleted/);
    await expect(asOwner(`DELETE FROM charges WHERE id = $1`, [id])).rejects.toThrow(/never changed or deleted/);
    await expect(asOwner(`UPDATE revenue_allocations SET amount = 0 WHERE charge_id = $1`, [id])).rejects.toThrow(/never change/);
    await expect(asOwner(`DELETE FROM revenue_allocations WHERE charge_id = $1`, [id])).rejects.toThrow(/never change/);
    await expect(
      q(`INSERT INTO revenue_allocations (charge_id, tenant_id, party_id, version_id, currency, amount, created_at) SELECT id, tenant_id, $2, version_id, 'USD', 1, created_at FROM charges WHERE id = $1`, [id, await party()]),
    ).rejects.toThrow(/foreign key/);
  });

  it('refuses to commit a charge whose allocations do not add up to it', async () => {
    const tenant = await t.tenant();
    const partyId = await party();
    const id = randomUUID();
    await expect(
      db.platform(async () => {
        await db.manager.query(
          `INSERT INTO charges (id, tenant_id, request_id, version_id, currency, amount, rows, call_number, tier, price_source, created_at, audit_chain, audit_seq)
           VALUES ($1, $2, gen_random_uuid(), $3, 'EUR', 10, 1, 1, 1, 'default', now(), 'tenant:x', 1)`,
          [id, tenant.id, versionId],
        );
        await db.manager.query(
          `INSERT INTO revenue_allocations (charge_id, tenant_id, party_id, version_id, currency, amount, created_at) SELECT id, tenant_id, $2, version_id, currency, 9, created_at FROM charges WHERE id = $1`,
          [id, partyId],
        );
      }),
    ).rejects.toThrow(/has allocations of 9/);
    expect(await q(`SELECT id FROM charges WHERE id = $1`, [id])).toEqual([]);
  });

  it('reconciliation finds charges whose allocations do not add up even when the totals do', async () => {
    // Written past every check, as an operator with database access could: 10 allocated as 9, 10 as 11.
    const tenant = await t.tenant();
    const partyId = await party();
    const at = new Date('2001-02-03T04:05:06Z');
    const ids = [randomUUID(), randomUUID()];
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const withoutTriggers = async (work: () => Promise<unknown>) => {
      await client.query('BEGIN');
      try {
        await client.query('ALTER TABLE charges DISABLE TRIGGER USER');
        await client.query('ALTER TABLE revenue_allocations DISABLE TRIGGER USER');
        await work();
        await client.query('SET CONSTRAINTS ALL IMMEDIATE');
        await client.query('ALTER TABLE charges ENABLE TRIGGER USER');
        await client.query('ALTER TABLE revenue_allocations ENABLE TRIGGER USER');
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    };
    try {
      await withoutTriggers(async () => {
        for (const [i, allocated] of [9, 11].entries()) {
          await client.query(
            `INSERT INTO charges (id, tenant_id, request_id, version_id, currency, amount, rows, call_number, tier, price_source, created_at, audit_chain, audit_seq)
             VALUES ($1, $2, gen_random_uuid(), $3, 'EUR', 10, 1, 1, 1, 'default', $4, 'tenant:x', 1)`,
            [ids[i], tenant.id, versionId, at],
          );
          await client.query(`INSERT INTO revenue_allocations (charge_id, tenant_id, party_id, version_id, currency, amount, created_at) VALUES ($1, $2, $3, $4, 'EUR', $5, $6)`, [
            ids[i],
            tenant.id,
            partyId,
            versionId,
            allocated,
            at,
          ]);
        }
      });
      const res = await t.http.get('/v1/revenue/reconciliation?from=2001-02-03T00:00:00Z&to=2001-02-04T00:00:00Z').set(bearer(t.adminKey));
      expect(res.body).toEqual(expect.objectContaining({ calls: 2, mismatchedCharges: 2, currencies: [{ currency: 'EUR', calls: 2, charges: 20, allocations: 20, difference: 0 }] }));
    } finally {
      await withoutTriggers(async () => {
        await client.query(`DELETE FROM revenue_allocations WHERE charge_id = ANY($1)`, [ids]);
        await client.query(`DELETE FROM charges WHERE id = ANY($1)`, [ids]);
      });
      await client.end();
    }
  });

  it('refuses a share table that does not sum to 10,000 when its transaction commits', async () => {
    const [{ id }] = await q(`SELECT v.id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'support-router' AND v.version = '1.0.0'`);
    const before = await q(`SELECT party_id, basis_points FROM revenue_shares WHERE version_id = $1 ORDER BY party_id`, [id]);
    expect(before.length).toBeGreaterThan(0);
    await expect(
      db.platform(async () => {
        await db.manager.query(`DELETE FROM revenue_shares WHERE version_id = $1`, [id]);
        await db.manager.query(`INSERT INTO revenue_shares (version_id, party_id, basis_points, set_by) VALUES ($1, $2, 9000, 'test')`, [id, before[0].party_id]);
      }),
    ).rejects.toThrow(/sum to 9000 bp, not 10000/);
    expect(await q(`SELECT party_id, basis_points FROM revenue_shares WHERE version_id = $1 ORDER BY party_id`, [id])).toEqual(before);
  });

  it('shows a tenant only its own charges', async () => {
    const [a, b] = [await t.tenant(), await t.tenant()];
    const partyId = await party();
    const [mine] = await charge(a.id, [{ at: new Date(), amount: 5, partyId }]);
    await charge(b.id, [{ at: new Date(), amount: 6, partyId }]);
    const seen = await db.tenant(a.id, () => db.manager.query(`SELECT id FROM charges WHERE tenant_id = ANY($1)`, [[a.id, b.id]]));
    expect(seen).toEqual([{ id: mine }]);
  });

  it('settles late charges into the next period as carried in, and never changes a closed settlement', async () => {
    const service = t.app.get(SettlementsService);
    const [latest] = await service.list();
    const start = latest?.to ?? new Date(Date.now() - 3_600_000);
    const tenant = await t.tenant();
    const partyId = await party();
    const first = await service.close(SYSTEM_ACTOR, { from: start, to: new Date() });

    // A charge dated inside the closed period that reached the database after it closed.
    const [late] = await charge(tenant.id, [{ at: new Date(first.to.getTime() - 1000), amount: 900, partyId }]);
    const [onTime] = await charge(tenant.id, [{ at: new Date(first.to.getTime() + 1), amount: 40, partyId }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await service.close(SYSTEM_ACTOR, { from: first.from, to: first.to })).toEqual(first);
    expect(await q(`SELECT settlement_id FROM charges WHERE id = $1`, [late])).toEqual([{ settlement_id: null }]);

    const second = await service.close(SYSTEM_ACTOR, { from: first.to, to: new Date() });
    const detail = await service.get(second.id);
    expect(detail.invoices.find((i) => i.tenantId === tenant.id)).toEqual(expect.objectContaining({ calls: 2, total: 940, carriedIn: 900 }));
    expect(detail.statements.find((s) => s.partyId === partyId)).toEqual(expect.objectContaining({ total: 940, carriedIn: 900, lines: [{ versionId, allocations: 2, amount: 940 }] }));
    expect(await q(`SELECT settlement_id FROM charges WHERE id = ANY($1) ORDER BY created_at`, [[late, onTime]])).toEqual([{ settlement_id: second.id }, { settlement_id: second.id }]);

    await expect(q(`UPDATE charges SET settlement_id = $2 WHERE id = $1`, [late, first.id])).rejects.toThrow(/only marked once/);
    await expect(q(`UPDATE settlements SET hash = $2 WHERE id = $1`, [second.id, '0'.repeat(64)])).rejects.toThrow(/permission denied/);
    await expect(asOwner(`UPDATE settlements SET hash = $2 WHERE id = $1`, [second.id, '0'.repeat(64)])).rejects.toThrow(/never change/);
    await expect(asOwner(`DELETE FROM settlement_statements WHERE settlement_id = $1`, [second.id])).rejects.toThrow(/never change/);
    await expect(asOwner(`UPDATE settlement_invoices SET total = 0 WHERE settlement_id = $1`, [second.id])).rejects.toThrow(/never change/);
    await expect(service.close(SYSTEM_ACTOR, { from: new Date(first.from.getTime() + 1), to: second.to })).rejects.toThrow(/overlaps/);
  });

  it('refuses a period while earlier unsettled charges lie in no closed period, so every charge is settled in its own period or as a late one', async () => {
    const service = t.app.get(SettlementsService);
    const tenant = await t.tenant();
    const partyId = await party();
    const day = (d: number, hours = 0) => new Date(Date.UTC(2002, 2, d, hours));
    const [first] = await charge(tenant.id, [{ at: day(1, 1), amount: 10, partyId }]);
    const [second] = await charge(tenant.id, [{ at: day(2, 1), amount: 20, partyId }]);
    const settled = async (id: string) => (await q(`SELECT settlement_id FROM charges WHERE id = $1`, [id]))[0].settlement_id as string | null;

    // Closing the later day first would sweep the earlier day's charge into it.
    const refused = await t.http.post('/v1/admin/settlements').set(bearer(t.adminKey)).send({ from: day(2).toISOString(), to: day(3).toISOString() });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual(
      expect.objectContaining({ code: 'CONFLICT', details: { gap: { from: day(1, 1).toISOString(), to: day(2).toISOString() }, charges: 1 }, requestId: expect.any(String) }),
    );
    await expect(service.close(SYSTEM_ACTOR, { from: day(2), to: day(3) })).rejects.toThrow(/lie in no closed period/);
    expect(await settled(first)).toBeNull();

    const march1 = await service.close(SYSTEM_ACTOR, { from: day(1), to: day(2) });
    const march2 = await service.close(SYSTEM_ACTOR, { from: day(2), to: day(3) });
    expect([march1.charges, march2.charges]).toEqual([1, 1]);
    expect([await settled(first), await settled(second)]).toEqual([march1.id, march2.id]);

    // A charge that commits late is carried into the next period; one dated before every closed period must have its own closed first.
    const [late] = await charge(tenant.id, [{ at: day(2, 5), amount: 30, partyId }]);
    const [early] = await charge(tenant.id, [{ at: day(0, 12), amount: 40, partyId }]);
    await expect(service.close(SYSTEM_ACTOR, { from: day(3), to: day(4) })).rejects.toThrow(`close ${day(0, 12).toISOString()} – ${day(1).toISOString()} first`);
    const february = await service.close(SYSTEM_ACTOR, { from: day(0, 12), to: day(1) });
    const march3 = await service.close(SYSTEM_ACTOR, { from: day(3), to: day(4) });
    expect([await settled(early), await settled(late)]).toEqual([february.id, march3.id]);
    expect((await service.get(march3.id)).invoices.find((i) => i.tenantId === tenant.id)).toEqual(expect.objectContaining({ calls: 1, total: 30, carriedIn: 30 }));
  });
});
