import { DomainError } from '../common/errors.js';
import type { Principal } from '../auth/principal.js';

/**
 * Consent and subject rights belong to a controller: only a tenant key names subjects, and only
 * its own. Operators manage purposes but never act for a tenant's subjects.
 */
export function tenantOf(principal: Principal, permission: string): string {
  if (principal.role !== 'tenant' || !principal.tenantId) {
    throw new DomainError('FORBIDDEN', `Only tenant keys act for data subjects (role ${principal.role})`, { permission, role: principal.role });
  }
  return principal.tenantId;
}

