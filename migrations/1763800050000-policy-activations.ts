import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every activation of a policy version, in order, never changed: what rollback walks back along,
 * and what the policy rows (which keep only the first activation of each version) cannot tell.
 * The log is filled from the platform chain's `policy.activate` events, which hold every activation
 * so far (a rollback among them reads as an activation), and, for a version active without one,
 * from its row. Each version's row is then given its first activation.
 */
export class PolicyActivations1763800050000 implements MigrationInterface {
  name = 'PolicyActivations1763800050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_activations (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        version integer NOT NULL REFERENCES policies (version),
        activated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        activated_by text NOT NULL,
        reason text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('activate', 'rollback')),
        rolled_back_from integer REFERENCES policies (version),
        CHECK ((kind = 'rollback') = (rolled_back_from IS NOT NULL))
      )`);
    await q.query(`GRANT SELECT, INSERT ON policy_activations TO warden_app`);

    await q.query(`
      INSERT INTO policy_activations (version, activated_at, activated_by, reason, kind)
      SELECT e.resource_id::integer, e.time, e.actor_id, coalesce(e.details->>'reason', ''), 'activate'
        FROM audit_events e JOIN policies p ON p.version::text = e.resource_id
       WHERE e.chain_id = 'platform' AND e.action = 'policy.activate' AND e.resource_type = 'policy'
       ORDER BY e.seq`);
    await q.query(`
      INSERT INTO policy_activations (version, activated_at, activated_by, reason, kind)
      SELECT version, activated_at, coalesce(activated_by, ''), coalesce(activation_reason, ''), 'activate'
        FROM policies p
       WHERE activated_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM policy_activations a WHERE a.version = p.version)
       ORDER BY activated_at`);
    await q.query(`
      UPDATE policies p SET activated_at = f.activated_at, activated_by = f.activated_by, activation_reason = f.reason
        FROM (SELECT DISTINCT ON (version) version, activated_at, activated_by, reason FROM policy_activations ORDER BY version, seq) f
       WHERE p.version = f.version`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE policy_activations`);
  }
}
