import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { auditView, AuditView } from './audit-views.js';
import { ReviewRequirementsService } from './review-requirements.service.js';
import { ClearReviewDto, reviewRequirementView, ReviewRequirementsQuery, ReviewRequirementView, ScheduleDto, ScheduleView } from './schedules.dto.js';
import { SchedulesService } from './schedules.service.js';

@ApiTags('fairness')
@ApiBearerAuth()
@Controller('v1')
export class SchedulesController {
  constructor(
    @Inject(SchedulesService) private readonly schedules: SchedulesService,
    @Inject(ReviewRequirementsService) private readonly reviews: ReviewRequirementsService,
  ) {}

  @Get('fairness/schedules')
  @Can('read', 'BiasAuditSchedule')
  @ApiOperation({ summary: 'Every model’s audit schedule, with its latest scheduled run' })
  @ApiOk([ScheduleView])
  @ApiErrors(401, 403)
  list(): Promise<ScheduleView[]> {
    return this.schedules.list();
  }

  @Get('fairness/schedules/:model')
  @Can('read', 'BiasAuditSchedule')
  @ApiOperation({ summary: 'One model’s audit schedule' })
  @ApiOk(ScheduleView)
  @ApiErrors(401, 403, 404)
  get(@Param('model') model: string): Promise<ScheduleView> {
    return this.schedules.get(model);
  }

  @Put('admin/fairness/schedules/:model')
  @Can('update', 'BiasAuditSchedule')
  @ApiOperation({ summary: 'Create or replace a model’s audit schedule: how often, over which window, which attributes, thresholds and what a breach does' })
  @ApiOk(ScheduleView)
  @ApiErrors(400, 401, 403, 404)
  set(@CurrentPrincipal() p: Principal, @Param('model') model: string, @Body() dto: ScheduleDto): Promise<ScheduleView> {
    return this.schedules.set(p, model, dto);
  }

  @Delete('admin/fairness/schedules/:model')
  @HttpCode(204)
  @Can('update', 'BiasAuditSchedule')
  @ApiOperation({ summary: 'Stop auditing a model on a schedule' })
  @ApiResponse({ status: 204, description: 'Done; no body' })
  @ApiErrors(401, 403, 404)
  remove(@CurrentPrincipal() p: Principal, @Param('model') model: string): Promise<void> {
    return this.schedules.remove(p, model);
  }

  @Post('admin/fairness/schedules/:model/run')
  @HttpCode(201)
  @Can('update', 'BiasAuditSchedule')
  @ApiOperation({ summary: 'Run a model’s scheduled audit now, consequence included' })
  @ApiOk(AuditView, 201)
  @ApiErrors(401, 403, 404, 503)
  async run(@CurrentPrincipal() p: Principal, @Param('model') model: string): Promise<AuditView> {
    return auditView(await this.schedules.runNow(p, model));
  }

  @Get('fairness/review-requirements')
  @Can('read', 'BiasAuditSchedule')
  @ApiOperation({ summary: 'Models under human review because a bias audit breached (open ones; ?all=true for cleared ones too)' })
  @ApiOk([ReviewRequirementView])
  @ApiErrors(400, 401, 403)
  async requirements(@Query() q: ReviewRequirementsQuery): Promise<ReviewRequirementView[]> {
    return (await this.reviews.list(q.all === 'true', 500)).map(reviewRequirementView);
  }

  @Post('admin/fairness/review-requirements/:model/clear')
  @HttpCode(200)
  @Can('update', 'BiasAuditSchedule')
  @ApiOperation({ summary: 'Lift the review requirement a breach put on a model, with a reason (audited)' })
  @ApiOk(ReviewRequirementView)
  @ApiErrors(400, 401, 403, 404)
  async clear(@CurrentPrincipal() p: Principal, @Param('model') model: string, @Body() dto: ClearReviewDto): Promise<ReviewRequirementView> {
    return reviewRequirementView(await this.reviews.clear(p, model, dto.reason));
  }
}
