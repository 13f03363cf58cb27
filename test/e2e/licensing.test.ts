import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Db } from '../../src/database/db.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { lineageGraph } from '../../src/licensing/lineage.js';
import { meter } from '../../src/licensing/metering.js';
import { reconcile } from '../../src/licensing/reconciliation.js';
import { verifyDocument } from '../../src/licensing/settlement-rules.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const modelsDir = path.resolve(process.cwd(), 'models');
const manifest = JSON.parse(readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.json'), 'utf8'));
const onnx = readFileSync(path.join(modelsDir, 'credit-approval@1.0.0.onnx'));
const stamp = `${process.pid}${Date.now() % 1_000_000}`;
// Versions below 1.0.0, so that unpinned calls of credit-approval keep being served by 1.0.0.
const versionOf = (i: number) => `0.${Date.now() % 100_000_000}.${i}`;
const DERIVED_PRICE = { currency: 'EUR', tiers: [{ upTo: 2, perCall: 1000, perRow: 100 }, { upTo: null, perCall: 500, perRow: 0 }] };

describe('licences and revenue attribution', () => {
  let t: TestApp;
  let db: Db;
  const admin = () => bearer(t.adminKey);
  const parties: Record<'author' | 'data' | 'tuner', string> = { author: '', data: '', tuner: '' };
  const versions: Partial<Record<'base' | 'derived' | 'gate' | 'parent' | 'child', { ref: string; id: string; version: string }>> & Record<'base' | 'derived' | 'gate', { ref: string; id: string; version: string }> = {} as never;

  const register = async (version: string) => {
    const m = { ...manifest, version, sha256: undefined, allowedPurposes: ['credit-scoring', 'fraud-prevention'] };
    const res = await t.http.post('/v1/admin/models').set(admin()).field('manifest', JSON.stringify(m)).attach('onnx', onnx, 'model.onnx');
    expect(res.status).toBe(201);
    await t.http.post(`/v1/admin/models/credit-approval/versions/${version}/status`).set(admin()).send({ status: 'active', reason: 'licensing test' });
    const [row] = await db.platform(() => db.manager.query(`SELECT v.id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'credit-approval' AND v.version = $1`, [version]));
    return { ref: `credit-approval@${version}`, id: row.id as string, version };
  };
  const terms = (v: { version: string }, what: string) => `/v1/admin/models/credit-approval/versions/${v.version}/${what}`;
  const party = async (name: string, kind: string) => (await t.http.post('/v1/admin/parties').set(admin()).send({ name: `${name} ${stamp}`, kind })).body.id as string;
  const license = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/v1/admin/licenses').set(admin()).send({ name: `licence ${stamp} ${Math.random()}`, ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const call = (model: string, key: string, over: Record<string, unknown> = {}) =>
    t.http
      .post(`/v1/models/${model}/infer`)
      .set(bearer(key))
      .send({ purpose: 'credit-scoring', subject: { id: 'applicant-7' }, inputs: manifest.example, context: { jurisdiction: 'DE' }, explain: false, ...over });
  /** A new tenant whose applicant has consented to credit scoring (the purpose rests on consent). */
  const newTenant = async () => {
    const created = await t.tenant();
    expect((await t.http.post('/v1/consents').set(bearer(created.key)).send({ subjectId: 'applicant-7', purpose: 'credit-scoring' })).status).toBe(201);
    return created;
  };
  const chargesOf = (tenantId: string) =>
    db.platform(() => db.manager.query(`SELECT id, request_id, version_id, currency, amount::int AS amount, call_number::int AS call_number, created_at FROM charges WHERE tenant_id = $1 ORDER BY call_number`, [tenantId]));
  const allocationsOf = (tenantId: string) => db.platform(() => db.manager.query(`SELECT charge_id, party_id, version_id, amount::int AS amount FROM revenue_allocations WHERE tenant_id = $1`, [tenantId]));

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Db);
    versions.base = await register(versionOf(1));
    versions.derived = await register(versionOf(2));
    versions.gate = await register(versionOf(3));
    parties.author = await party('Base author', 'author');
    parties.data = await party('Data coop', 'data-provider');
    parties.tuner = await party('Fine-tuner', 'model-owner');
  }, 60_000);

  afterAll(async () => {
    for (const v of Object.values(versions).filter((v) => v !== undefined)) await t.http.post(`/v1/admin/models/credit-approval/versions/${v.version}/status`).set(admin()).send({ status: 'retired', reason: 'licensing test done' });
    await t.close();
  });

  it('registers a derived model: licence, shares, lineage and price, refusing what does not add up, all audited and shown on the card', async () => {
    const { base, derived } = versions;
    expect((await t.http.post('/v1/admin/parties').set(admin()).send({ name: `Base author ${stamp}`, kind: 'author' })).status).toBe(409);
    const nc = await t.http.post('/v1/admin/licenses').set(admin()).send({ name: `bad ${stamp}`, spdxId: 'CC-BY-NC-4.0', commercialUse: true });
    expect(nc.status).toBe(400);
    expect(nc.body.error.details.fields[0].message).toMatch(/commercialUse must be false/);

    const uneven = await t.http.put(terms(base, 'shares')).set(admin()).send({ shares: [{ partyId: parties.author, basisPoints: 8000 }, { partyId: parties.data, basisPoints: 1000 }] });
    expect(uneven.status).toBe(400);
    expect(uneven.body.error.details.fields[0]).toEqual(expect.objectContaining({ field: 'shares', message: 'shares sum to 9000 bp, not 10000' }));
    expect((await t.http.put(terms(derived, 'price')).set(admin()).send(DERIVED_PRICE)).status).toBe(400);

    expect((await t.http.put(terms(base, 'shares')).set(admin()).send({ shares: [{ partyId: parties.author, basisPoints: 8000 }, { partyId: parties.data, basisPoints: 2000 }] })).status).toBe(200);
    expect((await t.http.put(terms(derived, 'shares')).set(admin()).send({ shares: [{ partyId: parties.tuner, basisPoints: 10000 }] })).status).toBe(200);
    const lineage = await t.http.put(terms(derived, 'lineage')).set(admin()).send({ parents: [{ parent: base.ref, kind: 'fine-tune', basisPoints: 1500 }] });
    expect(lineage.status).toBe(200);
    const cycle = await t.http.put(terms(base, 'lineage')).set(admin()).send({ parents: [{ parent: derived.ref, kind: 'distillation', basisPoints: 100 }] });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details).toEqual(expect.objectContaining({ rule: 'LINEAGE_CYCLE', cycle: [base.ref, derived.ref, base.ref] }));

    const licenseId = await license({ spdxId: 'LicenseRef-derived', commercialUse: true, allowedPurposes: ['credit-scoring'], territories: ['EU'], attribution: 'Derived credit model' });
    expect((await t.http.put(terms(derived, 'license')).set(admin()).send({ licenseId })).status).toBe(200);
    const priced = await t.http.put(terms(derived, 'price')).set(admin()).send(DERIVED_PRICE);
    expect(priced.status).toBe(200);

    const reader = await t.tenant();
    const card = (await t.http.get('/v1/models/credit-approval').set(bearer(reader.key))).body.versions.find((v: { version: string }) => v.version === derived.version);
    expect(card).toEqual(
      expect.objectContaining({
        license: expect.objectContaining({ id: licenseId, spdxId: 'LicenseRef-derived', territories: ['EU'], attribution: 'Derived credit model' }),
        shares: [expect.objectContaining({ partyId: parties.tuner, basisPoints: 10000 })],
        lineage: [{ parent: base.ref, parentVersionId: base.id, kind: 'fine-tune', basisPoints: 1500 }],
        price: DERIVED_PRICE,
      }),
    );
    const audited = await t.http.get(`/v1/audit/events?chain=platform&resourceId=${derived.ref}`).set(admin());
    expect(audited.body.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['model.shares.set', 'model.lineage.set', 'model.license.attach', 'model.price.set']));
  });

  it('refuses a price at which a call could cost more than the largest safe amount, and keeps the one in force', async () => {
    const { derived } = versions;
    const huge = { currency: 'USD', tiers: [{ upTo: null, perCall: Number.MAX_SAFE_INTEGER, perRow: Number.MAX_SAFE_INTEGER }] };
    const refused = await t.http.put(terms(derived, 'price')).set(admin()).send(huge);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.details.fields).toEqual([expect.objectContaining({ field: 'price', message: expect.stringMatching(/tier 1: perCall \+ 1000000 × perRow must be at most 9007199254740991/) })]);
    const tenant = await t.tenant();
    expect((await t.http.put(terms(derived, `price/tenants/${tenant.id}`)).set(admin()).send(huge)).status).toBe(400);
    expect((await t.http.get(terms(derived, 'terms')).set(admin())).body.price).toEqual(DERIVED_PRICE);
  });

  it("removes a tenant's own price once, audited once, and answers 404 for one that is not there", async () => {
    const { derived } = versions;
    const tenant = await t.tenant();
    const own = { currency: 'EUR', tiers: [{ upTo: null, perCall: 7, perRow: 0 }] };
    expect((await t.http.put(terms(derived, `price/tenants/${tenant.id}`)).set(admin()).send(own)).status).toBe(200);
    const removed = await t.http.delete(terms(derived, `price/tenants/${tenant.id}`)).set(admin());
    expect(removed.status).toBe(200);
    const again = await t.http.delete(terms(derived, `price/tenants/${tenant.id}`)).set(admin());
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('NOT_FOUND');
    const [{ count }] = await db.platform(() =>
      db.manager.query(`SELECT count(*)::int AS count FROM audit_events WHERE action = 'model.price.override.remove' AND details->>'tenantId' = $1`, [tenant.id]),
    );
    expect(count).toBe(1);
  });

  it.each([
    ['a territory outside the licence', { commercialUse: true, territories: ['EU'] }, { context: { jurisdiction: 'US' } }, 'LICENSE_TERRITORY', 'territories'],
    ['an unknown jurisdiction under a territorial licence', { commercialUse: true, territories: ['US'] }, { context: undefined }, 'LICENSE_TERRITORY', 'territories'],
    ['commercial use of a non-commercial licence', { spdxId: 'CC-BY-NC-4.0', commercialUse: false }, {}, 'LICENSE_NON_COMMERCIAL', 'commercialUse'],
    ['a forbidden purpose', { spdxId: 'OpenRAIL-M', commercialUse: true, forbiddenPurposes: ['fraud-prevention'] }, { purpose: 'fraud-prevention' }, 'LICENSE_PURPOSE_FORBIDDEN', 'forbiddenPurposes:fraud-prevention'],
    ['a purpose off the allow-list', { commercialUse: true, allowedPurposes: ['credit-scoring'] }, { purpose: 'fraud-prevention' }, 'LICENSE_PURPOSE_FORBIDDEN', 'allowedPurposes'],
  ])('refuses %s with 403, names the rule, audits the denial and charges nothing', async (_, licence, request, code, rule) => {
    const { gate } = versions;
    const licenseId = await license(licence);
    expect((await t.http.put(terms(gate, 'license')).set(admin()).send({ licenseId })).status).toBe(200);
    const tenant = await newTenant();
    const res = await call(gate.ref, tenant.key, request);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual(expect.objectContaining({ code, details: expect.objectContaining({ stage: 'license', rule, license: expect.objectContaining({ id: licenseId }) }) }));
    const events = await t.http.get('/v1/audit/events?decision=deny&action=inference.infer').set(bearer(tenant.key));
    expect(events.body.events).toEqual([expect.objectContaining({ reason: code, details: expect.objectContaining({ stage: 'license', rule }) })]);
    expect(await chargesOf(tenant.id)).toEqual([]);
  });

  it("enforces the licence of every version a derived model's lineage reaches, naming the one that refused", async () => {
    const parent = (versions.parent = await register(versionOf(4)));
    const child = (versions.child = await register(versionOf(5)));
    const parentAuthor = await party('Parent author', 'author');
    expect((await t.http.put(terms(parent, 'shares')).set(admin()).send({ shares: [{ partyId: parentAuthor, basisPoints: 10000 }] })).status).toBe(200);
    expect((await t.http.put(terms(child, 'shares')).set(admin()).send({ shares: [{ partyId: parties.tuner, basisPoints: 10000 }] })).status).toBe(200);
    expect((await t.http.put(terms(child, 'lineage')).set(admin()).send({ parents: [{ parent: parent.ref, kind: 'fine-tune', basisPoints: 1500 }] })).status).toBe(200);
    expect((await t.http.put(terms(child, 'price')).set(admin()).send(DERIVED_PRICE)).status).toBe(200);
    const licenseId = await license({ spdxId: 'CC-BY-NC-4.0', commercialUse: false, territories: ['EU'] });
    expect((await t.http.put(terms(parent, 'license')).set(admin()).send({ licenseId })).status).toBe(200);

    const tenant = await newTenant();
    const direct = await call(parent.ref, tenant.key, { context: { jurisdiction: 'US' } });
    expect(direct.status).toBe(403);
    const derived = await call(child.ref, tenant.key, { context: { jurisdiction: 'US' } });
    expect(derived.status).toBe(403);
    expect(derived.body.error).toEqual(
      expect.objectContaining({
        code: 'LICENSE_TERRITORY',
        message: `The model is licensed only in EU, not in US (the licence of ${parent.ref}, which ${child.ref} derives from)`,
        details: expect.objectContaining({ stage: 'license', rule: 'territories', version: parent.ref, license: expect.objectContaining({ id: licenseId }) }),
      }),
    );
    // Inside the EU the parent's licence still refuses a commercial tenant, and allows one marked non-commercial.
    expect((await call(child.ref, tenant.key)).body.error).toEqual(expect.objectContaining({ code: 'LICENSE_NON_COMMERCIAL', details: expect.objectContaining({ version: parent.ref }) }));
    expect(await chargesOf(tenant.id)).toEqual([]);
    await t.http.put(`/v1/admin/tenants/${tenant.id}/licensing`).set(admin()).send({ commercial: false });
    const allowed = await call(child.ref, tenant.key);
    expect(allowed.status).toBe(200);
    expect(allowed.body.license).toBeUndefined();
    const events = await t.http.get('/v1/audit/events?action=inference.infer').set(bearer(tenant.key));
    expect(events.body.events.find((e: { decision: string }) => e.decision === 'allow').details).toEqual(expect.objectContaining({ upstreamLicenses: [licenseId] }));
    const [charge] = await chargesOf(tenant.id);
    expect(charge.version_id).toBe(child.id);
    expect(await allocationsOf(tenant.id)).toEqual(expect.arrayContaining([expect.objectContaining({ party_id: parentAuthor, version_id: parent.id })]));
  });

  it('refuses a call under a licence that has expired since it was registered, and refuses to register one already expired or with a territory twice', async () => {
    const { gate } = versions;
    const expired = await t.http.post('/v1/admin/licenses').set(admin()).send({ name: `expired ${stamp}`, commercialUse: true, expiresAt: '2020-01-01T00:00:00Z' });
    expect(expired.status).toBe(400);
    expect(expired.body.error.details.fields).toEqual([expect.objectContaining({ message: 'expiresAt 2020-01-01T00:00:00.000Z is not in the future' })]);
    const twice = await t.http.post('/v1/admin/licenses').set(admin()).send({ name: `twice ${stamp}`, commercialUse: true, territories: ['US', 'us'] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.fields).toEqual([expect.objectContaining({ message: 'territory US is listed twice' })]);

    const expiresAt = new Date(Date.now() + 1500);
    const licenseId = await license({ commercialUse: true, expiresAt: expiresAt.toISOString() });
    expect((await t.http.put(terms(gate, 'license')).set(admin()).send({ licenseId })).status).toBe(200);
    const tenant = await newTenant();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now() + 10)));
    const res = await call(gate.ref, tenant.key);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual(expect.objectContaining({ code: 'LICENSE_EXPIRED', details: expect.objectContaining({ stage: 'license', rule: 'expiresAt', license: expect.objectContaining({ id: licenseId }) }) }));
    expect(await chargesOf(tenant.id)).toEqual([]);
  });

  it('lets a tenant marked non-commercial use a non-commercial licence, and audits the marking', async () => {
    const { gate } = versions;
    const licenseId = await license({ spdxId: 'CC-BY-NC-4.0', commercialUse: false });
    await t.http.put(terms(gate, 'license')).set(admin()).send({ licenseId });
    const tenant = await newTenant();
    expect((await call(gate.ref, tenant.key)).status).toBe(403);
    const marked = await t.http.put(`/v1/admin/tenants/${tenant.id}/licensing`).set(admin()).send({ commercial: false });
    expect(marked.body).toEqual({ tenantId: tenant.id, commercial: false });
    expect((await call(gate.ref, tenant.key)).status).toBe(200);
    // The gate version has no price list: a free model leaves no charge.
    expect(await chargesOf(tenant.id)).toEqual([]);
    const events = await t.http.get(`/v1/audit/events?chain=platform&action=tenant.licensing.set&resourceId=${tenant.id}`).set(admin());
    expect(events.body.events).toHaveLength(1);
  });

  it('charges every answered call exactly once, priced by tier and attributed through the lineage, and never a refused one', async () => {
    const { derived, base } = versions;
    const tenant = await newTenant();
    const answered: string[] = [];
    for (const rows of [1, 3, 2, 1]) {
      const res = await call(derived.ref, tenant.key, { inputs: Array.from({ length: rows }, () => manifest.example) });
      expect(res.status).toBe(200);
      expect(res.body.license).toEqual({ id: expect.any(String), name: expect.stringMatching(/^licence /), spdxId: 'LicenseRef-derived', attribution: 'Derived credit model' });
      answered.push(res.body.requestId);
    }
    expect((await call(derived.ref, tenant.key, { context: { jurisdiction: 'US' } })).status).toBe(403);
    // Aruba is coded as a Dutch subdivision and on its own, and is outside the EU either way.
    expect((await call(derived.ref, tenant.key, { context: { jurisdiction: 'NL-AW' } })).status).toBe(403);
    expect((await call(derived.ref, tenant.key, { inputs: { ...manifest.example, annualIncome: -5 } })).status).toBe(400);

    const charges = await chargesOf(tenant.id);
    expect(charges.map((c: { request_id: string }) => c.request_id).sort()).toEqual([...answered].sort());
    expect(charges.map((c: { amount: number }) => c.amount)).toEqual([1100, 1300, 500, 500]);
    const graph = lineageGraph([
      { versionId: base.id, shares: [{ partyId: parties.author, basisPoints: 8000 }, { partyId: parties.data, basisPoints: 2000 }], parents: [] },
      { versionId: derived.id, shares: [{ partyId: parties.tuner, basisPoints: 10000 }], parents: [{ parentVersionId: base.id, basisPoints: 1500 }] },
    ]);
    const allocations = await allocationsOf(tenant.id);
    for (const [i, charge] of charges.entries()) {
      const expected = meter({ chargeId: charge.id, tenantId: tenant.id, requestId: charge.request_id, versionId: derived.id, rows: [1, 3, 2, 1][i], at: charge.created_at, callsSoFarInPeriod: i }, DERIVED_PRICE, graph);
      const mine = allocations.filter((a: { charge_id: string }) => a.charge_id === charge.id).map((a: Record<string, unknown>) => ({ partyId: a.party_id, versionId: a.version_id, amount: a.amount }));
      expect(mine).toEqual(expect.arrayContaining(expected.attribution.allocations));
      expect(mine).toHaveLength(expected.attribution.allocations.length);
    }
    const check = reconcile(
      charges.map((c: Record<string, unknown>) => ({ chargeId: c.id, tenantId: tenant.id, versionId: c.version_id, currency: c.currency, amount: c.amount, at: c.created_at }) as never),
      allocations.map((a: Record<string, unknown>) => ({ chargeId: a.charge_id, partyId: a.party_id, versionId: a.version_id, amount: a.amount }) as never),
    );
    expect(check).toEqual(expect.objectContaining({ balanced: true, currencies: [expect.objectContaining({ currency: 'EUR', calls: 4, charges: 3400, allocations: 3400, difference: 0 })] }));
    const events = await t.http.get('/v1/audit/events?decision=allow&action=inference.infer').set(bearer(tenant.key));
    expect(events.body.events.map((e: { details: { chargeId: string } }) => e.details.chargeId).sort()).toEqual(charges.map((c: { id: string }) => c.id).sort());
  });

  it('numbers calls for tiers on from the last charge after a restart, which loses the counter', async () => {
    const { derived } = versions;
    const tenant = await newTenant();
    for (let i = 0; i < 2; i++) expect((await call(derived.ref, tenant.key)).status).toBe(200);
    // Without Redis the counter lives in the process: a new instance starts without it.
    const restarted = await startTestApp();
    try {
      expect((await restarted.http.post(`/v1/models/${derived.ref}/infer`).set(bearer(tenant.key)).send({ purpose: 'credit-scoring', subject: { id: 'applicant-7' }, inputs: manifest.example, context: { jurisdiction: 'DE' }, explain: false })).status).toBe(200);
    } finally {
      await restarted.close();
    }
    const charges = await chargesOf(tenant.id);
    // Tier 1 covers the first two calls (1,000 + 100 a row); the third is in tier 2 (500).
    expect(charges.map((c: { call_number: number; amount: number }) => [c.call_number, c.amount])).toEqual([[1, 1100], [2, 1100], [3, 500]]);
  });

  describe('settling, reconciling and reading revenue', () => {
    let tenant: { id: string; key: string };
    let from: string;
    let closedTo: string;
    const settle = (range: { from: string; to: string }) => t.http.post('/v1/admin/settlements').set(admin()).send(range);

    beforeAll(async () => {
      const closed = (await t.http.get('/v1/admin/settlements').set(admin())).body as { period: { to: string } }[];
      from = closed.length ? closed[0].period.to : new Date(Date.now() - 3_600_000).toISOString();
      tenant = await newTenant();
      for (let i = 0; i < 5; i++) expect((await call(versions.derived.ref, tenant.key)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 5));
      closedTo = new Date().toISOString();
    });

    it('reconciles what was charged with what was allocated, from the stored rows', async () => {
      const res = await t.http.get(`/v1/revenue/reconciliation?from=${from}&to=${closedTo}`).set(bearer(await t.key('regulator')));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ mismatchedCharges: 0 }));
      expect(res.body.calls).toBeGreaterThanOrEqual(5);
      expect(res.body.currencies).toContainEqual(expect.objectContaining({ currency: 'EUR', difference: 0 }));
      expect(res.body.currencies.every((c: { charges: number; allocations: number; difference: number }) => c.difference === 0 && c.charges === c.allocations)).toBe(true);
      for (const role of ['tenant', 'licensor'] as const) {
        const key = role === 'tenant' ? tenant.key : await t.key('licensor', { partyId: parties.author });
        expect((await t.http.get(`/v1/revenue/reconciliation?from=${from}&to=${closedTo}`).set(bearer(key))).status).toBe(403);
      }
    });

    it('closes a period in a job, idempotently, into statements and invoices that add up and never change', async () => {
      expect((await settle({ from, to: new Date(Date.now() + 3_600_000).toISOString() })).status).toBe(400);
      const first = await settle({ from, to: closedTo });
      expect(first.status).toBe(202);
      expect(first.body).toEqual(expect.objectContaining({ status: 'queued', jobId: expect.any(String), settlementId: expect.any(String) }));
      await t.app.get(JobsService).drain();
      const detail = (await t.http.get(`/v1/admin/settlements/${first.body.settlementId}`).set(admin())).body;
      expect(detail).toEqual(expect.objectContaining({ status: 'closed', period: { from: new Date(from).toISOString(), to: new Date(closedTo).toISOString() } }));
      const sum = (docs: { total: number }[]) => docs.reduce((s, d) => s + d.total, 0);
      expect(sum(detail.statements)).toBe(sum(detail.invoices));
      expect(detail.totals.every((c: { difference: number }) => c.difference === 0)).toBe(true);
      expect([...detail.statements, ...detail.invoices].every(verifyDocument)).toBe(true);
      const invoice = detail.invoices.find((i: { tenantId: string }) => i.tenantId === tenant.id);
      expect(invoice).toEqual(expect.objectContaining({ currency: 'EUR', calls: 5, total: 1100 + 1100 + 500 * 3 }));

      const again = await settle({ from, to: closedTo });
      expect(again.body).toEqual(expect.objectContaining({ status: 'closed', settlementId: first.body.settlementId }));
      await t.app.get(JobsService).drain();
      expect((await t.http.get(`/v1/admin/settlements/${first.body.settlementId}`).set(admin())).body).toEqual(detail);
      expect((await settle({ from: new Date(Date.parse(from) + 1).toISOString(), to: closedTo })).status).toBe(409);
      const audited = await t.http.get(`/v1/audit/events?chain=platform&action=settlement.close&resourceId=${first.body.settlementId}`).set(admin());
      expect(audited.body.events).toEqual([expect.objectContaining({ details: expect.objectContaining({ hash: detail.hash }) })]);
    });

    it('shows a licensor only its own statements and earnings', async () => {
      const author = await t.key('licensor', { partyId: parties.author });
      const own = await t.http.get('/v1/revenue/statements').set(bearer(author));
      expect(own.status).toBe(200);
      expect(own.body.length).toBeGreaterThan(0);
      expect(own.body.every((s: { partyId: string }) => s.partyId === parties.author)).toBe(true);
      expect((await t.http.get(`/v1/revenue/statements?partyId=${parties.tuner}`).set(bearer(author))).status).toBe(404);
      expect((await t.http.get(`/v1/revenue/earnings?from=2020-01-01&to=2100-01-01&partyId=${parties.tuner}`).set(bearer(author))).status).toBe(404);
      expect((await t.http.get('/v1/revenue/statements').set(bearer(await t.key('licensor')))).status).toBe(403);
      expect((await t.http.get('/v1/revenue/statements').set(bearer(await t.key('regulator')))).status).toBe(403);
      expect((await t.http.get('/v1/revenue/statements').set(bearer(tenant.key))).status).toBe(403);

      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const earnings = await t.http.get(`/v1/revenue/earnings?from=${today}&to=${tomorrow}&interval=day`).set(bearer(author));
      expect(earnings.status).toBe(200);
      expect(earnings.body.partyId).toBe(parties.author);
      expect(earnings.body.models).toEqual([expect.objectContaining({ partyId: parties.author, model: 'credit-approval', version: versions.base.version, currency: 'EUR' })]);
      expect(earnings.body.series[0]).toEqual(expect.objectContaining({ period: today, amount: earnings.body.models[0].amount }));
      // A date that is not a day of the calendar is refused, not read as another day or failed in the database.
      for (const [from, to] of [['2026-02-30', '2026-03-05'], ['2026-02-01', '2025-02-29'], ['2026-04-31', '2026-05-01']]) {
        const bad = await t.http.get(`/v1/revenue/earnings?from=${from}&to=${to}`).set(bearer(author));
        expect(bad.status).toBe(400);
        expect(bad.body.error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/must be a day of the calendar/) }));
      }
      const admins = await t.http.get(`/v1/revenue/statements?partyId=${parties.tuner}`).set(admin());
      expect(admins.body.every((s: { partyId: string }) => s.partyId === parties.tuner)).toBe(true);
    });

    it('shows tenants their own invoices and regulators the market with its concentration', async () => {
      const invoices = await t.http.get('/v1/revenue/invoices').set(bearer(tenant.key));
      expect(invoices.body).toEqual([expect.objectContaining({ tenantId: tenant.id, calls: 5 })]);
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const market = await t.http.get(`/v1/revenue/market?from=${today}&to=${tomorrow}&currency=EUR`).set(bearer(await t.key('regulator')));
      expect(market.status).toBe(200);
      const [eur] = market.body.markets;
      expect(eur.models).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'credit-approval' })]));
      expect(eur.hhi.providers.byRevenue).toBeGreaterThan(0);
      expect((await t.http.get(`/v1/revenue/market?from=${today}&to=${tomorrow}`).set(bearer(await t.key('licensor', { partyId: parties.author })))).status).toBe(403);
    });
  });
});
