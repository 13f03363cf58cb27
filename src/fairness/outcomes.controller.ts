import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { OutcomeView, ReportOutcomeDto } from './outcomes.dto.js';
import { OutcomesService } from './outcomes.service.js';

@ApiTags('fairness')
@ApiBearerAuth()
@Controller('v1/outcomes')
export class OutcomesController {
  constructor(@Inject(OutcomesService) private readonly service: OutcomesService) {}

  @Post()
  @Can('create', 'Outcome')
  @ApiOperation({ summary: 'Report the true outcome of a governed call (one label per row, or one row); audited on the tenant’s chain' })
  @ApiOk(OutcomeView, 201)
  @ApiErrors(400, 401, 403, 404, 409)
  report(@CurrentPrincipal() p: Principal, @Body() dto: ReportOutcomeDto): Promise<OutcomeView> {
    return this.service.report(p, dto);
  }
}
