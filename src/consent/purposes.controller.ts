import { Body, Controller, Get, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../audit/audit.service.js';
import { Authenticated, Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { CreatePurposeDto, PurposeDetailView, PurposeView, UpdatePurposeDto } from './purposes.dto.js';
import { PurposesService } from './purposes.service.js';

@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1')
export class PurposesController {
  constructor(@Inject(PurposesService) private readonly service: PurposesService) {}

  @Get('purposes')
  @Authenticated()
  @ApiOperation({ summary: 'Every purpose with its lawful basis, notice and retention (any role)' })
  @ApiOk([PurposeView])
  @ApiErrors(401)
  list(): Promise<PurposeView[]> {
    return this.service.list();
  }

  @Get('purposes/:id')
  @Authenticated()
  @ApiOperation({ summary: 'One purpose with every earlier version of it' })
  @ApiOk(PurposeDetailView)
  @ApiErrors(401, 404)
  get(@Param('id') id: string): Promise<PurposeDetailView> {
    return this.service.get(id);
  }

  @Post('admin/purposes')
  @Can('create', 'Purpose')
  @ApiOperation({ summary: 'Define a purpose (audited)' })
  @ApiOk(PurposeView, 201)
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreatePurposeDto): Promise<PurposeView> {
    return this.service.create(actorOf(p), dto);
  }

  @Put('admin/purposes/:id')
  @Can('update', 'Purpose')
  @ApiOperation({ summary: 'Add a version of a purpose: new wording needs a new notice version; the lawful basis never changes (audited)' })
  @ApiOk(PurposeView)
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdatePurposeDto): Promise<PurposeView> {
    return this.service.update(actorOf(p), id, dto);
  }
}
