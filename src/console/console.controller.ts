import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { ChainView, OverviewQuery, OverviewView, SessionView } from './console.dto.js';
import { ConsoleService } from './console.service.js';

@ApiTags('console')
@ApiBearerAuth()
@Controller('v1/console')
export class ConsoleController {
  constructor(@Inject(ConsoleService) private readonly service: ConsoleService) {}

  @Get('session')
  @Authenticated()
  @ApiOperation({ summary: 'Who the key is: role, tenant or party, and which of the console’s abilities it holds' })
  @ApiOk(SessionView)
  @ApiErrors(401)
  session(@CurrentPrincipal() p: Principal): Promise<SessionView> {
    return this.service.session(p);
  }

  @Get('overview')
  @Can('read', 'Report')
  @ApiOperation({ summary: 'Aggregates for regulators and admins: models, tenants, governed calls and denials by reason, consent statistics, open reviews, latest bias audits' })
  @ApiOk(OverviewView)
  @ApiErrors(400, 401, 403)
  overview(@Query() q: OverviewQuery): Promise<OverviewView> {
    return this.service.overview(q);
  }

  @Get('chains')
  @Can('read', 'AuditLog')
  @ApiOperation({ summary: 'The audit chains the caller may read (tenants: their own), with tenant names and sizes' })
  @ApiOk([ChainView])
  @ApiErrors(401, 403)
  chains(@CurrentPrincipal() p: Principal): Promise<ChainView[]> {
    return this.service.chains(p);
  }
}
