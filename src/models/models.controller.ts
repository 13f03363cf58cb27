import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../audit/audit.service.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { ChangeStatusDto, ModelDetailView, ModelSummaryView, ModelVersionView } from './models.dto.js';
import { ModelsService } from './models.service.js';
import { readModelUpload } from './upload.js';

@ApiTags('models')
@ApiBearerAuth()
@Controller('v1')
export class ModelsController {
  constructor(@Inject(ModelsService) private readonly service: ModelsService) {}

  @Get('models')
  @Can('read', 'Model')
  @ApiOperation({ summary: 'Models the caller may use, with the active version, schemas, card, purposes and an example input' })
  @ApiOk([ModelSummaryView])
  @ApiErrors(401, 403)
  list(@CurrentPrincipal() p: Principal): ModelSummaryView[] {
    return this.service.list(p);
  }

  @Get('models/:name')
  @Can('read', 'Model')
  @ApiOperation({ summary: 'One model with all its versions' })
  @ApiOk(ModelDetailView)
  @ApiErrors(401, 403, 404)
  get(@CurrentPrincipal() p: Principal, @Param('name') name: string): ModelDetailView {
    return this.service.get(p, name);
  }

  @Post('admin/models')
  @Can('create', 'Model')
  @ApiOperation({ summary: 'Register a model version (draft): ONNX bytes plus manifest; 422 when the graph does not load or does not match the schema' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['manifest', 'onnx'],
      properties: {
        manifest: { type: 'string', description: 'JSON: name, version, description, riskClass, allowedPurposes, input, output, encoding, explanation, card, example, rightsHolders (see docs/models.md)' },
        onnx: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiOk(ModelVersionView, 201)
  @ApiErrors(400, 401, 403, 409, 413, 415, 422)
  async register(@CurrentPrincipal() p: Principal, @Req() request: FastifyRequest): Promise<ModelVersionView> {
    const { manifest, bytes } = await readModelUpload(request);
    return this.service.register(actorOf(p), manifest, bytes);
  }

  @Post('admin/models/:name/versions/:version/status')
  @Can('update', 'Model')
  @ApiOperation({ summary: 'Activate, suspend, resume or retire a version, with a reason; every instance stops serving a suspended version within a second' })
  @ApiOk(ModelVersionView, 201)
  @ApiErrors(400, 401, 403, 404, 409, 423)
  status(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('version') version: string, @Body() dto: ChangeStatusDto): Promise<ModelVersionView> {
    return this.service.changeStatus(actorOf(p), name, version, dto.status, dto.reason);
  }
}
