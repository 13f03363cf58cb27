import { Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Can, CurrentPrincipal, Public } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { notFound } from '../common/errors.js';
import { ApiErrors, ApiFile, ApiOk } from '../common/openapi.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { AuditExport } from './audit-export.service.js';
import { AuditIntegrity } from './audit-integrity.service.js';
import { AuditKeys } from './audit-keys.js';
import { AuditService } from './audit.service.js';
import {
  CheckpointsQuery,
  CheckpointView,
  ConsistencyProofView,
  ConsistencyQuery,
  EventsPageQuery,
  EventsPageView,
  ExportQuery,
  InclusionProofView,
  InclusionQuery,
  PublicKeyView,
  VerifyQuery,
  VerifyView,
} from './audit.dto.js';

const date = (iso?: string) => (iso ? new Date(iso) : undefined);

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditIntegrity) private readonly integrity: AuditIntegrity,
    @Inject(AuditCheckpoints) private readonly checkpoints: AuditCheckpoints,
    @Inject(AuditExport) private readonly exports: AuditExport,
    @Inject(AuditKeys) private readonly keys: AuditKeys,
  ) {}

  @Get('events')
  @ApiBearerAuth()
  @Can('read', 'AuditLog')
  @ApiOperation({ summary: 'Query events (tenants: their own chain) with cursor pagination' })
  @ApiOk(EventsPageView)
  @ApiErrors(400, 401, 403, 404)
  events(@CurrentPrincipal() p: Principal, @Query() q: EventsPageQuery): Promise<EventsPageView> {
    return this.audit.findEvents(p, { ...q, from: date(q.from), to: date(q.to) }, q.cursor, q.limit ?? 100) as Promise<EventsPageView>;
  }

  @Get('export')
  @ApiBearerAuth()
  @Can('export', 'AuditLog')
  @ApiOperation({ summary: 'Stream an export: JSONL (verifiable offline with `npm run audit:verify`) or CSV' })
  @ApiFile('The export, streamed: JSON Lines, or CSV with format=csv', 'application/x-ndjson', 'text/csv')
  @ApiErrors(400, 401, 403, 404)
  async export(@CurrentPrincipal() p: Principal, @Query() q: ExportQuery, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const csv = q.format === 'csv';
    const stream = csv ? this.exports.csv(p, { ...q, from: date(q.from), to: date(q.to) }) : await this.exports.jsonl(p, q.chain, q.fromSeq, q.toSeq);
    return reply
      .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="warden-audit.${csv ? 'csv' : 'jsonl'}"`)
      .send(stream);
  }

  @Get('verify')
  @ApiBearerAuth()
  @Can('verify', 'AuditLog')
  @ApiOperation({ summary: 'Re-check hash links, completeness and Merkle roots of the chains the caller may see' })
  @ApiOk(VerifyView)
  @ApiErrors(400, 401, 403, 404)
  verify(@CurrentPrincipal() p: Principal, @Query() q: VerifyQuery): Promise<VerifyView> {
    return this.integrity.verify(p, q.chain, q.from, q.to);
  }

  @Get('checkpoints/latest')
  @ApiBearerAuth()
  @Can('read', 'AuditLog')
  @ApiOperation({ summary: 'The latest signed checkpoint (a tenant sees the statement signed for its chain alone)' })
  @ApiOk(CheckpointView)
  @ApiErrors(401, 403, 404)
  async latest(@CurrentPrincipal() p: Principal): Promise<CheckpointView> {
    const latest = await this.checkpoints.latest(p);
    if (!latest) throw notFound('Checkpoint');
    return latest;
  }

  @Get('checkpoints')
  @ApiBearerAuth()
  @Can('read', 'AuditLog')
  @ApiOperation({ summary: 'Signed checkpoints issued in a time range, oldest first' })
  @ApiOk([CheckpointView])
  @ApiErrors(400, 401, 403)
  list(@CurrentPrincipal() p: Principal, @Query() q: CheckpointsQuery): Promise<CheckpointView[]> {
    return this.checkpoints.list(p, date(q.from) ?? null, date(q.to) ?? null, q.limit ?? 100);
  }

  @Post('checkpoints')
  @ApiBearerAuth()
  @HttpCode(201)
  @Can('manage', 'AuditLog')
  @ApiOperation({ summary: 'Sign a checkpoint now' })
  @ApiOk(CheckpointView, 201)
  @ApiErrors(401, 403)
  async create(): Promise<CheckpointView> {
    return (await this.checkpoints.create(true))!;
  }

  @Get('proofs/inclusion')
  @ApiBearerAuth()
  @Can('read', 'AuditLog')
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of event `seq` in the chain’s tree of `treeSize`' })
  @ApiOk(InclusionProofView)
  @ApiErrors(400, 401, 403, 404)
  inclusion(@CurrentPrincipal() p: Principal, @Query() q: InclusionQuery): Promise<InclusionProofView> {
    return this.integrity.inclusion(p, q.chain, q.seq, q.treeSize);
  }

  @Get('proofs/consistency')
  @ApiBearerAuth()
  @Can('read', 'AuditLog')
  @ApiOperation({ summary: 'RFC 9162 consistency proof between tree sizes `from` and `to` of a chain' })
  @ApiOk(ConsistencyProofView)
  @ApiErrors(400, 401, 403, 404)
  consistency(@CurrentPrincipal() p: Principal, @Query() q: ConsistencyQuery): Promise<ConsistencyProofView> {
    return this.integrity.consistency(p, q.chain, q.from, q.to);
  }

  @Get('public-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key that checkpoints are signed with' })
  @ApiOk(PublicKeyView)
  publicKey(): Promise<PublicKeyView> {
    return this.keys.publicKey();
  }
}
