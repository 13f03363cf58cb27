import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { ReviewDecisionDto, ReviewsQuery, ReviewView } from './reviews.dto.js';
import { ReviewsService } from './reviews.service.js';
import { UuidParam } from '../common/validation.js';

@ApiTags('oversight')
@ApiBearerAuth()
@Controller('v1/reviews')
export class ReviewsController {
  constructor(@Inject(ReviewsService) private readonly service: ReviewsService) {}

  @Get()
  @Can('read', 'Review')
  @ApiOperation({ summary: 'The review queue (admins and regulators: all; tenant keys with the reviewer scope: their own)' })
  @ApiOk([ReviewView])
  @ApiErrors(400, 401, 403)
  list(@CurrentPrincipal() p: Principal, @Query() q: ReviewsQuery): Promise<ReviewView[]> {
    return this.service.list(p, q.status, q.limit ?? 100);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Can('review', 'Review')
  @ApiOperation({ summary: 'Confirm or override a decision, with a reason (audited)' })
  @ApiOk(ReviewView)
  @ApiErrors(400, 401, 403, 404, 409)
  decide(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Body() dto: ReviewDecisionDto): Promise<ReviewView> {
    return this.service.decide(p, id, dto);
  }
}
