import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one hash chain per tenant plus the platform chain. Events and checkpoints are
 * append-only in the database itself: triggers reject UPDATE, DELETE and TRUNCATE for every role,
 * and the application role is granted only SELECT and INSERT on them. `audit_chains` holds each
 * chain's head (size, last hash, Merkle frontier) — derived state that serialises appends per chain.
 */
export class AuditLog1763800001000 implements MigrationInterface {
  name = 'AuditLog1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_chains (
        chain_id text PRIMARY KEY CHECK (chain_id = 'platform' OR chain_id ~ '^tenant:[0-9a-f-]{36}$'),
        tenant_id uuid REFERENCES tenants (id),
        size bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
        head_hash bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex'),
        frontier jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((chain_id = 'platform') = (tenant_id IS NULL))
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        chain_id text NOT NULL REFERENCES audit_chains (chain_id),
        seq bigint NOT NULL CHECK (seq >= 1),
        time timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        tenant_id uuid,
        action text NOT NULL,
        resource_type text,
        resource_id text,
        decision text NOT NULL CHECK (decision IN ('allow', 'deny', 'none')),
        reason text,
        details jsonb NOT NULL,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (chain_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_events_time_idx ON audit_events (time)`);
    await q.query(`CREATE INDEX audit_events_tenant_time_idx ON audit_events (tenant_id, time)`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, time)`);
    await q.query(`CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id)`);

    await q.query(`
      CREATE TABLE audit_checkpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issued_at timestamptz NOT NULL,
        key_id text NOT NULL,
        body jsonb NOT NULL,
        signature text NOT NULL,
        -- The same statement per chain (a body listing only that chain), signed on its own, so a
        -- tenant can check its chain against a checkpoint without seeing any other chain.
        chain_signatures jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_checkpoints_issued_idx ON audit_checkpoints (issued_at)`);

    await q.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    }

    // Secrets shared by every instance (the checkpoint signing key when none is configured, …).
    await q.query(`
      CREATE TABLE platform_secrets (
        name text PRIMARY KEY,
        material bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    for (const table of ['audit_chains', 'audit_events']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY tenant_isolation ON ${table}
        USING (warden_platform() OR tenant_id = warden_tenant())
        WITH CHECK (warden_platform() OR tenant_id = warden_tenant())`);
    }
    for (const table of ['audit_checkpoints', 'platform_secrets']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY platform_only ON ${table} USING (warden_platform()) WITH CHECK (warden_platform())`);
    }
    await q.query(`GRANT SELECT, INSERT ON audit_events, audit_checkpoints, platform_secrets TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON audit_chains TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform_secrets`);
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP TABLE audit_chains`);
    await q.query(`DROP FUNCTION audit_append_only()`);
  }
}
