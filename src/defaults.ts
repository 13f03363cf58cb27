import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { SYSTEM_ACTOR } from './audit/audit.service.js';
import type { Config } from './config/config.js';
import { PurposesService } from './consent/purposes.service.js';
import { LicensingDefaults } from './licensing/licensing-defaults.js';
import { DemoModels } from './models/demo-models.js';
import { PoliciesService } from './policy/policies.service.js';

/**
 * What a new installation starts with: the demo models from models/ and the default policy from
 * policies/default.yaml, each only into an empty registry or policy store, and the demo models'
 * licences, revenue shares and prices unless they are installed already. Purposes (and their
 * lawful bases) the demo calls name are added when missing, never overwritten.
 */
export async function installDefaults(app: INestApplicationContext, config: Config): Promise<void> {
  await app.get(PurposesService).installDefaults(SYSTEM_ACTOR);
  await app.get(DemoModels).installIfEmpty(config.modelsDir);
  await app.get(LicensingDefaults).installIfMissing();
  const file = path.join(config.policiesDir, 'default.yaml');
  if (existsSync(file)) await app.get(PoliciesService).loadDefaults(SYSTEM_ACTOR, 'policies/default.yaml', readFileSync(file, 'utf8'));
}
