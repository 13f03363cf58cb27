/**
 * The order in which policy versions were put in force, and where a rollback goes from it. Pure:
 * the log is read under the policy lock and passed in.
 */

export type ActivationKind = 'activate' | 'rollback';

export interface Activation {
  seq: number;
  version: number;
  activatedAt: Date;
  activatedBy: string;
  reason: string;
  kind: ActivationKind;
  /** For a rollback: the version it took out of force. */
  rolledBackFrom: number | null;
}

/**
 * The versions a rollback can return to, the active one last. An activation puts its version on
 * top; a rollback takes the version it left off the trail everywhere, because an admin who rolled
 * back from a version withdrew it: a later rollback must not bring it back, only an explicit
 * activation can. Without that, rolling back twice would return to the version just left.
 */
export function rollbackTrail(log: readonly Activation[]): number[] {
  const trail: number[] = [];
  for (const entry of log) {
    if (entry.kind === 'activate') {
      trail.push(entry.version);
      continue;
    }
    const left = entry.rolledBackFrom;
    const kept = trail.filter((v) => v !== left);
    trail.length = 0;
    // Removing a version can bring the same version together twice; it was in force once there.
    for (const v of kept) if (trail[trail.length - 1] !== v) trail.push(v);
    if (trail[trail.length - 1] !== entry.version) trail.push(entry.version);
  }
  return trail;
}

/** The version a rollback from the active one puts back in force: the one active before it was activated. Null when there is none. */
export function rollbackTarget(log: readonly Activation[]): number | null {
  const trail = rollbackTrail(log);
  const current = trail[trail.length - 1];
  const earlier = trail.filter((v) => v !== current);
  return earlier.length ? earlier[earlier.length - 1] : null;
}
