// Every migration, oldest first. `npm run migration:generate -- <Name>` appends new ones here.
import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { AuditLog1763800001000 } from './1763800001000-audit-log.js';
import { ModelRegistry1763800002000 } from './1763800002000-model-registry.js';
import { GovernedInference1763800003000 } from './1763800003000-governed-inference.js';
import { Consent1763800004000 } from './1763800004000-consent.js';
import { Licensing1763800005000 } from './1763800005000-licensing.js';
import { Fairness1763800006000 } from './1763800006000-fairness.js';
import { Compliance1763800007000 } from './1763800007000-compliance.js';
import { AuditAppend1763800008000 } from './1763800008000-audit-append.js';
import { LicensingFreeze1763800009000 } from './1763800009000-licensing-freeze.js';
import { TierCounters1763800010000 } from './1763800010000-tier-counters.js';
import { ModelVersionsImmutable1763800011000 } from './1763800011000-model-versions-immutable.js';
import { ReviewRows1763800012000 } from './1763800012000-review-rows.js';
import { AuditSignedOrder1763800020000 } from './1763800020000-audit-signed-order.js';
import { WithheldOutputs1763800040000 } from './1763800040000-withheld-outputs.js';
import { PolicyActivations1763800050000 } from './1763800050000-policy-activations.js';

export const migrations = [Foundation1763800000000, AuditLog1763800001000, ModelRegistry1763800002000, GovernedInference1763800003000, Consent1763800004000, Licensing1763800005000, Fairness1763800006000, Compliance1763800007000, AuditAppend1763800008000, LicensingFreeze1763800009000, TierCounters1763800010000, ModelVersionsImmutable1763800011000, ReviewRows1763800012000, AuditSignedOrder1763800020000, WithheldOutputs1763800040000, PolicyActivations1763800050000];
