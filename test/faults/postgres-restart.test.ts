import { randomBytes } from 'node:crypto';
import { Client, drive, envelopeProblem, tally, tenantWithConsent, type Sent, type TenantSetup } from './support/client.js';
import { Ledger } from './support/ledger.js';
import { PrivatePostgres, WardenProcess, sleep, until } from './support/processes.js';

/**
 * Postgres goes away under load and comes back. While it is gone Warden answers 503 DB_UNAVAILABLE
 * (and never anything else that is not a success); once it is back the same process serves again,
 * and what it stored is whole. The Postgres is a private one, so the machine's own is left alone.
 */
describe('Postgres restart under load', () => {
  const adminKey = `faults_${randomBytes(16).toString('hex')}`;
  let pg: PrivatePostgres;
  let warden: WardenProcess | undefined;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    warden = await WardenProcess.start({ databaseUrl: pg.url, adminKey });
  });
  afterAll(async () => {
    await warden?.stop();
    await pg?.destroy();
  });

  it('answers 503 DB_UNAVAILABLE while the database is down and recovers without a restart', async () => {
    const admin = new Client(warden!.url, adminKey);
    const tenants: TenantSetup[] = [await tenantWithConsent(admin, 4, 'pg-restart'), await tenantWithConsent(admin, 4, 'pg-restart')];
    const pid = warden!.pid;

    let stop = false;
    const successes = () => load.filter((s) => s.status === 200).length;
    const load: Sent[] = [];
    const running = drive(
      tenants.map((tenant) => ({ base: warden!.url, tenant })),
      4,
      (so) => {
        load.splice(0, load.length, ...so);
        return stop;
      },
    );

    await until('calls to succeed before the outage', () => successes() >= 100, 60_000);
    await pg.stop();
    const refused = await until(
      'a call to be refused with 503',
      async () => {
        const res = await admin.as(tenants[0].key).post('/v1/models/credit-approval/infer', { purpose: 'credit-scoring', subject: { id: tenants[0].subjects[0] }, inputs: {} });
        return res.status === 503 ? res : null;
      },
      15_000,
    );
    expect(refused.body.error.code).toBe('DB_UNAVAILABLE');
    expect(envelopeProblem(refused.body)).toBeNull();
    const ready = await admin.get('/health/ready');
    expect({ status: ready.status, code: ready.body.error?.code }).toEqual({ status: 503, code: 'DB_UNAVAILABLE' });
    const listing = await admin.get('/v1/admin/tenants');
    expect({ status: listing.status, code: listing.body.error?.code }).toEqual({ status: 503, code: 'DB_UNAVAILABLE' });
    await sleep(2000);

    const beforeRestart = successes();
    await pg.start();
    await until('calls to succeed again after the restart', () => successes() >= beforeRestart + 100, 60_000);
    stop = true;
    const sent = await running;

    // The same process served throughout: it was never restarted.
    expect(warden!.alive).toBe(true);
    expect(warden!.pid).toBe(pid);
    expect((await admin.get('/health/ready')).status).toBe(200);

    // Successes and 503 DB_UNAVAILABLE in the envelope, nothing else.
    const internal = warden!.log().split('\n').filter((line) => line.includes('"code":"INTERNAL"'));
    expect({ answers: Object.keys(tally(sent)).sort(), internal }).toEqual({ answers: ['200', '503 DB_UNAVAILABLE'], internal: [] });
    expect(sent.filter((s) => s.status === 503 && s.envelope !== null)).toEqual([]);

    const ledger = await Ledger.open(pg.url);
    try {
      const tenantIds = tenants.map((t) => t.id);
      const chains = [...tenantIds.map((id) => `tenant:${id}`), 'platform'];
      expect(await ledger.answeredProblems(sent)).toEqual([]);
      expect(await ledger.halfWritten(tenantIds)).toEqual([]);
      expect(await ledger.chainProblems(chains)).toEqual([]);
      for (const chain of chains) {
        const verified = await admin.get(`/v1/audit/verify?chain=${encodeURIComponent(chain)}`);
        expect({ chain, ok: verified.body.ok }).toEqual({ chain, ok: true });
      }
    } finally {
      await ledger.close();
    }
    expect(warden!.log()).not.toMatch(/Unhandled|uncaught/i);
  });
});
