import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bias audits: the outcome labels tenants report after a decision, every audit result with what it
 * needs to be reproduced, per-model audit schedules, and the human-review requirement a breach can
 * put on a model. Audits read protected attributes from `protected_attributes` (consent) at query
 * time; nothing here copies them.
 */
export class Fairness1763800006000 implements MigrationInterface {
  name = 'Fairness1763800006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outcomes (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        request_id uuid NOT NULL REFERENCES inference_records (request_id) ON DELETE CASCADE,
        row_index integer NOT NULL CHECK (row_index >= 0),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, row_index)
      )`);
    await q.query(`CREATE INDEX outcomes_tenant_idx ON outcomes (tenant_id, reported_at)`);
    // A live audit reads single-row calls straight from outputs->0 and expands only batches, which
    // this small index finds without a second scan of every record in the window.
    await q.query(`CREATE INDEX inference_records_batches_idx ON inference_records (model, created_at) WHERE rows > 1`);

    // tenant_id is null for audits over every tenant's traffic (operators' and scheduled audits):
    // the isolation policy then hides them from every tenant.
    await q.query(`
      CREATE TABLE bias_audits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenants (id),
        scope text NOT NULL CHECK (scope IN ('tenant', 'platform')),
        source text NOT NULL CHECK (source IN ('dataset', 'live')),
        trigger text NOT NULL CHECK (trigger IN ('request', 'schedule')),
        model text,
        version text,
        window_from timestamptz,
        window_to timestamptz,
        attributes text[] NOT NULL,
        favorable jsonb NOT NULL,
        config jsonb NOT NULL,
        thresholds jsonb NOT NULL,
        data_hash text NOT NULL CHECK (data_hash ~ '^[0-9a-f]{64}$'),
        data jsonb NOT NULL,
        cells jsonb NOT NULL,
        metrics jsonb NOT NULL,
        breaches jsonb NOT NULL,
        breach_count integer NOT NULL,
        status text NOT NULL CHECK (status IN ('pass', 'breach', 'inconclusive')),
        consequence text CHECK (consequence IN ('notify', 'require_review', 'suspend')),
        consequence_result jsonb,
        job_id text UNIQUE,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((scope = 'tenant') = (tenant_id IS NOT NULL)),
        CHECK (source = 'dataset' OR model IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX bias_audits_model_idx ON bias_audits (model, created_at DESC)`);
    await q.query(`CREATE INDEX bias_audits_tenant_idx ON bias_audits (tenant_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE fairness_schedules (
        model text PRIMARY KEY,
        every_ms bigint NOT NULL CHECK (every_ms >= 1000),
        window_ms bigint NOT NULL CHECK (window_ms >= 1000),
        attributes text[] NOT NULL,
        favorable text NOT NULL,
        favorable_label text,
        thresholds jsonb NOT NULL,
        min_group_size integer,
        consequence text NOT NULL CHECK (consequence IN ('notify', 'require_review', 'suspend')),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE fairness_review_requirements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model text NOT NULL,
        audit_id uuid NOT NULL REFERENCES bias_audits (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        cleared_at timestamptz,
        cleared_by text,
        clear_reason text
      )`);
    await q.query(`CREATE UNIQUE INDEX fairness_review_requirements_open ON fairness_review_requirements (model) WHERE cleared_at IS NULL`);

    for (const table of ['outcomes', 'bias_audits']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY tenant_isolation ON ${table}
        USING (warden_platform() OR tenant_id = warden_tenant())
        WITH CHECK (warden_platform() OR tenant_id = warden_tenant())`);
    }
    for (const table of ['fairness_schedules', 'fairness_review_requirements']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY platform_only ON ${table} USING (warden_platform()) WITH CHECK (warden_platform())`);
    }
    // Outcomes and audit results are facts once written: no UPDATE, no DELETE for the application.
    await q.query(`GRANT SELECT, INSERT ON outcomes, bias_audits TO warden_app`);
    // What a breach's consequence did is written once, after the audit it follows from.
    await q.query(`GRANT UPDATE (consequence_result) ON bias_audits TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON fairness_schedules TO warden_app`);
    await q.query(`GRANT SELECT, INSERT ON fairness_review_requirements TO warden_app`);
    await q.query(`GRANT UPDATE (cleared_at, cleared_by, clear_reason) ON fairness_review_requirements TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fairness_review_requirements`);
    await q.query(`DROP TABLE fairness_schedules`);
    await q.query(`DROP TABLE bias_audits`);
    await q.query(`DROP TABLE outcomes`);
    await q.query(`DROP INDEX inference_records_batches_idx`);
  }
}
