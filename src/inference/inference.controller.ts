import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { StepTimings } from '../common/server-timing.js';
import { AppConfig } from '../config/config.module.js';
import { InferRequestDto, InferResponseView } from './inference.dto.js';
import { InferenceService } from './inference.service.js';

@ApiTags('inference')
@ApiBearerAuth()
@Controller('v1/models')
export class InferenceController {
  constructor(
    @Inject(InferenceService) private readonly service: InferenceService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Post(':model/infer')
  @HttpCode(200)
  @Can('infer', 'Model')
  @ApiParam({ name: 'model', description: '`name`, or `name@version` to pin a version', example: 'credit-approval' })
  @ApiOperation({ summary: 'Governed inference: authorised, consented, policy-checked, explained, metered and audited' })
  @ApiOk(InferResponseView, 200, {
    'Server-Timing': 'When the deployment sets SERVER_TIMING: milliseconds each stage of the pipeline and the audit append took, e.g. `resolve;dur=0.02, …, consent;dur=1.28, …, audit;dur=3.12` (refusals carry it too)',
  })
  @ApiErrors(400, 401, 403, 404, 409, 410, 413, 422, 423, 503)
  async infer(@CurrentPrincipal() p: Principal, @Param('model') model: string, @Body() dto: InferRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<InferResponseView> {
    if (!this.config.serverTiming) return this.service.infer(p, model, dto);
    const timings = new StepTimings();
    try {
      return await this.service.infer(p, model, dto, timings);
    } finally {
      // On refusals too: the error envelope is sent on this reply.
      void reply.header('server-timing', timings.header());
    }
  }
}
