import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../audit/audit.service.js';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import {
  EarningsQuery,
  EarningsViewDto,
  InvoiceViewDto,
  MarketQuery,
  MarketViewDto,
  PeriodQuery,
  ReconciliationViewDto,
  SettlementDetailView,
  SettlementRequestView,
  SettlementView,
  settlementDetailView,
  settlementView,
  SettlePeriodDto,
  StatementsQuery,
  StatementViewDto,
} from './revenue.dto.js';
import { RevenueService } from './revenue.service.js';
import { SettlementsService } from './settlements.service.js';
import { UuidParam } from '../common/validation.js';

@ApiTags('revenue')
@ApiBearerAuth()
@Controller('v1')
export class RevenueController {
  constructor(
    @Inject(RevenueService) private readonly revenue: RevenueService,
    @Inject(SettlementsService) private readonly settlements: SettlementsService,
  ) {}

  @Get('revenue/reconciliation')
  @Can('read', 'Revenue')
  @ApiOperation({ summary: 'Charges against allocations over [from, to) per currency, computed from the stored rows: each difference is 0 when nothing was lost or invented' })
  @ApiOk(ReconciliationViewDto)
  @ApiErrors(400, 401, 403)
  reconciliation(@Query() q: PeriodQuery) {
    return this.revenue.reconciliation(new Date(q.from), new Date(q.to));
  }

  @Get('revenue/earnings')
  @Can('read', 'Statement')
  @ApiOperation({ summary: 'Earnings per model version over whole days, in total and per day or month (licensors: their own party only)' })
  @ApiOk(EarningsViewDto)
  @ApiErrors(400, 401, 403, 404)
  earnings(@CurrentPrincipal() p: Principal, @Query() q: EarningsQuery) {
    return this.revenue.earnings(p, q);
  }

  @Get('revenue/statements')
  @Can('read', 'Statement')
  @ApiOperation({ summary: 'Statements of closed periods, newest first (licensors: their own party only)' })
  @ApiOk([StatementViewDto])
  @ApiErrors(400, 401, 403, 404)
  statements(@CurrentPrincipal() p: Principal, @Query() q: StatementsQuery) {
    return this.revenue.statements(p, q.partyId);
  }

  @Get('revenue/invoices')
  @Can('read', 'Invoice')
  @ApiOperation({ summary: 'Invoices of closed periods, newest first (tenants: their own only)' })
  @ApiOk([InvoiceViewDto])
  @ApiErrors(401, 403)
  invoices(@CurrentPrincipal() p: Principal) {
    return this.revenue.invoices(p);
  }

  @Get('revenue/market')
  @Can('read', 'Revenue')
  @ApiOperation({ summary: 'Calls and revenue per model and provider over whole days, with shares and the Herfindahl–Hirschman index' })
  @ApiOk(MarketViewDto)
  @ApiErrors(400, 401, 403)
  market(@Query() q: MarketQuery) {
    return this.revenue.market(q);
  }

  @Post('admin/settlements')
  @HttpCode(202)
  @Can('create', 'Settlement')
  @ApiOperation({ summary: 'Close [from, to) in a background job: a statement per party, an invoice per tenant. Idempotent: closing a period again changes nothing' })
  @ApiOk(SettlementRequestView, 202)
  @ApiErrors(400, 401, 403, 409)
  settle(@CurrentPrincipal() p: Principal, @Body() dto: SettlePeriodDto) {
    return this.settlements.request(actorOf(p), { from: new Date(dto.from), to: new Date(dto.to) });
  }

  @Get('admin/settlements')
  @Can('read', 'Settlement')
  @ApiOperation({ summary: 'Closed settlements, newest period first' })
  @ApiOk([SettlementView])
  @ApiErrors(401, 403)
  async list(): Promise<SettlementView[]> {
    return (await this.settlements.list()).map(settlementView);
  }

  @Get('admin/settlements/:id')
  @Can('read', 'Settlement')
  @ApiOperation({ summary: 'One closed settlement with its statements and invoices' })
  @ApiOk(SettlementDetailView)
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', UuidParam) id: string): Promise<SettlementDetailView> {
    return settlementDetailView(await this.settlements.get(id));
  }
}
