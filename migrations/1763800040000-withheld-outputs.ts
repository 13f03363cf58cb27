import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The output fields a call's answer left out (`label`, `score`), kept with its inference record and
 * its review item: they store the model's whole answer, which live bias audits and admins read, and
 * the tenant reads them back without what it was not told. Rows written before hold null: what
 * their answer left out was not kept.
 */
export class WithheldOutputs1763800040000 implements MigrationInterface {
  name = 'WithheldOutputs1763800040000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['inference_records', 'reviews']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN withheld text[] CHECK (withheld <@ ARRAY['label', 'score']::text[])`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['inference_records', 'reviews']) await q.query(`ALTER TABLE ${table} DROP COLUMN withheld`);
  }
}
