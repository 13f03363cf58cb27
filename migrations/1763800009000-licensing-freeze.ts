import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables that hold a model version's licence terms: its licence, revenue shares, lineage and prices. */
const TERMS = ['model_version_licenses', 'revenue_shares', 'model_lineage', 'price_lists', 'tenant_price_overrides'];

/**
 * A version frozen as incident evidence keeps its licence terms as they were, whoever writes to the
 * database: the service refuses such a change (423 MODEL_FROZEN), and these triggers refuse it too,
 * as `model_versions_frozen` does for the version's status.
 */
export class LicensingFreeze1763800009000 implements MigrationInterface {
  name = 'LicensingFreeze1763800009000';

  async up(q: QueryRunner): Promise<void> {
    // Reads the freezes whatever the caller's row-level security scope, hence SECURITY DEFINER.
    await q.query(`
      CREATE FUNCTION licensing_terms_frozen() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        row_version uuid := CASE TG_OP WHEN 'INSERT' THEN NEW.version_id ELSE OLD.version_id END;
      BEGIN
        IF EXISTS (SELECT 1 FROM evidence_freezes WHERE version_id = row_version AND released_at IS NULL)
           OR (TG_OP = 'UPDATE' AND NEW.version_id IS DISTINCT FROM OLD.version_id
               AND EXISTS (SELECT 1 FROM evidence_freezes WHERE version_id = NEW.version_id AND released_at IS NULL)) THEN
          RAISE EXCEPTION 'the licence terms of model version % are frozen as incident evidence', row_version USING ERRCODE = 'object_in_use';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    for (const table of TERMS) {
      await q.query(`CREATE TRIGGER ${table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION licensing_terms_frozen()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TERMS) await q.query(`DROP TRIGGER ${table}_frozen ON ${table}`);
    await q.query(`DROP FUNCTION licensing_terms_frozen()`);
  }
}
