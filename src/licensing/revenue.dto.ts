import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsUuid } from '../common/uuid.js';
import type { CurrencyReconciliation } from './reconciliation.js';
import type { SettlementDetail, SettlementRequest } from './settlements.service.js';
import type { SettlementRow } from './settlements.repository.js';
import type { Invoice, PeriodLabel, Statement } from './settlement-rules.js';
import { IsIsoTime } from '../common/iso-time.js';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class PeriodQuery {
  @ApiProperty({ example: '2026-11-01T00:00:00Z', description: 'Start (inclusive), ISO 8601' })
  @IsIsoTime()
  from: string;

  @ApiProperty({ example: '2026-12-01T00:00:00Z', description: 'End (exclusive), ISO 8601' })
  @IsIsoTime()
  to: string;
}

export class SettlePeriodDto extends PeriodQuery {}

/** Statements and markets are read from daily rollups, so their ranges are whole UTC days. */
export class DayRangeQuery {
  @ApiProperty({ example: '2026-11-01', description: 'First day (UTC), inclusive' })
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  @IsIsoTime({ message: 'from must be a day of the calendar (2026-02-30 is not)' })
  from: string;

  @ApiProperty({ example: '2026-12-01', description: 'Day after the last (UTC), exclusive' })
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  @IsIsoTime({ message: 'to must be a day of the calendar (2026-02-30 is not)' })
  to: string;
}

export class EarningsQuery extends DayRangeQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one party (default: all). Licensors read only their own party' })
  @IsOptional()
  @IsUuid()
  partyId?: string;

  @ApiPropertyOptional({ enum: ['day', 'month'], default: 'month' })
  @IsOptional()
  @IsIn(['day', 'month'])
  interval?: 'day' | 'month';
}

export class StatementsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one party (default: all). Licensors read only their own party' })
  @IsOptional()
  @IsUuid()
  partyId?: string;
}

export class MarketQuery extends DayRangeQuery {
  @ApiPropertyOptional({ example: 'EUR', description: 'One currency (default: a report per currency)' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;
}

const currencyRow = { type: 'object', properties: { currency: { type: 'string' }, calls: { type: 'integer' }, charges: { type: 'integer' }, allocations: { type: 'integer' }, difference: { type: 'integer' } } };
const anyObjects = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

export class ReconciliationViewDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: 'integer', description: 'Charged calls, in every currency' }) calls: number;
  @ApiProperty({ type: 'integer', description: 'Charges whose own allocations do not add up to them' }) mismatchedCharges: number;
  @ApiProperty({
    type: 'array',
    items: currencyRow,
    description:
      'Per currency: calls, micro-units charged and allocated, and charges − allocations (0 when nothing was lost or invented). Amounts in different currencies are never added together, so there is no total across them',
  })
  currencies: CurrencyReconciliation[];
}

export class EarningsViewDto {
  @ApiProperty({ nullable: true, type: String }) partyId: string | null;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ['day', 'month'] }) interval: string;
  @ApiProperty({ ...anyObjects, description: 'Per currency: allocations and micro-units' }) totals: Record<string, unknown>[];
  @ApiProperty({ ...anyObjects, description: 'Per party, model version and currency' }) models: Record<string, unknown>[];
  @ApiProperty({ ...anyObjects, description: 'The same per day or month (`period` is its first day)' }) series: Record<string, unknown>[];
}

/** A statement as the settlement hashed it: every member but `hash` is covered by `hash`. */
export class StatementDocumentDto {
  @ApiProperty({ enum: ['statement'] }) kind: 'statement';
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty() currency: string;
  @ApiProperty({ type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } }) period: PeriodLabel;
  @ApiProperty({ ...anyObjects, description: 'A line per version whose share table paid the party: allocations and micro-units' }) lines: Statement['lines'];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Part of the total from late charges of earlier periods' }) carriedIn: number;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the statement without its hash' }) hash: string;
}

/** A statement in a listing, with the settlement it belongs to (not part of the hashed document). */
export class StatementViewDto extends StatementDocumentDto {
  @ApiProperty({ format: 'uuid', description: 'The settlement the statement belongs to; not covered by `hash`' }) settlementId: string;
}

