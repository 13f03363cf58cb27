import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Database (and Redis, when configured) answer; 503 with the failing checks otherwise' })
  @ApiErrors(503)
  ready(): Promise<Readiness> {
    return this.service.ready();
  }
}
