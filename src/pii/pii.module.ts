import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { PiiController } from './pii.controller.js';
import { PiiKeys } from './pii-keys.service.js';
import { PiiService } from './pii.service.js';
import { RedactStage } from './redact.stage.js';

@Module({
  imports: [PolicyModule, TenantsModule],
  controllers: [PiiController],
  providers: [PiiKeys, PiiService, RedactStage],
  exports: [PiiKeys, RedactStage],
})
export class PiiModule {}
