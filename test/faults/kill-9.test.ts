import { randomBytes } from 'node:crypto';
import { Client, creditCall, drive, tally, tenantWithConsent, type TenantSetup } from './support/client.js';
import { Ledger } from './support/ledger.js';
import { WardenProcess } from './support/processes.js';

/**
 * SIGKILL gives a process no chance to finish anything: calls in flight are cut, the audit batch
 * being committed dies with its connection. What must hold is that Postgres has every call that was
 * answered, in full, and no call in part.
 */
describe('kill -9 of an instance under load', () => {
  const adminKey = `faults_${randomBytes(16).toString('hex')}`;
  const databaseUrl = process.env.DATABASE_URL!;
  let victim: WardenProcess | undefined;
  let survivor: WardenProcess | undefined;
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await Ledger.open(databaseUrl);
    victim = await WardenProcess.start({ databaseUrl, adminKey, env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  });
  afterAll(async () => {
    await victim?.stop();
    await survivor?.stop();
    await ledger?.close();
  });

  it('loses no answered call and leaves no half-written one; the chains verify and go on after a restart', async () => {
    const admin = new Client(victim!.url, adminKey);
    // Several tenants, so that the default per-minute quota (600 calls per tenant and model) never bites.
    const tenants: TenantSetup[] = [];
    for (let i = 0; i < 4; i++) tenants.push(await tenantWithConsent(admin, 4, 'kill9'));

    let killed = false;
    const sent = await drive(
      tenants.map((tenant) => ({ base: victim!.url, tenant })),
      16,
      (so) => {
        if (!killed && so.filter((s) => s.status === 200).length >= 400) {
          victim!.kill('SIGKILL');
          killed = true;
        }
        return killed;
      },
    );
    await victim!.exited;
    expect(victim!.exitStatus).toEqual({ code: null, signal: 'SIGKILL' });

    const answered = sent.filter((s) => s.status !== 0);
    const cut = sent.filter((s) => s.status === 0);
    // Answers before the kill are all successes; calls in flight at the kill got no answer at all.
    expect(tally(answered)).toEqual({ '200': answered.length });
    expect(cut.length).toBeGreaterThan(0);

    const tenantIds = tenants.map((t) => t.id);
    const chains = [...tenantIds.map((id) => `tenant:${id}`), 'platform'];
    expect(await ledger.answeredProblems(answered)).toEqual([]);
    expect(await ledger.halfWritten(tenantIds)).toEqual([]);
    expect(await ledger.chainProblems(chains)).toEqual([]);

    // A new instance on the same database verifies every chain and appends where the dead one stopped.
    survivor = await WardenProcess.start({ databaseUrl, adminKey });
    const again = admin.at(survivor.url);
    for (const chain of chains) {
      const verified = await again.get(`/v1/audit/verify?chain=${encodeURIComponent(chain)}`);
      expect({ chain, status: verified.status, ok: verified.body.ok, firstBad: verified.body.firstBad }).toEqual({ chain, status: 200, ok: true, firstBad: undefined });
    }
    for (const tenant of tenants) {
      const [{ size }] = await ledger.query<{ size: string }>(`SELECT size FROM audit_chains WHERE chain_id = $1`, [`tenant:${tenant.id}`]);
      const res = await again.as(tenant.key).post('/v1/models/credit-approval/infer', creditCall(tenant.subjects[0]));
      expect(res.status).toBe(200);
      expect(res.body.audit).toEqual(expect.objectContaining({ chain: `tenant:${tenant.id}`, seq: Number(size) + 1 }));
    }
    expect(await ledger.halfWritten(tenantIds)).toEqual([]);
    expect(await ledger.chainProblems(chains)).toEqual([]);
  });
});
