import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Checkpoints are ordered by the instant they sign (`body.issuedAt`), not by the `issued_at`
 * column beside it, which no signature covers. An event's resource is stored whole or not at all:
 * the hash covers `resource` as one value, so a lone `resource_id` could be searched on unseen.
 */
export class AuditSignedOrder1763800020000 implements MigrationInterface {
  name = 'AuditSignedOrder1763800020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_checkpoints_signed_at_idx ON audit_checkpoints ((body->>'issuedAt'))`);
    await q.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_resource_whole CHECK ((resource_type IS NULL) = (resource_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_resource_whole`);
    await q.query(`DROP INDEX audit_checkpoints_signed_at_idx`);
  }
}
