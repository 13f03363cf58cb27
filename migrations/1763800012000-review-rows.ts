import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A review holds the rows of a call that need review, not every row of a batch: `rows` are their
 * indices in the call, in the order of `outputs`. Reviews written before hold every row (null).
 */
export class ReviewRows1763800012000 implements MigrationInterface {
  name = 'ReviewRows1763800012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviews ADD COLUMN rows integer[] CHECK (rows IS NULL OR cardinality(rows) = jsonb_array_length(outputs))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviews DROP COLUMN rows`);
  }
}
