import { Module } from '@nestjs/common';
import { ActivePolicy } from './active-policy.js';
import { PoliciesController } from './policies.controller.js';
import { PoliciesRepository } from './policies.repository.js';
import { PoliciesService } from './policies.service.js';
import { QuotaCounter } from './quota-counter.js';

@Module({
  controllers: [PoliciesController],
  providers: [PoliciesRepository, ActivePolicy, PoliciesService, QuotaCounter],
  exports: [ActivePolicy, PoliciesService, QuotaCounter],
})
export class PolicyModule {}
