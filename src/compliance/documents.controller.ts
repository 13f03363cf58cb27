import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../audit/audit.service.js';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiFile, ApiOk } from '../common/openapi.js';
import { DocumentRefresh } from './document-refresh.service.js';
import { DocumentsQuery, DocumentsRefreshView, DocumentVerifyView, DocumentView, GenerateDocumentDto } from './documents.dto.js';
import { DocumentsService } from './documents.service.js';
import { UuidParam } from '../common/validation.js';

const sendFile = (reply: FastifyReply, file: { bytes: Buffer; sha256: string; name: string }, type: string): FastifyReply =>
  reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${file.name}"`)
    .header('x-content-sha256', file.sha256)
    .header('etag', `"sha256:${file.sha256}"`)
    .header('cache-control', 'private, max-age=31536000, immutable')
    .send(file.bytes);

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('v1')
export class DocumentsController {
  constructor(
    @Inject(DocumentsService) private readonly service: DocumentsService,
    @Inject(DocumentRefresh) private readonly refresher: DocumentRefresh,
  ) {}

  @Post('compliance/documents')
  @Can('create', 'ComplianceDocument')
  @ApiOperation({
    summary:
      'Generate a compliance document (Markdown and PDF) from live evidence: its sha256 and provenance go into the audit chain. 201 with the new document, or 200 with the latest one when its evidence is unchanged',
  })
  @ApiOk(DocumentView, 201)
  @ApiResponse({ status: 200, type: DocumentView, description: 'The latest document of the subject already reflects the evidence' })
  @ApiErrors(400, 401, 403, 404)
  async generate(@CurrentPrincipal() p: Principal, @Body() dto: GenerateDocumentDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<DocumentView> {
    const view = await this.service.generate(p, dto);
    void reply.status(view.created ? 201 : 200);
    return view;
  }

  @Get('compliance/documents')
  @Can('read', 'ComplianceDocument')
  @ApiOperation({ summary: 'Generated documents, newest first; ?at= gives those built by then (the first is the one current then). Tenants: their own, and instructions for use' })
  @ApiOk([DocumentView])
  @ApiErrors(400, 401, 403)
  list(@CurrentPrincipal() p: Principal, @Query() q: DocumentsQuery): Promise<DocumentView[]> {
    return this.service.list(p, q);
  }

  @Get('compliance/documents/:id')
  @Can('read', 'ComplianceDocument')
  @ApiOperation({ summary: 'One document: hashes, provenance, its audit event, and whether it is still current' })
  @ApiOk(DocumentView)
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string): Promise<DocumentView> {
    return this.service.get(p, id);
  }

  @Get('compliance/documents/:id/pdf')
  @Can('read', 'ComplianceDocument')
  @ApiOperation({ summary: 'The PDF, byte for byte as generated; x-content-sha256 is the hash in the audit chain' })
  @ApiFile('The PDF', 'application/pdf')
  @ApiErrors(400, 401, 403, 404)
  async pdf(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return sendFile(reply, await this.service.file(p, id, 'pdf'), 'application/pdf');
  }

  @Get('compliance/documents/:id/markdown')
  @Can('read', 'ComplianceDocument')
  @ApiOperation({ summary: 'The Markdown, byte for byte as generated; x-content-sha256 is the hash in the audit chain' })
  @ApiFile('The Markdown', 'text/markdown')
  @ApiErrors(400, 401, 403, 404)
  async markdown(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return sendFile(reply, await this.service.file(p, id, 'markdown'), 'text/markdown; charset=utf-8');
  }

  @Get('compliance/documents/:id/verify')
  @Can('read', 'ComplianceDocument')
  @ApiOperation({ summary: 'Recompute both files’ sha256 and compare them with the stored values and the audit event; name the signed checkpoint covering that event' })
  @ApiOk(DocumentVerifyView)
  @ApiErrors(400, 401, 403, 404)
  verify(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string): Promise<DocumentVerifyView> {
    return this.service.verify(p, id);
  }

  @Post('admin/compliance/documents/refresh')
  @HttpCode(200)
  @Can('manage', 'ComplianceDocument')
  @ApiOperation({ summary: 'Check every model’s documents against the live evidence now and generate those whose evidence changed (also runs hourly)' })
  @ApiOk(DocumentsRefreshView)
  @ApiErrors(401, 403)
  refresh(@CurrentPrincipal() p: Principal): Promise<DocumentsRefreshView> {
    return this.refresher.refresh(actorOf(p));
  }
}
