import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CreateTenantDto, TenantView } from './tenants.dto.js';
import { TenantsService } from './tenants.service.js';
import { actorOf } from '../audit/audit.service.js';
import { UuidParam } from '../common/validation.js';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('v1')
export class TenantsController {
  constructor(@Inject(TenantsService) private readonly service: TenantsService) {}

  @Post('admin/tenants')
  @Can('create', 'Tenant')
  @ApiOperation({ summary: 'Create a tenant' })
  @ApiOk(TenantView, 201)
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateTenantDto): Promise<TenantView> {
    return this.service.create(actorOf(principal), dto);
  }

  @Get('admin/tenants')
  @Can('manage', 'Tenant')
  @ApiOperation({ summary: 'List tenants' })
  @ApiOk([TenantView])
  @ApiErrors(401, 403)
  list(): Promise<TenantView[]> {
    return this.service.list();
  }

  @Get('tenants/:id')
  @Can('read', 'Tenant')
  @ApiOperation({ summary: 'Read a tenant (a tenant key reads only its own)' })
  @ApiOk(TenantView)
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam) id: string): Promise<TenantView> {
    return this.service.get(principal, id);
  }
}
