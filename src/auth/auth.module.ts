import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { KeyLookup } from './key-lookup.js';
import { KeysController } from './keys.controller.js';
import { KeysService } from './keys.service.js';
import { RateLimiter } from './rate-limiter.js';

@Module({
  imports: [TenantsModule],
  controllers: [KeysController],
  providers: [ApiKeysRepository, KeyLookup, AuthService, KeysService, RateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [KeysService, AuthService],
})
export class AuthModule {}
