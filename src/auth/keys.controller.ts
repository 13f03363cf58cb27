import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { Can, CurrentPrincipal } from './auth.decorators.js';
import { actorOf } from '../audit/audit.service.js';
import type { Principal } from './principal.js';
import { CreatedKeyView, CreateKeyDto, KeyView, ListKeysQuery } from './keys.dto.js';
import { KeysService } from './keys.service.js';
import { UuidParam } from '../common/validation.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/keys')
export class KeysController {
  constructor(@Inject(KeysService) private readonly service: KeysService) {}

  @Post()
  @Can('create', 'ApiKey')
  @ApiOperation({ summary: 'Create an API key; the key is shown only in this response' })
  @ApiOk(CreatedKeyView, 201)
  @ApiErrors(400, 401, 403, 404)
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateKeyDto): Promise<CreatedKeyView> {
    return this.service.create(actorOf(p), dto);
  }

  @Get()
  @Can('read', 'ApiKey')
  @ApiOperation({ summary: 'List API keys (never the keys themselves)' })
  @ApiOk([KeyView])
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListKeysQuery): Promise<KeyView[]> {
    return this.service.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Can('delete', 'ApiKey')
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiResponse({ status: 204, description: 'Done; no body' })
  @ApiErrors(400, 401, 403, 404)
  revoke(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string): Promise<void> {
    return this.service.revoke(actorOf(p), id);
  }
}
