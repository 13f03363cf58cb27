import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants and API keys, the least-privilege application role, and the row-level security
 * helpers every tenant-owned table uses: `warden_tenant()` is the tenant of the current
 * transaction, `warden_platform()` is true for operator-level scopes.
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_app') THEN
          CREATE ROLE warden_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO warden_app`);

    await q.query(`
      CREATE FUNCTION warden_tenant() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$`);
    await q.query(`
      CREATE FUNCTION warden_platform() RETURNS boolean LANGUAGE sql STABLE AS
      $$ SELECT coalesce(current_setting('app.scope', true), '') = 'platform' $$`);

    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX tenants_name_key ON tenants (lower(name))`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role text NOT NULL CHECK (role IN ('tenant', 'admin', 'regulator', 'licensor')),
        tenant_id uuid REFERENCES tenants (id),
        party_id uuid,
        name text,
        scopes text[] NOT NULL DEFAULT '{}',
        prefix text NOT NULL,
        hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        CHECK ((role = 'tenant') = (tenant_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id)`);

    for (const [table, column] of [['tenants', 'id'], ['api_keys', 'tenant_id']]) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY tenant_isolation ON ${table}
        USING (warden_platform() OR ${column} = warden_tenant())
        WITH CHECK (warden_platform() OR ${column} = warden_tenant())`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE ON tenants, api_keys TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE tenants`);
    await q.query(`DROP FUNCTION warden_platform()`);
    await q.query(`DROP FUNCTION warden_tenant()`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM warden_app`);
  }
}
