import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { InferRequestDto, InferResponseView } from './inference.dto.js';
import { InferenceService } from './inference.service.js';

@ApiTags('inference')
@ApiBearerAuth()
@Controller('v1/models')
export class InferenceController {
  constructor(@Inject(InferenceService) private readonly service: InferenceService) {}

  @Post(':model/infer')
  @HttpCode(200)
  @Can('infer', 'Model')
  @ApiParam({ name: 'model', description: '`name`, or `name@version` to pin a version', example: 'credit-approval' })
  @ApiOperation({ summary: 'Governed inference: authorised, consented, policy-checked, explained, metered and audited' })
  @ApiOk(InferResponseView)
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 423, 503)
  infer(@CurrentPrincipal() p: Principal, @Param('model') model: string, @Body() dto: InferRequestDto): Promise<InferResponseView> {
    return this.service.infer(p, model, dto);
  }
}
