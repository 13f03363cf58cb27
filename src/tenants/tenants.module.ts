import { Module } from '@nestjs/common';
import { TenantsController } from './tenants.controller.js';
import { TenantsRepository } from './tenants.repository.js';
import { TenantsService } from './tenants.service.js';
import { TenantDirectory } from './tenant-directory.js';

@Module({
  controllers: [TenantsController],
  providers: [TenantsService, TenantsRepository, TenantDirectory],
  exports: [TenantsRepository, TenantDirectory],
})
export class TenantsModule {}
