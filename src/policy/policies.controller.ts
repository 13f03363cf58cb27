import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../audit/audit.service.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import {
  ActivationView,
  activationView,
  CreatePolicyDto,
  DiffQuery,
  DryRunDto,
  DryRunView,
  PolicyDetailView,
  policyDetail,
  PolicyDiffView,
  PolicySourceDto,
  PolicyView,
  policyView,
  ReasonDto,
  RollbackDto,
  RuleImpactView,
  ValidationView,
} from './policies.dto.js';
import { PoliciesService } from './policies.service.js';
import { IntParam } from '../common/validation.js';

/** The {version} path parameter, which IntParam reads as a whole number. */
const ApiVersionParam = () => ApiParam({ name: 'version', type: 'integer' });

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1')
export class PoliciesController {
  constructor(@Inject(PoliciesService) private readonly service: PoliciesService) {}

  @Get('policies')
  @Can('read', 'Policy')
  @ApiOperation({ summary: 'Every policy version, newest first, with author, reason and activation' })
  @ApiOk([PolicyView])
  @ApiErrors(401, 403)
  async list(): Promise<PolicyView[]> {
    return (await this.service.list()).map(policyView);
  }

  @Get('policies/active')
  @Can('read', 'Policy')
  @ApiOperation({ summary: 'The active policy' })
  @ApiOk(PolicyDetailView)
  @ApiErrors(401, 403, 404)
  async active(): Promise<PolicyDetailView> {
    return policyDetail(await this.service.activeVersion());
  }

  @Get('policies/activations')
  @Can('read', 'Policy')
  @ApiOperation({ summary: 'Every activation and rollback, newest first: which version was put in force, when, by whom and why' })
  @ApiOk([ActivationView])
  @ApiErrors(401, 403)
  async activations(): Promise<ActivationView[]> {
    return (await this.service.activations()).map(activationView);
  }

  @Get('policies/:version')
  @Can('read', 'Policy')
  @ApiOperation({ summary: 'One policy version with its YAML source' })
  @ApiVersionParam()
  @ApiOk(PolicyDetailView)
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('version', IntParam) version: number): Promise<PolicyDetailView> {
    return policyDetail(await this.service.get(version));
  }

  @Get('policies/:version/diff')
  @Can('read', 'Policy')
  @ApiOperation({ summary: 'Rules added, removed and changed against another version (default: the active one)' })
  @ApiVersionParam()
  @ApiOk(PolicyDiffView)
  @ApiErrors(400, 401, 403, 404)
  diff(@Param('version', IntParam) version: number, @Query() q: DiffQuery): Promise<PolicyDiffView> {
    return this.service.diff(version, q.against);
  }

  @Post('admin/policies/validate')
  @HttpCode(200)
  @Can('create', 'Policy')
  @ApiOperation({ summary: 'Check a policy document; errors name the line, column and field' })
  @ApiOk(ValidationView)
  @ApiErrors(400, 401, 403)
  validate(@Body() dto: PolicySourceDto): ValidationView {
    const { valid, errors } = this.service.validate(dto.source);
    return { valid, errors };
  }

  @Post('admin/policies')
  @Can('create', 'Policy')
  @ApiOperation({ summary: 'Store a draft version (not yet in force)' })
  @ApiOk(PolicyDetailView, 201)
  @ApiErrors(400, 401, 403, 422)
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreatePolicyDto): Promise<PolicyDetailView> {
    return policyDetail(await this.service.createDraft(actorOf(p), dto.source, dto.reason));
  }

  @Post('admin/policies/:version/dry-run')
  @HttpCode(200)
  @Can('update', 'Policy')
  @ApiOperation({ summary: 'Replay recorded calls through this version and the active one: how many decisions would change, by rule, with examples' })
  @ApiVersionParam()
  @ApiOk(DryRunView)
  @ApiExtraModels(RuleImpactView)
  @ApiErrors(400, 401, 403, 404)
  dryRun(@Param('version', IntParam) version: number, @Body() dto: DryRunDto): Promise<DryRunView> {
    return this.service.dryRun(version, { last: dto.last, from: dto.from ? new Date(dto.from) : undefined, to: dto.to ? new Date(dto.to) : undefined });
  }

  @Post('admin/policies/:version/activate')
  @HttpCode(200)
  @Can('update', 'Policy')
  @ApiOperation({ summary: 'Put this version in force on every instance' })
  @ApiVersionParam()
  @ApiOk(PolicyView)
  @ApiErrors(400, 401, 403, 404, 409)
  async activate(@CurrentPrincipal() p: Principal, @Param('version', IntParam) version: number, @Body() dto: ReasonDto): Promise<PolicyView> {
    return policyView(await this.service.activate(actorOf(p), version, dto.reason));
  }

  @Post('admin/policies/rollback')
  @HttpCode(200)
  @Can('update', 'Policy')
  @ApiOperation({ summary: 'Put back the version that was in force before the current one was activated; again, to go further back' })
  @ApiOk(PolicyView)
  @ApiErrors(400, 401, 403, 409)
  async rollback(@CurrentPrincipal() p: Principal, @Body() dto: RollbackDto): Promise<PolicyView> {
    return policyView(await this.service.rollback(actorOf(p), dto.reason, dto.from));
  }
}
