import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A registered version is immutable in everything but its lifecycle (status, its reason and
 * time): the trigger compared a list of columns, which left out the parsed version (major, minor,
 * patch, prerelease: what decides which active version is served) and the size. It now compares the
 * whole row but those three columns, so a column added later is covered without a change here;
 * the ONNX bytes are compared apart, as they are, rather than copied into JSON.
 */
export class ModelVersionsImmutable1763800011000 implements MigrationInterface {
  name = 'ModelVersionsImmutable1763800011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION model_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'model versions are never deleted; retire them' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.onnx IS DISTINCT FROM OLD.onnx
           OR to_jsonb(NEW) - ARRAY['onnx', 'status', 'status_reason', 'status_changed_at']
              IS DISTINCT FROM to_jsonb(OLD) - ARRAY['onnx', 'status', 'status_reason', 'status_changed_at'] THEN
          RAISE EXCEPTION 'a registered model version is immutable; register a new version' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION model_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
