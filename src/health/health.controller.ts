import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/openapi.js';
import { HealthService, type Readiness } from './health.service.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly service: HealthService) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'The process is up' })
  @ApiResponse({ status: 200, description: '{ status: "ok" }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'The database answers (503 DB_UNAVAILABLE otherwise); `degraded` when a configured Redis does not, which calls survive' })
  @ApiResponse({ status: 200, description: '{ status: "ok" | "degraded", checks: { database, redis? } }' })
  @ApiErrors(503)
  ready(): Promise<Readiness> {
    return this.service.ready();
  }
}
