import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Principal } from './principal.js';

export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete' | 'infer' | 'verify' | 'export' | 'review';
export type SubjectName =
  | 'all'
  | 'Tenant'
  | 'ApiKey'
  | 'Model'
  | 'AuditLog'
  | 'Policy'
  | 'Purpose'
  | 'Consent'
  | 'Subject'
  | 'Outcome'
  | 'Review'
  | 'Revenue'
  | 'Statement'
  | 'Party'
  | 'License'
  | 'Settlement'
  | 'Invoice'
  | 'BiasAudit'
  | 'BiasAuditSchedule'
  | 'Report'
  | 'ComplianceDocument'
  | 'Incident'
  | 'Privacy';

/** Actions and subject names are typed where rules are written (`Can`, the builder below). */
export type AppAbility = MongoAbility;

/**
 * The one place that says what each role may do. Guards check the action on the subject type;
 * services check instances (`subject('Tenant', row)`) against the conditions below.
 */
export function defineAbilities(principal: Principal): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  const can = (action: Action | Action[], subject: SubjectName | SubjectName[], conditions?: Record<string, unknown>) =>
    builder.can(action, subject, conditions);
  const build = () => builder.build();
  switch (principal.role) {
    case 'admin':
      can('manage', 'all');
      break;
    case 'regulator':
      can('read', ['Tenant', 'Model', 'AuditLog', 'Policy', 'Purpose', 'Review', 'Revenue', 'License', 'BiasAudit', 'BiasAuditSchedule', 'Report', 'ComplianceDocument', 'Incident']);
      can(['verify', 'export'], 'AuditLog');
      break;
    case 'tenant': {
      const own = { tenantId: principal.tenantId };
      can('read', 'Tenant', { id: principal.tenantId });
      can('read', ['Model', 'Purpose']);
      can('infer', 'Model');
      can(['create', 'read', 'delete'], 'Consent', own);
      // Data-subject rights: the tenant, as controller, answers its own subjects' requests.
      can(['read', 'update', 'delete', 'export'], 'Subject', own);
      can('create', 'Outcome', own);
      // Bias audits of data the tenant uploads and of its own traffic; it reads only its own.
      can(['create', 'read'], 'BiasAudit', own);
      can(['read', 'verify', 'export'], 'AuditLog', own);
      can('create', 'Privacy');
      can('read', 'Invoice', own);
      // Its own compliance documents and incidents; instructions for use are written for deployers.
      can('read', 'ComplianceDocument', own);
      can('read', 'ComplianceDocument', { kind: 'instructions-for-use' });
      can(['create', 'read'], 'Incident', own);
      if (principal.scopes.includes('reviewer')) can(['read', 'review'], 'Review', own);
      break;
    }
    case 'licensor':
      can('read', 'Model');
      can('read', 'Statement', { partyId: principal.partyId });
      break;
    default:
      return exhaustive(principal.role);
  }
  return build();
}

function exhaustive(role: never): never {
  throw new Error(`Unknown role ${String(role)}`);
}
