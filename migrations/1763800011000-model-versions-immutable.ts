import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The trigger function, refusing deletes and any update that `changed` (an SQL condition on NEW and OLD) holds for. */
const immutable = (changed: string) => `
  CREATE OR REPLACE FUNCTION model_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'model versions are never deleted; retire them' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF ${changed} THEN
      RAISE EXCEPTION 'a registered model version is immutable; register a new version' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END $$`;

/** The columns a status change may move, and the ONNX bytes, which are compared as they are rather than copied into JSON. */
const LIFECYCLE = `ARRAY['onnx', 'status', 'status_reason', 'status_changed_at']`;

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
    await q.query(immutable(`NEW.onnx IS DISTINCT FROM OLD.onnx OR to_jsonb(NEW) - ${LIFECYCLE} IS DISTINCT FROM to_jsonb(OLD) - ${LIFECYCLE}`));
  }

  async down(q: QueryRunner): Promise<void> {
    const columns = (row: string) => ['id', 'model_id', 'version', 'sha256', 'onnx', 'manifest', 'rights_holders', 'registered_by', 'created_at'].map((c) => `${row}.${c}`).join(', ');
    await q.query(immutable(`(${columns('NEW')}) IS DISTINCT FROM (${columns('OLD')})`));
  }
}
