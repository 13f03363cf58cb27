import { createPublicKey } from 'node:crypto';
import pg from 'pg';
import { AuditService, SYSTEM_ACTOR } from '../../src/audit/audit.service.js';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints.service.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { CompactRange } from '../../src/audit/compact-range.js';
import { Db } from '../../src/database/db.js';
import { sealEvent } from '../../src/audit/event-hash.js';
import { verifyExportLines } from '../../src/audit/export-verify.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { checkpointProblem } from '../../src/audit/checkpoint.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

/** Tampering is done the way an operator with database access would: as a superuser, triggers off. */
async function asSuperuser(sql: string[], params: unknown[][] = []): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await client.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
    for (let i = 0; i < sql.length; i++) await client.query(sql[i], params[i] ?? []);
    await client.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

describe('audit log', () => {
  let t: TestApp;
  let audit: AuditService;
  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  async function chainWith(n: number): Promise<{ tenantId: string; chain: string; key: string }> {
    const tenant = await t.tenant();
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        audit.record(SYSTEM_ACTOR, { tenantId: tenant.id, action: 'test.event', resource: { type: 'thing', id: `t${i}` }, decision: 'allow', details: { i } }),
      ),
    );
    return { tenantId: tenant.id, chain: `tenant:${tenant.id}`, key: tenant.key };
  }

  const verify = async (chain: string) => (await t.http.get(`/v1/audit/verify?chain=${chain}`).set(bearer(t.adminKey))).body;

  it('group-commits concurrent appends into gap-free chains that verify', async () => {
    const { chain } = await chainWith(50);
    expect(await verify(chain)).toEqual({ ok: true, checked: 50, chains: 1 });
    const page = await t.http.get(`/v1/audit/events?chain=${chain}&limit=20`).set(bearer(t.adminKey));
    expect(page.body.events.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const next = await t.http.get(`/v1/audit/events?chain=${chain}&limit=100&cursor=${page.body.nextCursor}`).set(bearer(t.adminKey));
    expect(next.body.events).toHaveLength(30);
    expect(next.body.nextCursor).toBeNull();
  });

  it('records admin actions on the platform chain', async () => {
    const tenant = await t.tenant();
    const res = await t.http.get(`/v1/audit/events?chain=platform&action=tenant.create&resourceId=${tenant.id}`).set(bearer(t.adminKey));
    expect(res.body.events).toHaveLength(1);
    expect(res.body.events[0]).toEqual(expect.objectContaining({ action: 'tenant.create', tenantId: null, resource: { type: 'tenant', id: tenant.id } }));
  });

  it('rejects UPDATE, DELETE and TRUNCATE in the database, even for a superuser', async () => {
    const { chain } = await chainWith(1);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await expect(client.query(`UPDATE audit_events SET reason = 'x' WHERE chain_id = $1`, [chain])).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_events WHERE chain_id = $1`, [chain])).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE audit_events CASCADE`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_checkpoints`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it.each([
    ['a changed field', (c: string) => [`UPDATE audit_events SET details = '{"i": 999}' WHERE chain_id = '${c}' AND seq = 5`], 5, /hash mismatch/],
    ['a changed actor', (c: string) => [`UPDATE audit_events SET actor_id = 'someone-else' WHERE chain_id = '${c}' AND seq = 2`], 2, /hash mismatch/],
    ['a deleted event', (c: string) => [`DELETE FROM audit_events WHERE chain_id = '${c}' AND seq = 7`], 7, /missing/],
    ['a deleted last event', (c: string) => [`DELETE FROM audit_events WHERE chain_id = '${c}' AND seq = 10`], 10, /missing/],
    [
      'two events swapped',
      (c: string) => [
        `UPDATE audit_events SET seq = 1000003 WHERE chain_id = '${c}' AND seq = 3`,
        `UPDATE audit_events SET seq = 3 WHERE chain_id = '${c}' AND seq = 4`,
        `UPDATE audit_events SET seq = 4 WHERE chain_id = '${c}' AND seq = 1000003`,
      ],
      3,
      /hash mismatch|prevHash/,
    ],
  ])('detects %s at exactly the right seq', async (_, tamper, seq, reason) => {
    const { chain } = await chainWith(10);
    expect((await verify(chain)).ok).toBe(true);
    await asSuperuser(tamper(chain));
    const result = await verify(chain);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toEqual({ chain, seq, reason: expect.stringMatching(reason) });
  });

  it('detects a forked history rewritten consistently after a signed checkpoint', async () => {
    const { chain, tenantId } = await chainWith(8);
    await t.app.get(AuditCheckpoints).create(true);
    // Rewrite seqs 6..8 with different, correctly chained events, and move the head to match.
    const rows = (await t.http.get(`/v1/audit/events?chain=${chain}&limit=5`).set(bearer(t.adminKey))).body.events;
    let prev = rows[4].hash as string;
    const statements: string[] = [];
    const params: unknown[][] = [];
    for (let seq = 6; seq <= 8; seq++) {
      const forged = sealEvent({ chainId: chain, seq, time: new Date().toISOString(), actor: SYSTEM_ACTOR, tenantId, action: 'test.event', resource: null, decision: 'allow', reason: null, details: { forged: seq } }, prev);
      statements.push(`UPDATE audit_events SET details = $1, resource_type = NULL, resource_id = NULL, time = $2, prev_hash = decode($3, 'hex'), hash = decode($4, 'hex') WHERE chain_id = '${chain}' AND seq = ${seq}`);
      params.push([JSON.stringify(forged.details), forged.time, forged.prevHash, forged.hash]);
      prev = forged.hash;
    }
    statements.push(`UPDATE audit_chains SET head_hash = decode('${prev}', 'hex') WHERE chain_id = '${chain}'`);
    await asSuperuser(statements, params);
    const result = await verify(chain);
    expect(result.firstBad).toEqual({ chain, seq: 8, reason: expect.stringMatching(/signed checkpoint/) });
  });

  it('serves inclusion and consistency proofs that check out against the signed root', async () => {
    const { chain } = await chainWith(13);
    const checkpoint = (await t.http.post('/v1/audit/checkpoints').set(bearer(t.adminKey))).body;
    const entry = checkpoint.body.chains.find((c: { chainId: string }) => c.chainId === chain);
    expect(entry.treeSize).toBe(13);
    const publicKey = createPublicKey((await t.http.get('/v1/audit/public-key')).body.publicKeyPem);
    expect(checkpointProblem(checkpoint, [publicKey])).toBeNull();

    for (const seq of [1, 7, 13]) {
      const proof = (await t.http.get(`/v1/audit/proofs/inclusion?chain=${chain}&seq=${seq}&treeSize=13`).set(bearer(t.adminKey))).body;
      expect(proof.rootHash).toBe(entry.rootHash);
      const ok = verifyInclusion(Buffer.from(proof.leafHash, 'hex'), seq - 1, 13, proof.proof.map((h: string) => Buffer.from(h, 'hex')), Buffer.from(entry.rootHash, 'hex'));
      expect(ok).toBe(true);
    }
    const c = (await t.http.get(`/v1/audit/proofs/consistency?chain=${chain}&from=5&to=13`).set(bearer(t.adminKey))).body;
    expect(verifyConsistency(5, 13, c.proof.map((h: string) => Buffer.from(h, 'hex')), Buffer.from(c.fromRoot, 'hex'), Buffer.from(entry.rootHash, 'hex'))).toBe(true);
    const bad = await t.http.get(`/v1/audit/proofs/inclusion?chain=${chain}&seq=14&treeSize=14`).set(bearer(t.adminKey));
    expect(bad.status).toBe(400);
  });

  it('answers every governed append with a receipt whose leaf is in the chain', async () => {
    const tenant = await t.tenant();
    const receipt = await audit.record(SYSTEM_ACTOR, { tenantId: tenant.id, action: 'test.receipt', resource: null, details: {} });
    const [event] = (await t.http.get(`/v1/audit/events?chain=${receipt.chain}`).set(bearer(t.adminKey))).body.events;
    expect(receipt).toEqual({ chain: `tenant:${tenant.id}`, seq: 1, leafHash: leafHash(event.hash).toString('hex') });
  });

  it('filters by model name literally: LIKE wildcards in it match nothing else', async () => {
    const tenant = await t.tenant();
    for (const id of ['credit-approval@1.0.0', 'credit-approval@1.1.0', 'support-router@1.0.0']) {
      await audit.record(SYSTEM_ACTOR, { tenantId: tenant.id, action: 'test.model', resource: { type: 'model', id }, decision: 'allow', details: {} });
    }
    const ids = async (model: string) =>
      (await t.http.get(`/v1/audit/events?chain=tenant:${tenant.id}&model=${encodeURIComponent(model)}`).set(bearer(t.adminKey))).body.events.map((e: { resource: { id: string } }) => e.resource.id);
    expect(await ids('credit-approval')).toEqual(['credit-approval@1.0.0', 'credit-approval@1.1.0']);
    for (const wild of ['credit_approval', '%', 'c%', 'credit-approval@1.%']) expect(await ids(wild)).toEqual([]);
  });

  it('exports a chain as JSONL that verifies offline, and fails at the altered event', async () => {
    const { chain, tenantId } = await chainWith(9);
    await t.http.post('/v1/audit/checkpoints').set(bearer(t.adminKey));
    for (const i of [9, 10, 11]) await audit.record(SYSTEM_ACTOR, { tenantId, action: 'test.event', resource: { type: 'thing', id: `t${i}` }, decision: 'allow', details: { i } });
    await t.http.post('/v1/audit/checkpoints').set(bearer(t.adminKey));
    const publicKey = createPublicKey((await t.http.get('/v1/audit/public-key')).body.publicKeyPem);
    const full = await t.http.get(`/v1/audit/export?chain=${chain}`).set(bearer(t.adminKey));
    expect(full.headers['content-type']).toContain('application/x-ndjson');
    const lines = full.text.trim().split('\n');
    const result = await verifyExportLines(lines, { publicKeys: [publicKey] });
    expect(result).toEqual(expect.objectContaining({ ok: true, events: 12 }));
    expect(result.rootsChecked).toBeGreaterThan(0);

    const ranged = await t.http.get(`/v1/audit/export?chain=${chain}&fromSeq=5&toSeq=12`).set(bearer(t.adminKey));
    expect((await verifyExportLines(ranged.text.trim().split('\n'), { publicKeys: [publicKey] })).ok).toBe(true);
    // A range that stops before the newest checkpoint's size (12) leaves that one out, and verifies with the one at 9.
    const shorter = await t.http.get(`/v1/audit/export?chain=${chain}&fromSeq=2&toSeq=9`).set(bearer(t.adminKey));
    expect(await verifyExportLines(shorter.text.trim().split('\n'), { publicKeys: [publicKey] })).toEqual(expect.objectContaining({ ok: true, events: 8 }));

    const tampered = lines.map((l) => (l.includes('"seq":6,') ? l.replace('"i":', '"i":1') : l));
    const bad = await verifyExportLines(tampered, { publicKeys: [publicKey] });
    expect(bad.ok).toBe(false);
    expect(bad.firstBad).toEqual(expect.objectContaining({ chain, seq: 6 }));

    const csv = await t.http.get(`/v1/audit/export?format=csv&chain=${chain}`).set(bearer(t.adminKey));
    expect(csv.text.trim().split('\n')).toHaveLength(13);
  });

  it('reports signed events removed from the end of a chain, in verification and in the export', async () => {
    const { chain } = await chainWith(5);
    await t.app.get(AuditCheckpoints).create(true);
    const hashes = (await t.http.get(`/v1/audit/events?chain=${chain}&limit=3`).set(bearer(t.adminKey))).body.events.map((e: { hash: string }) => e.hash as string);
    const range = new CompactRange();
    hashes.forEach((h: string) => range.pushEventHash(h));
    await asSuperuser(
      [`DELETE FROM audit_events WHERE chain_id = $1 AND seq > 3`, `UPDATE audit_chains SET size = 3, head_hash = decode($2, 'hex'), frontier = $3 WHERE chain_id = $1`],
      [[chain], [chain, hashes[2], JSON.stringify(range.frontier().map((f) => f.toString('hex')))]],
    );
    expect((await verify(chain)).firstBad).toEqual({ chain, seq: 4, reason: expect.stringMatching(/signs 5 events, but the chain holds 3: seqs 4\.\.5 are missing/) });
    const publicKey = createPublicKey((await t.http.get('/v1/audit/public-key')).body.publicKeyPem);
    const exported = await t.http.get(`/v1/audit/export?chain=${chain}`).set(bearer(t.adminKey));
    expect((await verifyExportLines(exported.text.trim().split('\n'), { publicKeys: [publicKey] })).firstBad).toEqual(
      expect.objectContaining({ chain, seq: 4, reason: expect.stringMatching(/seqs 4\.\.5 are missing/) }),
    );
  });

  it('reports events stored beyond the chain head', async () => {
    const { chain } = await chainWith(3);
    await asSuperuser([
      `INSERT INTO audit_events (chain_id, seq, time, actor_id, actor_role, tenant_id, action, resource_type, resource_id, decision, reason, details, prev_hash, hash)
       SELECT chain_id, 100001, time, actor_id, actor_role, tenant_id, 'probe.x', resource_type, resource_id, decision, reason, details, prev_hash, hash FROM audit_events WHERE chain_id = '${chain}' AND seq = 3`,
    ]);
    expect((await verify(chain)).firstBad).toEqual({ chain, seq: 4, reason: "events up to seq 100001 are stored beyond the chain's head of 3 events" });
  });

  it('reports a checkpoint altered in the database, and orders checkpoints by the instant they sign', async () => {
    const { chain } = await chainWith(2);
    const checkpoints = t.app.get(AuditCheckpoints);
    const made = (await checkpoints.create(true))!;
    const [oldest] = await t.app.get(Db).platform(() => t.app.get(AuditRepository).checkpoints(null, null, 1, false));
    try {
      await asSuperuser([`UPDATE audit_checkpoints SET signature = 'AAAA' || substr(signature, 5) WHERE id = $1`], [[made.id]]);
      expect((await verify(chain)).firstBad).toEqual({ chain, seq: 2, reason: `checkpoint ${made.id} does not verify: checkpoint signature does not verify` });
      await asSuperuser([`UPDATE audit_checkpoints SET signature = $2 WHERE id = $1`, `UPDATE audit_checkpoints SET issued_at = '2099-01-01' WHERE id = $1`], [[made.id, made.signature], [oldest.id]]);
      expect(await verify(chain)).toEqual({ ok: true, checked: 2, chains: 1 });
      // The unsigned column moved the oldest checkpoint to 2099; the latest is still the one signed last.
      expect((await t.http.get('/v1/audit/checkpoints/latest').set(bearer(t.adminKey))).body.id).toBe(made.id);
    } finally {
      await asSuperuser([`UPDATE audit_checkpoints SET signature = $2 WHERE id = $1`, `UPDATE audit_checkpoints SET issued_at = (body->>'issuedAt')::timestamptz WHERE id = $1`], [[made.id, made.signature], [oldest.id]]);
    }
  });

  it('exports the newest checkpoints that keep the rule, however many newer ones sign past the range', async () => {
    const { chain, tenantId } = await chainWith(4);
    const checkpoints = t.app.get(AuditCheckpoints);
    const atFour = (await checkpoints.create(true))!;
    await audit.record(SYSTEM_ACTOR, { tenantId, action: 'test.event', resource: { type: 'thing', id: 't4' }, decision: 'allow', details: {} });
    await checkpoints.create(true);
    await checkpoints.create(true);
    const repo = t.app.get(AuditRepository);
    const carried = await t.app.get(Db).platform(() => repo.exportCheckpoints(chain, 4, 1));
    expect(carried.map((c) => c.id)).toEqual([atFour.id]);
    expect(await t.app.get(Db).platform(() => repo.exportCheckpoints(chain, 3, 1))).toEqual([]);
    expect((await t.http.get('/v1/audit/export?chain=tenant:00000000-0000-4000-8000-000000000000').set(bearer(t.adminKey))).status).toBe(404);
  });

  it('keeps an event\'s resource whole in the table', async () => {
    const { chain } = await chainWith(1);
    await expect(asSuperuser([`UPDATE audit_events SET resource_type = NULL WHERE chain_id = '${chain}' AND seq = 1`])).rejects.toThrow(/audit_events_resource_whole/);
  });

  it("keeps tenants to their own chain and signed statement", async () => {
    const own = await chainWith(3);
    const other = await chainWith(2);
    await t.http.post('/v1/audit/checkpoints').set(bearer(t.adminKey));
    expect((await t.http.get('/v1/audit/verify').set(bearer(own.key))).body).toEqual({ ok: true, checked: 3, chains: 1 });
    expect((await t.http.get(`/v1/audit/verify?chain=${other.chain}`).set(bearer(own.key))).status).toBe(404);
    expect((await t.http.get(`/v1/audit/events?chain=${other.chain}`).set(bearer(own.key))).status).toBe(404);
    const events = (await t.http.get('/v1/audit/events').set(bearer(own.key))).body.events;
    expect(new Set(events.map((e: { chainId: string }) => e.chainId))).toEqual(new Set([own.chain]));
    const latest = (await t.http.get('/v1/audit/checkpoints/latest').set(bearer(own.key))).body;
    expect(latest.body.chains).toEqual([expect.objectContaining({ chainId: own.chain, treeSize: 3 })]);
    const publicKey = createPublicKey((await t.http.get('/v1/audit/public-key')).body.publicKeyPem);
    expect(checkpointProblem(latest, [publicKey])).toBeNull();
    expect((await t.http.post('/v1/audit/checkpoints').set(bearer(own.key))).status).toBe(403);
  });
});

describe('two instances appending to the same chains at once', () => {
  it('leave every chain single, gap-free and valid', async () => {
    const [one, two] = await Promise.all([startTestApp(), startTestApp()]);
    try {
      const tenants = await Promise.all([one.tenant(), one.tenant(), one.tenant()]);
      const appends = [one, two].flatMap((instance) =>
        Array.from({ length: 120 }, (_, i) =>
          instance.app.get(AuditService).record(SYSTEM_ACTOR, { tenantId: tenants[i % 3].id, action: 'test.concurrent', resource: null, details: { i } }),
        ),
      );
      const receipts = await Promise.all(appends);
      for (const tenant of tenants) {
        const seqs = receipts.filter((r) => r.chain === `tenant:${tenant.id}`).map((r) => r.seq).sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      }
      for (const tenant of tenants) {
        const result = (await one.http.get(`/v1/audit/verify?chain=tenant:${tenant.id}`).set(bearer(one.adminKey))).body;
        expect(result).toEqual({ ok: true, checked: 80, chains: 1 });
      }
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('append from the heads they wrote last, and from fresh ones under lock when the other moved them', async () => {
    const [one, two] = await Promise.all([startTestApp(), startTestApp()]);
    try {
      const tenant = await one.tenant();
      const repos = [one, two].map((instance) => instance.app.get(AuditRepository));
      const outcomes: string[] = [];
      for (const repo of repos) {
        const appendFrom = repo.appendFrom.bind(repo);
        repo.appendFrom = (...args) =>
          appendFrom(...args).then(
            () => void outcomes.push('appended'),
            (error: unknown) => {
              outcomes.push((error as Error).name);
              throw error;
            },
          );
      }
      const record = (instance: TestApp, i: number) =>
        instance.app.get(AuditService).record(SYSTEM_ACTOR, { tenantId: tenant.id, action: 'test.alternate', resource: null, details: { i } });
      const receipts = [];
      // Runs of appends from one instance, then the other, then both at once.
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 3; i++) receipts.push(await record(round % 2 ? two : one, round * 10 + i));
        receipts.push(...(await Promise.all([record(one, round * 10 + 5), record(two, round * 10 + 6)])));
      }
      expect(receipts.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(outcomes).toContain('appended');
      expect(outcomes).toContain('StaleHeads');
      const result = (await one.http.get(`/v1/audit/verify?chain=tenant:${tenant.id}`).set(bearer(one.adminKey))).body;
      expect(result).toEqual({ ok: true, checked: 30, chains: 1 });
    } finally {
      await one.close();
      await two.close();
    }
  });
});
