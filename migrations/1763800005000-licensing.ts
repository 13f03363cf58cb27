import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Licences and revenue attribution. Terms (parties, licences, what each model version is
 * licensed under, its revenue shares, lineage and prices) are platform configuration. Charges and
 * their allocations are written in the same transaction as the inference's audit event; daily
 * rollups are kept by statement-level triggers in that same transaction, so every batch of
 * charges lands in the rollups at once and a statement never scans charges. Closed settlements,
 * their statements and invoices, and settled charges never change.
 */
export class Licensing1763800005000 implements MigrationInterface {
  name = 'Licensing1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE parties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('author', 'data-provider', 'model-owner', 'platform', 'other')),
        contact text CHECK (contact IS NULL OR length(contact) BETWEEN 1 AND 320),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX parties_name_key ON parties (lower(name))`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_party_id_fkey FOREIGN KEY (party_id) REFERENCES parties (id)`);
    await q.query(`CREATE INDEX api_keys_party_idx ON api_keys (party_id) WHERE party_id IS NOT NULL`);

    // A licence never changes once created: new terms are a new licence attached in its place.
    await q.query(`
      CREATE TABLE licenses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        spdx_id text,
        commercial_use boolean NOT NULL,
        allowed_purposes text[],
        forbidden_purposes text[] NOT NULL DEFAULT '{}',
        territories text[],
        attribution text,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX licenses_name_key ON licenses (lower(name))`);

    await q.query(`
      CREATE TABLE model_version_licenses (
        version_id uuid PRIMARY KEY REFERENCES model_versions (id),
        license_id uuid NOT NULL REFERENCES licenses (id),
        attached_at timestamptz NOT NULL DEFAULT now(),
        attached_by text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE revenue_shares (
        version_id uuid NOT NULL REFERENCES model_versions (id),
        party_id uuid NOT NULL REFERENCES parties (id),
        basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
        set_at timestamptz NOT NULL DEFAULT now(),
        set_by text NOT NULL,
        PRIMARY KEY (version_id, party_id)
      )`);
    // Checked at commit, so a table can be replaced row by row inside one transaction.
    await q.query(`
      CREATE FUNCTION revenue_shares_sum() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.version_id ELSE NEW.version_id END;
        total bigint;
      BEGIN
        SELECT coalesce(sum(basis_points), 0) INTO total FROM revenue_shares WHERE version_id = target;
        IF total NOT IN (0, 10000) THEN
          RAISE EXCEPTION 'revenue shares of model version % sum to % bp, not 10000', target, total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER revenue_shares_sum AFTER INSERT OR UPDATE OR DELETE ON revenue_shares
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION revenue_shares_sum()`);

    await q.query(`
      CREATE TABLE model_lineage (
        version_id uuid NOT NULL REFERENCES model_versions (id),
        parent_version_id uuid NOT NULL REFERENCES model_versions (id),
        kind text NOT NULL CHECK (kind IN ('fine-tune', 'distillation', 'ensemble', 'merge', 'quantization', 'other')),
        basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
        set_at timestamptz NOT NULL DEFAULT now(),
        set_by text NOT NULL,
        PRIMARY KEY (version_id, parent_version_id),
        CHECK (version_id <> parent_version_id)
      )`);
    await q.query(`CREATE INDEX model_lineage_parent_idx ON model_lineage (parent_version_id)`);

    await q.query(`
      CREATE TABLE price_lists (
        version_id uuid PRIMARY KEY REFERENCES model_versions (id),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        tiers jsonb NOT NULL CHECK (jsonb_typeof(tiers) = 'array'),
        set_at timestamptz NOT NULL DEFAULT now(),
        set_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE tenant_price_overrides (
        version_id uuid NOT NULL REFERENCES price_lists (version_id),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        tiers jsonb NOT NULL CHECK (jsonb_typeof(tiers) = 'array'),
        set_at timestamptz NOT NULL DEFAULT now(),
        set_by text NOT NULL,
        PRIMARY KEY (version_id, tenant_id)
      )`);
    // A tenant without a row uses models commercially: the safe reading for licences that forbid it.
    await q.query(`
      CREATE TABLE tenant_licensing (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        commercial boolean NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        set_by text NOT NULL
      )`);
    // Bumped with every change to the tables above, so that each instance's cached terms notice it.
    await q.query(`CREATE TABLE licensing_revision (id boolean PRIMARY KEY DEFAULT true CHECK (id), revision bigint NOT NULL)`);
    await q.query(`INSERT INTO licensing_revision (revision) VALUES (0)`);

    await q.query(`
      CREATE TABLE settlements (
        id uuid PRIMARY KEY,
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'closed' CHECK (status = 'closed'),
        charges bigint NOT NULL,
        deferred bigint NOT NULL,
        totals jsonb NOT NULL,
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        closed_at timestamptz NOT NULL DEFAULT now(),
        closed_by text NOT NULL,
        CHECK (period_from < period_to),
        UNIQUE (period_from, period_to),
        EXCLUDE USING gist (tstzrange(period_from, period_to, '[)') WITH &&)
      )`);
    await q.query(`
      CREATE TABLE settlement_statements (
        settlement_id uuid NOT NULL REFERENCES settlements (id),
        party_id uuid NOT NULL REFERENCES parties (id),
        currency text NOT NULL,
        total bigint NOT NULL,
        carried_in bigint NOT NULL,
        document jsonb NOT NULL,
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (settlement_id, party_id, currency)
      )`);
    await q.query(`CREATE INDEX settlement_statements_party_idx ON settlement_statements (party_id)`);
    await q.query(`
      CREATE TABLE settlement_invoices (
        settlement_id uuid NOT NULL REFERENCES settlements (id),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        currency text NOT NULL,
        calls bigint NOT NULL,
        total bigint NOT NULL,
        carried_in bigint NOT NULL,
        document jsonb NOT NULL,
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (settlement_id, tenant_id, currency)
      )`);
    await q.query(`CREATE INDEX settlement_invoices_tenant_idx ON settlement_invoices (tenant_id)`);

    await q.query(`
      CREATE TABLE charges (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        request_id uuid NOT NULL,
        version_id uuid NOT NULL REFERENCES model_versions (id),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount >= 0),
        rows integer NOT NULL CHECK (rows >= 0),
        call_number bigint NOT NULL CHECK (call_number >= 1),
        tier integer NOT NULL CHECK (tier >= 1),
        price_source text NOT NULL CHECK (price_source IN ('default', 'tenant-override')),
        created_at timestamptz NOT NULL,
        audit_chain text NOT NULL,
        audit_seq bigint NOT NULL,
        settlement_id uuid REFERENCES settlements (id) DEFERRABLE INITIALLY DEFERRED,
        UNIQUE (tenant_id, request_id),
        UNIQUE (id, tenant_id, currency, created_at)
      )`);
    await q.query(`CREATE INDEX charges_time_idx ON charges (created_at)`);
    await q.query(`CREATE INDEX charges_unsettled_idx ON charges (created_at) WHERE settlement_id IS NULL`);
    await q.query(`CREATE INDEX charges_settlement_idx ON charges (settlement_id) WHERE settlement_id IS NOT NULL`);

    // Tenant, currency and time repeat the charge's (the foreign key says so), so that sums over a
    // period need no join.
    await q.query(`
      CREATE TABLE revenue_allocations (
        charge_id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        party_id uuid NOT NULL REFERENCES parties (id),
        version_id uuid NOT NULL REFERENCES model_versions (id),
        currency text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (charge_id, party_id, version_id),
        FOREIGN KEY (charge_id, tenant_id, currency, created_at) REFERENCES charges (id, tenant_id, currency, created_at)
      )`);
    await q.query(`CREATE INDEX revenue_allocations_time_idx ON revenue_allocations (created_at)`);
    // A charge commits only with allocations that add up to it (checked at commit, after the
    // batch's allocation statements).
    await q.query(`
      CREATE FUNCTION charge_fully_allocated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        allocated numeric;
      BEGIN
        SELECT coalesce(sum(amount), 0) INTO allocated FROM revenue_allocations WHERE charge_id = NEW.id;
        IF allocated <> NEW.amount THEN
          RAISE EXCEPTION 'charge % of % micro-units has allocations of %', NEW.id, NEW.amount, allocated USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER charges_fully_allocated AFTER INSERT ON charges
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION charge_fully_allocated()`);

    await q.query(`
      CREATE TABLE revenue_party_daily (
        party_id uuid NOT NULL REFERENCES parties (id),
        day date NOT NULL,
        version_id uuid NOT NULL REFERENCES model_versions (id),
        currency text NOT NULL,
        allocations bigint NOT NULL,
        amount bigint NOT NULL,
        PRIMARY KEY (party_id, day, version_id, currency)
      )`);
    await q.query(`
      CREATE TABLE revenue_tenant_daily (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        day date NOT NULL,
        version_id uuid NOT NULL REFERENCES model_versions (id),
        currency text NOT NULL,
        calls bigint NOT NULL,
        amount bigint NOT NULL,
        PRIMARY KEY (tenant_id, day, version_id, currency)
      )`);
    await q.query(`CREATE INDEX revenue_tenant_daily_day_idx ON revenue_tenant_daily (day)`);

    // One upsert per statement from its transition table, keys in a fixed order: a batch holding
    // many calls of the same model on the same day touches each rollup row once, and concurrent
    // batches lock rollup rows in the same order.
    await q.query(`
      CREATE FUNCTION revenue_rollup_charges() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO revenue_tenant_daily AS r (tenant_id, day, version_id, currency, calls, amount)
        SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date, version_id, currency, count(*), sum(amount)::bigint
        FROM added GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, day, version_id, currency)
        DO UPDATE SET calls = r.calls + EXCLUDED.calls, amount = r.amount + EXCLUDED.amount;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION revenue_rollup_allocations() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO revenue_party_daily AS r (party_id, day, version_id, currency, allocations, amount)
        SELECT party_id, (created_at AT TIME ZONE 'UTC')::date, version_id, currency, count(*), sum(amount)::bigint
        FROM added GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (party_id, day, version_id, currency)
        DO UPDATE SET allocations = r.allocations + EXCLUDED.allocations, amount = r.amount + EXCLUDED.amount;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER charges_rollup AFTER INSERT ON charges REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION revenue_rollup_charges()`);
    await q.query(`
      CREATE TRIGGER revenue_allocations_rollup AFTER INSERT ON revenue_allocations
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION revenue_rollup_allocations()`);

    await q.query(`
      CREATE FUNCTION revenue_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: charges, allocations and closed settlements never change', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['revenue_allocations', 'settlements', 'settlement_statements', 'settlement_invoices']) {
      await q.query(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION revenue_immutable()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION revenue_immutable()`);
    }
    // A charge changes once: when a settlement closes it.
    await q.query(`
      CREATE FUNCTION charge_settle_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR OLD.settlement_id IS NOT NULL OR NEW.settlement_id IS NULL
           OR (NEW.id, NEW.tenant_id, NEW.request_id, NEW.version_id, NEW.currency, NEW.amount, NEW.rows, NEW.call_number, NEW.tier,
               NEW.price_source, NEW.created_at, NEW.audit_chain, NEW.audit_seq)
              IS DISTINCT FROM
              (OLD.id, OLD.tenant_id, OLD.request_id, OLD.version_id, OLD.currency, OLD.amount, OLD.rows, OLD.call_number, OLD.tier,
               OLD.price_source, OLD.created_at, OLD.audit_chain, OLD.audit_seq) THEN
          RAISE EXCEPTION 'a charge is never changed or deleted; it is only marked once by the settlement that closes it'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER charges_settle_once BEFORE UPDATE OR DELETE ON charges FOR EACH ROW EXECUTE FUNCTION charge_settle_once()`);
    await q.query(`CREATE TRIGGER charges_no_truncate BEFORE TRUNCATE ON charges FOR EACH STATEMENT EXECUTE FUNCTION revenue_immutable()`);

    for (const table of ['tenant_price_overrides', 'tenant_licensing', 'charges', 'revenue_allocations', 'revenue_tenant_daily', 'settlement_invoices']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY tenant_isolation ON ${table}
        USING (warden_platform() OR tenant_id = warden_tenant())
        WITH CHECK (warden_platform() OR tenant_id = warden_tenant())`);
    }
    for (const table of ['revenue_party_daily', 'settlements', 'settlement_statements']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY platform_only ON ${table} USING (warden_platform()) WITH CHECK (warden_platform())`);
    }

    await q.query(`GRANT SELECT, INSERT ON parties, licenses, charges, revenue_allocations, settlements, settlement_statements, settlement_invoices TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON model_version_licenses, price_lists, tenant_licensing TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON revenue_shares, model_lineage, tenant_price_overrides TO warden_app`);
    await q.query(`GRANT SELECT, UPDATE (revision) ON licensing_revision TO warden_app`);
    await q.query(`GRANT UPDATE (settlement_id) ON charges TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE (allocations, amount) ON revenue_party_daily TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE (calls, amount) ON revenue_tenant_daily TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['revenue_party_daily', 'revenue_tenant_daily', 'revenue_allocations', 'charges', 'settlement_invoices', 'settlement_statements', 'settlements']) {
      await q.query(`DROP TABLE ${table}`);
    }
    for (const table of ['licensing_revision', 'tenant_licensing', 'tenant_price_overrides', 'price_lists', 'model_lineage', 'revenue_shares', 'model_version_licenses', 'licenses']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_party_id_fkey`);
    await q.query(`DROP INDEX api_keys_party_idx`);
    await q.query(`DROP TABLE parties`);
    for (const fn of ['charge_fully_allocated', 'charge_settle_once', 'revenue_immutable', 'revenue_rollup_allocations', 'revenue_rollup_charges', 'revenue_shares_sum']) {
      await q.query(`DROP FUNCTION ${fn}()`);
    }
  }
}
