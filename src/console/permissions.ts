import { defineAbilities, type Action, type SubjectName } from '../auth/ability.factory.js';
import type { Principal } from '../auth/principal.js';

/**
 * The abilities the console asks about, so that a page shows only what its reader's role may do.
 * Showing is a courtesy: every call the page makes is checked again by the server.
 */
export const CONSOLE_PERMISSIONS: readonly (readonly [Action, SubjectName])[] = [
  ['read', 'Report'],
  ['read', 'AuditLog'],
  ['export', 'AuditLog'],
  ['verify', 'AuditLog'],
  ['manage', 'AuditLog'],
  ['read', 'Model'],
  ['update', 'Model'],
  ['read', 'License'],
  ['read', 'Policy'],
  ['create', 'Policy'],
  ['update', 'Policy'],
  ['read', 'Review'],
  ['review', 'Review'],
  ['read', 'BiasAudit'],
  ['create', 'BiasAudit'],
  ['read', 'BiasAuditSchedule'],
  ['update', 'BiasAuditSchedule'],
  ['manage', 'Tenant'],
  ['create', 'Tenant'],
  ['read', 'ApiKey'],
  ['create', 'ApiKey'],
  ['delete', 'ApiKey'],
  ['read', 'Party'],
  ['read', 'Statement'],
  ['read', 'Revenue'],
  ['create', 'Settlement'],
];

/** `action:Subject` for every console permission the principal holds. */
export function consolePermissions(principal: Principal): string[] {
  const ability = defineAbilities(principal);
  return CONSOLE_PERMISSIONS.filter(([action, subject]) => ability.can(action, subject)).map(([action, subject]) => `${action}:${subject}`);
}
