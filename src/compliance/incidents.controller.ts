import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiFile, ApiOk } from '../common/openapi.js';
import { EvidenceExportService } from './evidence-export.service.js';
import { FreezesService } from './freezes.service.js';
import { FreezeDto, IncidentReasonDto, IncidentsQuery, IncidentView, RegisterIncidentDto, ReportedDto } from './incidents.dto.js';
import { IncidentsService } from './incidents.service.js';
import { UuidParam } from '../common/validation.js';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('v1/compliance/incidents')
export class IncidentsController {
  constructor(
    @Inject(IncidentsService) private readonly incidents: IncidentsService,
    @Inject(FreezesService) private readonly freezes: FreezesService,
    @Inject(EvidenceExportService) private readonly exports: EvidenceExportService,
  ) {}

  @Post()
  @Can('create', 'Incident')
  @ApiOperation({ summary: 'Register a serious incident (EU AI Act Art. 73) against a model version; its class sets the reporting deadline (2, 10 or 15 days), counted in the given IANA time zone. Tenants: models they have called' })
  @ApiOk(IncidentView, 201)
  @ApiErrors(400, 401, 403, 404)
  register(@CurrentPrincipal() p: Principal, @Body() dto: RegisterIncidentDto): Promise<IncidentView> {
    return this.incidents.register(p, dto);
  }

  @Get()
  @Can('read', 'Incident')
  @ApiOperation({ summary: 'Incidents, newest first, with deadlines and whether they are overdue (tenants: their own)' })
  @ApiOk([IncidentView])
  @ApiErrors(400, 401, 403)
  list(@CurrentPrincipal() p: Principal, @Query() q: IncidentsQuery): Promise<IncidentView[]> {
    return this.incidents.list(p, q);
  }

  @Get(':id')
  @Can('read', 'Incident')
  @ApiOperation({ summary: 'One incident with its deadline and evidence freezes' })
  @ApiOk(IncidentView)
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string): Promise<IncidentView> {
    return this.incidents.get(p, id);
  }

  @Post(':id/freeze')
  @Can('update', 'Incident')
  @ApiOperation({
    summary:
      'Freeze the evidence: seal the model version, the active policy version, the bias audits and the audit log range under a signed checkpoint; the version cannot change (423 MODEL_FROZEN) until released',
  })
  @ApiOk(IncidentView, 201)
  @ApiErrors(400, 401, 403, 404, 409)
  freeze(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Body() dto: FreezeDto): Promise<IncidentView> {
    return this.freezes.freeze(p, id, dto);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Can('update', 'Incident')
  @ApiOperation({ summary: 'Release the incident’s evidence freeze, with a reason; the model version can change again' })
  @ApiOk(IncidentView)
  @ApiErrors(400, 401, 403, 404, 409)
  release(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Body() dto: IncidentReasonDto): Promise<IncidentView> {
    return this.freezes.release(p, id, dto.reason);
  }

  @Post(':id/reported')
  @HttpCode(200)
  @Can('update', 'Incident')
  @ApiOperation({ summary: 'Record that the incident was reported to the market surveillance authority, with its reference; says whether it met the deadline' })
  @ApiOk(IncidentView)
  @ApiErrors(400, 401, 403, 404, 409)
  reported(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Body() dto: ReportedDto): Promise<IncidentView> {
    return this.incidents.reported(p, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Can('update', 'Incident')
  @ApiOperation({ summary: 'Close the incident with a reason (its freeze must be released first)' })
  @ApiOk(IncidentView)
  @ApiErrors(400, 401, 403, 404, 409)
  close(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Body() dto: IncidentReasonDto): Promise<IncidentView> {
    return this.incidents.close(p, id, dto.reason);
  }

  @Get(':id/export')
  @Can('read', 'Incident')
  @ApiOperation({
    summary:
      'The incident report with its evidence, as a tar archive: report (PDF, Markdown), incident, seals, audit log ranges as verifiable JSON Lines exports, public key, and a manifest of sha256s',
  })
  @ApiFile('The tar archive', 'application/x-tar')
  @ApiErrors(400, 401, 403, 404)
  async export(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const archive = await this.exports.export(p, id);
    return reply.header('content-type', 'application/x-tar').header('content-disposition', `attachment; filename="${archive.name}"`).send(archive.bytes);
  }
}
