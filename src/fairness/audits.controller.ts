import { applyDecorators, Controller, Get, Inject, Param, Post, Query, Req, Res, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { readAuditRequest } from './audit-request.js';
import { AuditSummaryView, AuditView, Ll144SummaryView } from './audit-views.js';
import { AuditFormatQuery, AuditsQuery, Ll144Query, RunAuditDto } from './audits.dto.js';
import { AuditsService } from './audits.service.js';
import type { Ll144Summary } from './ll144.js';
import { UuidParam } from '../common/validation.js';

/** A 200 that is `view` as JSON, or with format=csv the CSV text described. */
const ApiJsonOrCsv = (view: Type<unknown>, csv: string) =>
  applyDecorators(
    ApiExtraModels(view),
    ApiResponse({
      status: 200,
      description: `As JSON, or with format=csv ${csv}`,
      content: { 'application/json': { schema: { $ref: getSchemaPath(view) } }, 'text/csv': { schema: { type: 'string' } } },
    }),
  );

/** Sets the CSV headers; Nest sends the returned text. */
const asCsv = (reply: FastifyReply, name: string, body: string): string => {
  void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
  return body;
};

@ApiTags('fairness')
@ApiBearerAuth()
@ApiExtraModels(RunAuditDto)
@Controller('v1/fairness/audits')
export class AuditsController {
  constructor(@Inject(AuditsService) private readonly service: AuditsService) {}

  @Post()
  @Can('create', 'BiasAudit')
  @ApiOperation({ summary: 'Run a bias audit on an uploaded CSV (source "dataset") or on governed traffic in a window (source "live"); the result is stored' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(RunAuditDto) },
        { type: 'object', required: ['request'], properties: { request: { type: 'string', description: 'The JSON request without csv' }, csv: { type: 'string', format: 'binary' } } },
      ],
    },
  })
  @ApiOk(AuditView, 201)
  @ApiErrors(400, 401, 403, 404, 413, 415, 503)
  async run(@CurrentPrincipal() p: Principal, @Req() request: FastifyRequest): Promise<AuditView> {
    return this.service.run(p, await readAuditRequest(request));
  }

  @Get()
  @Can('read', 'BiasAudit')
  @ApiOperation({ summary: 'Stored audits, newest first (tenants: their own)' })
  @ApiOk([AuditSummaryView])
  @ApiErrors(400, 401, 403)
  list(@CurrentPrincipal() p: Principal, @Query() q: AuditsQuery): Promise<AuditSummaryView[]> {
    return this.service.list(p, q);
  }

  @Get(':id')
  @Can('read', 'BiasAudit')
  @ApiOperation({ summary: 'One audit: groups, comparisons, verdicts, breaches and the cells they were computed from; ?format=csv gives the groups as CSV' })
  @ApiJsonOrCsv(AuditView, 'the groups as CSV')
  @ApiErrors(400, 401, 403, 404)
  async get(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Query() q: AuditFormatQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditView | string> {
    return q.format === 'csv' ? asCsv(reply, `bias-audit-${id}`, await this.service.csv(p, id)) : this.service.get(p, id);
  }

  @Get(':id/ll144')
  @Can('read', 'BiasAudit')
  @ApiOperation({ summary: 'NYC Local Law 144 style summary: selection or scoring rates and impact ratios by sex, race/ethnicity and both, unknown counts, source and period' })
  @ApiJsonOrCsv(Ll144SummaryView, 'the summary as one CSV table')
  @ApiErrors(400, 401, 403, 404)
  async ll144(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Query() q: Ll144Query, @Res({ passthrough: true }) reply: FastifyReply): Promise<Ll144Summary | string> {
    const summary = await this.service.ll144(p, id, q);
    return typeof summary === 'string' ? asCsv(reply, `bias-audit-${id}-ll144`, summary) : summary;
  }
}