/** An invoice as the settlement hashed it: every member but `hash` is covered by `hash`. */
export class InvoiceDocumentDto {
  @ApiProperty({ enum: ['invoice'] }) kind: 'invoice';
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() currency: string;
  @ApiProperty({ type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } }) period: PeriodLabel;
  @ApiProperty({ ...anyObjects, description: 'A line per version called: calls and micro-units' }) lines: Invoice['lines'];
  @ApiProperty() calls: number;
  @ApiProperty() total: number;
  @ApiProperty() carriedIn: number;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the invoice without its hash' }) hash: string;
}

/** An invoice in a listing, with the settlement it belongs to (not part of the hashed document). */
export class InvoiceViewDto extends InvoiceDocumentDto {
  @ApiProperty({ format: 'uuid', description: 'The settlement the invoice belongs to; not covered by `hash`' }) settlementId: string;
}

export class MarketViewDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ ...anyObjects, description: 'Per currency: calls and revenue per model and provider, shares in basis points, HHI' }) markets: Record<string, unknown>[];
}

export class SettlementRequestView implements SettlementRequest {
  @ApiProperty() jobId: string;
  @ApiProperty({ format: 'uuid', description: 'Derived from the period: the same period always names the same settlement' }) settlementId: string;
  @ApiProperty({ type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } }) period: PeriodLabel;
  @ApiProperty({ enum: ['queued', 'closed'] }) status: 'queued' | 'closed';
}

export class SettlementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } }) period: PeriodLabel;
  @ApiProperty({ enum: ['closed'] }) status: 'closed';
  @ApiProperty({ description: 'Charges this settlement closed (late ones included)' }) charges: number;
  @ApiProperty({ description: 'Unsettled charges dated after the period when it closed' }) deferred: number;
  @ApiProperty({ type: 'array', items: currencyRow }) totals: CurrencyReconciliation[];
  @ApiProperty({ description: 'SHA-256 over the period, totals and every document hash' }) hash: string;
  @ApiProperty({ format: 'date-time' }) closedAt: string;
  @ApiProperty() closedBy: string;
}

export class SettlementDetailView extends SettlementView {
  @ApiProperty({ type: [StatementDocumentDto], description: 'The settlement\'s statements, as hashed' }) statements: Statement[];
  @ApiProperty({ type: [InvoiceDocumentDto], description: 'The settlement\'s invoices, as hashed' }) invoices: Invoice[];
}

/** Documents come back from jsonb with their keys reordered; give them back in reading order. */
export const statementView = (s: Statement) => ({
  kind: s.kind,
  partyId: s.partyId,
  currency: s.currency,
  period: { from: s.period.from, to: s.period.to },
  lines: s.lines.map((l) => ({ versionId: l.versionId, allocations: l.allocations, amount: l.amount })),
  total: s.total,
  carriedIn: s.carriedIn,
  hash: s.hash,
});

export const invoiceView = (i: Invoice) => ({
  kind: i.kind,
  tenantId: i.tenantId,
  currency: i.currency,
  period: { from: i.period.from, to: i.period.to },
  lines: i.lines.map((l) => ({ versionId: l.versionId, calls: l.calls, amount: l.amount })),
  calls: i.calls,
  total: i.total,
  carriedIn: i.carriedIn,
  hash: i.hash,
});

const totalsView = (t: CurrencyReconciliation) => ({ currency: t.currency, calls: t.calls, charges: t.charges, allocations: t.allocations, difference: t.difference });

export const settlementView = (s: SettlementRow): SettlementView => ({
  id: s.id,
  period: { from: s.from.toISOString(), to: s.to.toISOString() },
  status: s.status,
  charges: s.charges,
  deferred: s.deferred,
  totals: s.totals.map(totalsView),
  hash: s.hash,
  closedAt: s.closedAt.toISOString(),
  closedBy: s.closedBy,
});

export const settlementDetailView = (d: SettlementDetail): SettlementDetailView => ({
  ...settlementView(d.settlement),
  statements: d.statements.map(statementView),
  invoices: d.invoices.map(invoiceView),
});
