import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../audit/audit.service.js';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { ErasureService } from './erasure.service.js';
import { ProcessingService } from './processing.service.js';
import { ProtectedAttributesService } from './protected-attributes.service.js';
import { RetentionService } from './retention.service.js';
import { SubjectExportService } from './subject-export.service.js';
import {
  ErasureQuery,
  ErasureView,
  ProtectedAttributesDto,
  ProtectedAttributesView,
  ProtectedAttributesWriteView,
  RecordOfProcessingView,
  RetentionRunView,
  SubjectExportView,
} from './subjects.dto.js';
import { UuidParam } from '../common/validation.js';

const SUBJECT = { name: 'subjectId', description: 'The tenant’s own id for the subject (URL-encoded)', example: 'customer-4411' };

@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1')
export class SubjectsController {
  constructor(
    @Inject(ProtectedAttributesService) private readonly protectedAttributes: ProtectedAttributesService,
    @Inject(SubjectExportService) private readonly exports: SubjectExportService,
    @Inject(ErasureService) private readonly erasures: ErasureService,
    @Inject(ProcessingService) private readonly processing: ProcessingService,
    @Inject(RetentionService) private readonly retention: RetentionService,
  ) {}

  @Get('subjects/erasures')
  @Can('read', 'Subject')
  @ApiOperation({ summary: 'Erasure requests, newest first, with their Art. 12(3) deadlines' })
  @ApiOk([ErasureView])
  @ApiErrors(400, 401, 403)
  listErasures(@CurrentPrincipal() p: Principal, @Query() q: ErasureQuery): Promise<ErasureView[]> {
    return this.erasures.list(p, q.status, q.limit ?? 100);
  }

  @Get('subjects/erasures/:id')
  @Can('read', 'Subject')
  @ApiOperation({ summary: 'One erasure request: status, deadline and, once done, the signed erasure receipt' })
  @ApiOk(ErasureView)
  @ApiErrors(400, 401, 403, 404)
  erasure(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string): Promise<ErasureView> {
    return this.erasures.get(p, id);
  }

  @Put('subjects/:subjectId/protected-attributes')
  @Can('update', 'Subject')
  @ApiParam(SUBJECT)
  @ApiOperation({ summary: 'Keep protected attributes for fairness monitoring: needs consent to fairness-monitoring or a declared basis' })
  @ApiOk(ProtectedAttributesWriteView)
  @ApiErrors(400, 401, 403)
  putProtected(@CurrentPrincipal() p: Principal, @Param('subjectId') subjectId: string, @Body() dto: ProtectedAttributesDto): Promise<ProtectedAttributesWriteView> {
    return this.protectedAttributes.put(p, subjectId, dto);
  }

  @Get('subjects/:subjectId/protected-attributes')
  @Can('read', 'Subject')
  @ApiParam(SUBJECT)
  @ApiOperation({ summary: 'Read a subject’s protected attributes (the read is audited)' })
  @ApiOk(ProtectedAttributesView)
  @ApiErrors(400, 401, 403, 404)
  getProtected(@CurrentPrincipal() p: Principal, @Param('subjectId') subjectId: string): Promise<ProtectedAttributesView> {
    return this.protectedAttributes.get(p, subjectId);
  }

  @Get('subjects/:subjectId/export')
  @Can('export', 'Subject')
  @ApiParam(SUBJECT)
  @ApiOperation({ summary: 'Everything held on a subject, as JSON (GDPR Art. 15; audited)' })
  @ApiOk(SubjectExportView)
  @ApiErrors(400, 401, 403)
  export(@CurrentPrincipal() p: Principal, @Param('subjectId') subjectId: string): Promise<SubjectExportView> {
    return this.exports.export(p, subjectId);
  }

  @Post('subjects/:subjectId/erasure')
  @HttpCode(202)
  @Can('delete', 'Subject')
  @ApiParam(SUBJECT)
  @ApiOperation({ summary: 'Erase a subject (GDPR Art. 17) as a background job; poll the request for its signed receipt' })
  @ApiOk(ErasureView, 202)
  @ApiErrors(400, 401, 403)
  erase(@CurrentPrincipal() p: Principal, @Param('subjectId') subjectId: string): Promise<ErasureView> {
    return this.erasures.requestFor(p, subjectId);
  }

  @Get('tenants/:id/record-of-processing')
  @Can('read', 'Tenant')
  @ApiOperation({ summary: 'The tenant’s record of processing activities (GDPR Art. 30): the tenant itself, admins and regulators' })
  @ApiOk(RecordOfProcessingView)
  @ApiErrors(400, 401, 403, 404)
  recordOfProcessing(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string): Promise<RecordOfProcessingView> {
    return this.processing.record(p, id);
  }

  @Post('admin/retention/run')
  @HttpCode(200)
  @Can('manage', 'Purpose')
  @ApiOperation({ summary: 'Run the retention purge now (it also runs every RETENTION_INTERVAL_MS); audited with counts' })
  @ApiOk(RetentionRunView)
  @ApiErrors(401, 403)
  runRetention(@CurrentPrincipal() p: Principal): Promise<RetentionRunView> {
    return this.retention.purge(actorOf(p));
  }
}
