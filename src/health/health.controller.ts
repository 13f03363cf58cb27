import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { LivenessView, ReadinessView } from './health.dto.js';
import { HealthService } from './health.service.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly service: HealthService) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'The process is up' })
  @ApiOk(LivenessView)
  live(): LivenessView {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'The database answers (503 DB_UNAVAILABLE otherwise); `degraded` when a configured Redis does not, which calls survive' })
  @ApiOk(ReadinessView)
  @ApiErrors(503)
  ready(): Promise<ReadinessView> {
    return this.service.ready();
  }
}
