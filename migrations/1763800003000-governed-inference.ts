import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage policies (every version kept), the record of each governed call, and the human-review
 * queue. Tenants also get the secret their subjects' pseudonyms are keyed with.
 */
export class GovernedInference1763800003000 implements MigrationInterface {
  name = 'GovernedInference1763800003000';

  async up(q: QueryRunner): Promise<void> {
    // 32 bytes from two v4 UUIDs (pg_strong_random underneath): 244 random bits per tenant.
    await q.query(`
      ALTER TABLE tenants ADD COLUMN pseudonym_key bytea NOT NULL
        DEFAULT decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')`);

    await q.query(`
      CREATE TABLE policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version integer NOT NULL UNIQUE CHECK (version >= 1),
        name text NOT NULL,
        source text NOT NULL,
        document jsonb NOT NULL,
        content_hash text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'active', 'superseded')),
        based_on integer,
        author text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        activated_by text,
        activation_reason text
      )`);
    await q.query(`CREATE UNIQUE INDEX policies_one_active ON policies ((true)) WHERE status = 'active'`);
    await q.query(`GRANT SELECT, INSERT ON policies TO warden_app`);
    await q.query(`GRANT UPDATE (status, activated_at, activated_by, activation_reason) ON policies TO warden_app`);

    await q.query(`
      CREATE TABLE inference_records (
        request_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        model text NOT NULL,
        version text NOT NULL,
        purpose text NOT NULL,
        subject text,
        decision text NOT NULL CHECK (decision IN ('allow', 'deny')),
        stage text NOT NULL,
        reason text,
        policy_version text,
        rows integer NOT NULL,
        context jsonb NOT NULL,
        outputs jsonb,
        latency_ms real NOT NULL,
        audit_chain text NOT NULL,
        audit_seq bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX inference_records_tenant_time_idx ON inference_records (tenant_id, created_at)`);
    await q.query(`CREATE INDEX inference_records_time_idx ON inference_records (created_at)`);
    await q.query(`CREATE INDEX inference_records_subject_idx ON inference_records (tenant_id, subject)`);

    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        request_id uuid NOT NULL,
        model text NOT NULL,
        version text NOT NULL,
        rules text[] NOT NULL,
        outputs jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'overridden')),
        decision jsonb,
        reason text,
        reviewer text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query(`CREATE INDEX reviews_tenant_status_idx ON reviews (tenant_id, status, created_at)`);

    for (const table of ['inference_records', 'reviews']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY tenant_isolation ON ${table}
        USING (warden_platform() OR tenant_id = warden_tenant())
        WITH CHECK (warden_platform() OR tenant_id = warden_tenant())`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON inference_records TO warden_app`);
    await q.query(`GRANT SELECT, INSERT ON reviews TO warden_app`);
    await q.query(`GRANT UPDATE (status, decision, reason, reviewer, decided_at) ON reviews TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reviews`);
    await q.query(`DROP TABLE inference_records`);
    await q.query(`DROP TABLE policies`);
    await q.query(`ALTER TABLE tenants DROP COLUMN pseudonym_key`);
  }
}
