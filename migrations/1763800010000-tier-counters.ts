import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tier counter lost with Redis (or with the process, without Redis) goes on from the highest call
 * number charged to the tenant for the version in the month: this index finds it without reading
 * the month's charges from the table.
 */
export class TierCounters1763800010000 implements MigrationInterface {
  name = 'TierCounters1763800010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX charges_tier_idx ON charges (tenant_id, version_id, created_at) INCLUDE (call_number)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX charges_tier_idx`);
  }
}
