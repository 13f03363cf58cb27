import type { MigrationInterface, QueryRunner } from 'typeorm';

const LAWFUL_BASES = `('consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests')`;
const PSEUDONYM = `'^psn_[A-Za-z0-9_-]{43}$'`;

/**
 * Consent-aware data handling. Purposes are platform-wide and every version of one is kept.
 * Subjects are pseudonyms, mapped per tenant to a random subject key in `data_subjects`; consent
 * events name that key, so deleting the mapping on erasure leaves the events (evidence that calls
 * had a lawful basis) unlinkable to the pseudonym without touching the append-only log. Protected
 * attributes for fairness monitoring live apart from inference records, keyed like them by
 * (tenant_id, subject). Erasure requests keep their state here so that a crashed job resumes.
 */
export class Consent1763800004000 implements MigrationInterface {
  name = 'Consent1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION consent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`
      CREATE TABLE purposes (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(id) <= 64),
        description text NOT NULL CHECK (btrim(description) <> ''),
        lawful_basis text NOT NULL CHECK (lawful_basis IN ${LAWFUL_BASES}),
        notice_text text NOT NULL CHECK (btrim(notice_text) <> ''),
        notice_version text NOT NULL CHECK (btrim(notice_version) <> ''),
        retention_days integer NOT NULL CHECK (retention_days BETWEEN 0 AND 3660),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE purpose_versions (
        purpose_id text NOT NULL REFERENCES purposes (id),
        version integer NOT NULL CHECK (version >= 1),
        description text NOT NULL,
        lawful_basis text NOT NULL CHECK (lawful_basis IN ${LAWFUL_BASES}),
        notice_text text NOT NULL,
        notice_version text NOT NULL,
        retention_days integer NOT NULL,
        changed_by text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (purpose_id, version)
      )`);

    await q.query(`
      CREATE TABLE data_subjects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        pseudonym text NOT NULL CHECK (pseudonym ~ ${PSEUDONYM}),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, pseudonym)
      )`);

    // subject_key has no foreign key on purpose: erasure deletes the mapping and keeps the events.
    await q.query(`
      CREATE TABLE consent_events (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        subject_key uuid NOT NULL,
        purpose text NOT NULL REFERENCES purposes (id),
        type text NOT NULL CHECK (type IN ('grant', 'withdraw')),
        at timestamptz NOT NULL,
        expires_at timestamptz CHECK (expires_at IS NULL OR (type = 'grant' AND expires_at > at)),
        notice_version text,
        consent_type text CHECK (consent_type IN ('expressed', 'explicit')),
        collection_method text,
        jurisdiction text,
        language text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((type = 'grant') = (notice_version IS NOT NULL))
      )`);
    // The consent stage's one query: the latest event of one subject for one purpose.
    await q.query(`CREATE INDEX consent_events_latest_idx ON consent_events (subject_key, purpose, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX consent_events_tenant_idx ON consent_events (tenant_id, recorded_at)`);

    await q.query(`
      CREATE TABLE consent_receipts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        record_id uuid NOT NULL REFERENCES consent_events (id),
        subject_key uuid NOT NULL,
        purpose text NOT NULL,
        jws text NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX consent_receipts_subject_idx ON consent_receipts (subject_key)`);

    await q.query(`
      CREATE TABLE protected_attributes (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        subject text NOT NULL CHECK (subject ~ ${PSEUDONYM}),
        attributes jsonb NOT NULL CHECK (jsonb_typeof(attributes) = 'object'),
        basis text NOT NULL CHECK (basis IN ${LAWFUL_BASES}),
        source text NOT NULL CHECK (source IN ('api', 'inference')),
        recorded_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, subject)
      )`);
    await q.query(`CREATE INDEX protected_attributes_expiry_idx ON protected_attributes (expires_at)`);

    // A tenant's declared basis for fairness monitoring other than consent (EU AI Act Art. 10(5)).
    await q.query(`
      CREATE TABLE fairness_monitoring_bases (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        lawful_basis text NOT NULL CHECK (lawful_basis IN ${LAWFUL_BASES} AND lawful_basis <> 'consent'),
        justification text NOT NULL CHECK (length(btrim(justification)) BETWEEN 10 AND 2000),
        declared_by text NOT NULL,
        declared_at timestamptz NOT NULL DEFAULT now()
      )`);

    // The pseudonym is kept only while the request is pending; completed requests keep the receipt.
    await q.query(`
      CREATE TABLE erasure_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        subject text CHECK (subject ~ ${PSEUDONYM}),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed')),
        received_at timestamptz NOT NULL DEFAULT now(),
        due_by timestamptz NOT NULL,
        requested_by text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        removed jsonb,
        receipt text,
        completed_at timestamptz,
        CHECK ((status = 'pending') = (subject IS NOT NULL)),
        CHECK ((status = 'completed') = (receipt IS NOT NULL AND completed_at IS NOT NULL AND removed IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX erasure_requests_one_pending ON erasure_requests (tenant_id, subject) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX erasure_requests_tenant_idx ON erasure_requests (tenant_id, received_at DESC)`);

    for (const table of ['purpose_versions', 'consent_events']) {
      await q.query(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION consent_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION consent_append_only()`);
    }

    // Purposes are read by every role and in tenant scopes (the consent stage); only operators write them.
    for (const table of ['purposes', 'purpose_versions']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY read_all ON ${table} FOR SELECT USING (true)`);
      await q.query(`CREATE POLICY platform_insert ON ${table} FOR INSERT WITH CHECK (warden_platform())`);
    }
    await q.query(`CREATE POLICY platform_update ON purposes FOR UPDATE USING (warden_platform()) WITH CHECK (warden_platform())`);

    for (const table of ['data_subjects', 'consent_events', 'consent_receipts', 'protected_attributes', 'fairness_monitoring_bases', 'erasure_requests']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY tenant_isolation ON ${table}
        USING (warden_platform() OR tenant_id = warden_tenant())
        WITH CHECK (warden_platform() OR tenant_id = warden_tenant())`);
    }

    await q.query(`GRANT SELECT, INSERT ON purposes, purpose_versions, consent_events TO warden_app`);
    // A purpose's id and lawful basis never change: a different basis is a different purpose.
    await q.query(`GRANT UPDATE (description, notice_text, notice_version, retention_days, version, updated_at) ON purposes TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON data_subjects, consent_receipts TO warden_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON protected_attributes, fairness_monitoring_bases TO warden_app`);
    await q.query(`GRANT SELECT, INSERT ON erasure_requests TO warden_app`);
    await q.query(`GRANT UPDATE (subject, status, attempts, removed, receipt, completed_at) ON erasure_requests TO warden_app`);
    // Erasure and retention remove review items, which carry a subject's outputs.
    await q.query(`GRANT DELETE ON reviews TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON reviews FROM warden_app`);
    await q.query(`DROP TABLE erasure_requests`);
    await q.query(`DROP TABLE fairness_monitoring_bases`);
    await q.query(`DROP TABLE protected_attributes`);
    await q.query(`DROP TABLE consent_receipts`);
    await q.query(`DROP TABLE consent_events`);
    await q.query(`DROP TABLE data_subjects`);
    await q.query(`DROP TABLE purpose_versions`);
    await q.query(`DROP TABLE purposes`);
    await q.query(`DROP FUNCTION consent_append_only()`);
  }
}
