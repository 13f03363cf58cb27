import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compliance documents and incidents. A generated document is kept byte for byte (Markdown and
 * PDF) with its sha256 and provenance, and never changes: the application may only insert, and a
 * trigger refuses UPDATE and DELETE for every role, so a document served later is the one whose
 * hash is in the audit chain. Incidents (EU AI Act Art. 73) carry their reporting deadline; an
 * evidence freeze seals a model version, and while it holds, a second trigger refuses any change
 * to that version's lifecycle columns (the registry's service refuses first, with MODEL_FROZEN).
 */
export class Compliance1763800007000 implements MigrationInterface {
  name = 'Compliance1763800007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenants (id),
        model text NOT NULL,
        version text NOT NULL,
        version_id uuid NOT NULL REFERENCES model_versions (id),
        class text NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
        occurred_at timestamptz,
        aware_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        deadline_days integer NOT NULL CHECK (deadline_days IN (2, 10, 15)),
        deadline_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reported', 'closed')),
        reported_at timestamptz,
        report_reference text,
        closed_at timestamptz,
        close_reason text,
        overdue_recorded_at timestamptz,
        registered_by text NOT NULL,
        registered_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (deadline_at > aware_at),
        CHECK ((status = 'reported') <= (reported_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX incidents_tenant_idx ON incidents (tenant_id, created_at DESC)`);
    await q.query(`CREATE INDEX incidents_open_deadline_idx ON incidents (deadline_at) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE evidence_freezes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents (id),
        model text NOT NULL,
        version text NOT NULL,
        version_id uuid NOT NULL REFERENCES model_versions (id),
        seal jsonb NOT NULL,
        seal_hash text NOT NULL CHECK (seal_hash ~ '^[0-9a-f]{64}$'),
        audit_chain text NOT NULL,
        audit_seq bigint NOT NULL,
        reason text NOT NULL,
        frozen_by text NOT NULL,
        frozen_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        released_by text,
        release_reason text
      )`);
    await q.query(`CREATE UNIQUE INDEX evidence_freezes_one_per_incident ON evidence_freezes (incident_id) WHERE released_at IS NULL`);
    await q.query(`CREATE INDEX evidence_freezes_version_idx ON evidence_freezes (version_id) WHERE released_at IS NULL`);

    await q.query(`
      CREATE TABLE compliance_documents (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('technical-documentation', 'instructions-for-use', 'record-of-processing', 'dpia', 'bias-audit-summary', 'incident-report')),
        subject text NOT NULL,
        tenant_id uuid REFERENCES tenants (id),
        model text,
        version text,
        incident_id uuid REFERENCES incidents (id),
        title text NOT NULL,
        built_at timestamptz NOT NULL,
        evidence_hash text NOT NULL CHECK (evidence_hash ~ '^[0-9a-f]{64}$'),
        provenance jsonb NOT NULL,
        markdown bytea NOT NULL,
        markdown_sha256 text NOT NULL CHECK (markdown_sha256 ~ '^[0-9a-f]{64}$'),
        pdf bytea NOT NULL,
        pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        generated_by text NOT NULL,
        generated_role text NOT NULL,
        audit_chain text NOT NULL,
        audit_seq bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX compliance_documents_subject_idx ON compliance_documents (subject, kind, built_at DESC)`);
    await q.query(`CREATE INDEX compliance_documents_tenant_idx ON compliance_documents (tenant_id, built_at DESC)`);
    await q.query(`
      CREATE FUNCTION compliance_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'generated compliance documents are never changed: % on % is not allowed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER compliance_documents_no_change BEFORE UPDATE OR DELETE ON compliance_documents FOR EACH STATEMENT EXECUTE FUNCTION compliance_document_immutable()`);
    await q.query(`CREATE TRIGGER compliance_documents_no_truncate BEFORE TRUNCATE ON compliance_documents FOR EACH STATEMENT EXECUTE FUNCTION compliance_document_immutable()`);

    // Reads the freezes whatever the caller's row-level security scope, hence SECURITY DEFINER.
    await q.query(`
      CREATE FUNCTION model_version_frozen() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM evidence_freezes WHERE version_id = OLD.id AND released_at IS NULL) THEN
          RAISE EXCEPTION 'model version % is frozen as incident evidence', OLD.id USING ERRCODE = 'object_in_use';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER model_versions_frozen BEFORE UPDATE ON model_versions FOR EACH ROW
      WHEN ((OLD.status, OLD.status_reason, OLD.status_changed_at) IS DISTINCT FROM (NEW.status, NEW.status_reason, NEW.status_changed_at))
      EXECUTE FUNCTION model_version_frozen()`);

    for (const table of ['incidents', 'compliance_documents']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY tenant_isolation ON ${table}
        USING (warden_platform() OR tenant_id = warden_tenant())
        WITH CHECK (warden_platform() OR tenant_id = warden_tenant())`);
    }
    await q.query(`ALTER TABLE evidence_freezes ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE evidence_freezes FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY platform_only ON evidence_freezes USING (warden_platform()) WITH CHECK (warden_platform())`);

    await q.query(`GRANT SELECT, INSERT ON compliance_documents, incidents, evidence_freezes TO warden_app`);
    await q.query(`GRANT UPDATE (status, reported_at, report_reference, closed_at, close_reason, overdue_recorded_at) ON incidents TO warden_app`);
    await q.query(`GRANT UPDATE (released_at, released_by, release_reason) ON evidence_freezes TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER model_versions_frozen ON model_versions`);
    await q.query(`DROP FUNCTION model_version_frozen()`);
    await q.query(`DROP TABLE compliance_documents`);
    await q.query(`DROP FUNCTION compliance_document_immutable()`);
    await q.query(`DROP TABLE evidence_freezes`);
    await q.query(`DROP TABLE incidents`);
  }
}
