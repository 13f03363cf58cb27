// Every TypeORM entity. The schema itself changes only through migrations/.
import { ApiKeyEntity } from '../auth/api-key.entity.js';
import { ModelEntity, ModelVersionEntity } from '../models/model.entity.js';
import { TenantEntity } from '../tenants/tenant.entity.js';

export const entities = [TenantEntity, ApiKeyEntity, ModelEntity, ModelVersionEntity];
