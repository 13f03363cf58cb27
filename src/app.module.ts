import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { RedisModule } from './common/redis.module.js';
import { ComplianceModule } from './compliance/compliance.module.js';
import type { Config } from './config/config.js';
import { ConsoleModule } from './console/console.module.js';
import { ConsentModule } from './consent/consent.module.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { FairnessModule } from './fairness/fairness.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LicensingModule } from './licensing/licensing.module.js';
import { ModelsModule } from './models/models.module.js';
import { InferenceModule } from './inference/inference.module.js';
import { PiiModule } from './pii/pii.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { TenantsModule } from './tenants/tenants.module.js';

@Module({})
export class AppModule {
  static forRoot(config: Config, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(dataSource),
        RedisModule.forRoot(),
        JobsModule,
        AuditModule,
        AuthModule,
        TenantsModule,
        ModelsModule,
        PolicyModule,
        PiiModule,
        ConsentModule,
        InferenceModule,
        LicensingModule,
        FairnessModule,
        ComplianceModule,
        HealthModule,
        ConsoleModule,
      ],
    };
  }
}
