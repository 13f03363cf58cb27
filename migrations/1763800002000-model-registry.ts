import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model registry. A version's bytes, checksum and manifest never change once registered: the
 * application role may update only the lifecycle columns, and a trigger refuses anything else
 * for every role.
 */
export class ModelRegistry1763800002000 implements MigrationInterface {
  name = 'ModelRegistry1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE model_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES models (id),
        version text NOT NULL,
        major integer NOT NULL,
        minor integer NOT NULL,
        patch integer NOT NULL,
        prerelease text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'suspended', 'retired')),
        status_reason text,
        status_changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes integer NOT NULL,
        onnx bytea NOT NULL,
        manifest jsonb NOT NULL,
        rights_holders jsonb NOT NULL DEFAULT '[]',
        registered_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (model_id, version)
      )`);
    await q.query(`CREATE INDEX model_versions_status_changed_idx ON model_versions (status_changed_at)`);
    await q.query(`
      CREATE FUNCTION model_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'model versions are never deleted; retire them' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.id, NEW.model_id, NEW.version, NEW.sha256, NEW.onnx, NEW.manifest, NEW.rights_holders, NEW.registered_by, NEW.created_at)
           IS DISTINCT FROM
           (OLD.id, OLD.model_id, OLD.version, OLD.sha256, OLD.onnx, OLD.manifest, OLD.rights_holders, OLD.registered_by, OLD.created_at) THEN
          RAISE EXCEPTION 'a registered model version is immutable; register a new version' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER model_versions_immutable BEFORE UPDATE OR DELETE ON model_versions FOR EACH ROW EXECUTE FUNCTION model_version_immutable()`);
    await q.query(`GRANT SELECT, INSERT ON models, model_versions TO warden_app`);
    await q.query(`GRANT UPDATE (status, status_reason, status_changed_at) ON model_versions TO warden_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_versions`);
    await q.query(`DROP TABLE models`);
    await q.query(`DROP FUNCTION model_version_immutable()`);
  }
}
