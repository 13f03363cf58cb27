// Every migration, oldest first. `npm run migration:generate -- <Name>` appends new ones here.
import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { AuditLog1763800001000 } from './1763800001000-audit-log.js';
import { ModelRegistry1763800002000 } from './1763800002000-model-registry.js';
import { GovernedInference1763800003000 } from './1763800003000-governed-inference.js';

export const migrations = [Foundation1763800000000, AuditLog1763800001000, ModelRegistry1763800002000, GovernedInference1763800003000];
