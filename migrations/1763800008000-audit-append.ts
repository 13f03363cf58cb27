import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A guard for appends written from the heads an instance last wrote: the append moves each head
 * only from the size and hash it expects, and this function, given how many heads moved, fails
 * the whole statement (SQLSTATE WA001) unless all of them did. The writer then reads the heads
 * under lock and appends again; nothing of the failed statement remains.
 */
export class AuditAppend1763800008000 implements MigrationInterface {
  name = 'AuditAppend1763800008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_heads_moved(moved bigint, expected integer) RETURNS integer LANGUAGE plpgsql AS $$
      BEGIN
        IF moved IS DISTINCT FROM expected THEN
          RAISE EXCEPTION 'audit chain heads moved since they were read (% of % as expected)', moved, expected USING ERRCODE = 'WA001';
        END IF;
        RETURN expected;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_heads_moved(bigint, integer)`);
  }
}
