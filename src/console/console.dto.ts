import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ROLES, type Role } from '../auth/principal.js';
import { IsIsoTime } from '../common/iso-time.js';

export class OverviewQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the window (inclusive); default 30 days before `to`' })
  @IsOptional()
  @IsIsoTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the window (exclusive); default now' })
  @IsOptional()
  @IsIsoTime()
  to?: string;
}

export class SessionView {
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid' }) keyId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) partyId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Licensor keys: the name of the party they speak for' }) partyName: string | null;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ type: [String], example: ['read:AuditLog', 'verify:AuditLog'], description: 'The `action:Subject` abilities of the key among those the console uses' })
  permissions: string[];
}

const outcomes = { allowed: { type: 'integer' }, denied: { type: 'integer' } } as const;
const rows = (properties: Record<string, unknown>) => ({ type: 'array', items: { type: 'object', properties: { ...properties, ...outcomes } } }) as const;

export class CallsView {
  @ApiProperty() total: number;
  @ApiProperty() allowed: number;
  @ApiProperty() denied: number;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { reason: { type: 'string' }, stages: { type: 'array', items: { type: 'string' } }, calls: { type: 'integer' } } }, description: 'Denials by reason code, most frequent first' })
  byReason: { reason: string; stages: string[]; calls: number }[];
  @ApiProperty(rows({ model: { type: 'string' } })) byModel: { model: string; allowed: number; denied: number }[];
  @ApiProperty(rows({ tenantId: { type: 'string', nullable: true }, tenantName: { type: 'string', nullable: true } })) byTenant: { tenantId: string | null; tenantName: string | null; allowed: number; denied: number }[];
  @ApiProperty(rows({ purpose: { type: 'string' } })) byPurpose: { purpose: string; allowed: number; denied: number }[];
  @ApiProperty({ ...rows({ tenantId: { type: 'string', nullable: true }, tenantName: { type: 'string', nullable: true }, model: { type: 'string' }, purpose: { type: 'string' } }), description: 'Who called which model for what' })
  usage: { tenantId: string | null; tenantName: string | null; model: string; purpose: string; allowed: number; denied: number }[];
  @ApiProperty(rows({ day: { type: 'string', example: '2026-11-22' } })) daily: { day: string; allowed: number; denied: number }[];
}

export class ConsentStatsView {
  @ApiProperty({ description: 'Data subjects known (by pseudonym) across tenants' }) subjects: number;
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        purpose: { type: 'string' },
        lawfulBasis: { type: 'string' },
        active: { type: 'integer', description: 'Subjects whose latest event is an unexpired grant' },
        withdrawn: { type: 'integer' },
        expired: { type: 'integer' },
        grants: { type: 'integer', description: 'Grants recorded in the window' },
        withdrawals: { type: 'integer', description: 'Withdrawals recorded in the window' },
      },
    },
  })
  purposes: { purpose: string; lawfulBasis: string; active: number; withdrawn: number; expired: number; grants: number; withdrawals: number }[];
  @ApiProperty({ type: 'object', properties: { pending: { type: 'integer' }, overdue: { type: 'integer' }, completed: { type: 'integer', description: 'In the window' } } })
  erasures: { pending: number; overdue: number; completed: number };
}

export class OverviewView {
  @ApiProperty({ type: 'object', properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } } }) window: { from: string; to: string };
  @ApiProperty({ type: 'object', properties: { total: { type: 'integer' }, serving: { type: 'integer', description: 'Models with an active version' }, versions: { type: 'object', additionalProperties: { type: 'integer' } } } })
  models: { total: number; serving: number; versions: Record<string, number> };
  @ApiProperty({ type: 'object', properties: { total: { type: 'integer' } } }) tenants: { total: number };
  @ApiProperty({ type: CallsView }) calls: CallsView;
  @ApiProperty({ type: ConsentStatsView }) consent: ConsentStatsView;
  @ApiProperty({
    type: 'object',
    properties: { open: { type: 'integer' }, byModel: { type: 'array', items: { type: 'object', properties: { model: { type: 'string' }, open: { type: 'integer' }, oldest: { type: 'string', format: 'date-time' } } } } },
  })
  reviews: { open: number; byModel: { model: string; open: number; oldest: string }[] };
  @ApiProperty({
    type: 'array',
    description: 'The newest bias audit of each model',
    items: { type: 'object', properties: { id: { type: 'string' }, model: { type: 'string' }, status: { type: 'string' }, breachCount: { type: 'integer' }, source: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } } },
  })
  audits: { id: string; model: string; status: string; breachCount: number; source: string; createdAt: string }[];
}

export class ChainView {
  @ApiProperty({ example: 'tenant:7d1c0c3e-…' }) chainId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ nullable: true, type: String }) tenantName: string | null;
  @ApiProperty({ description: 'Events in the chain' }) size: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
