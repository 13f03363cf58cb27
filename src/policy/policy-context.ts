import { ROLES, type Role } from '../auth/principal.js';
import { PURPOSE_ID_SHAPE } from '../consent/purpose.js';
import type { RiskClass } from '../models/model-schema.js';

/**
 * What a policy condition can see about one request (for a batch: about one row). The pipeline
 * builds it; conditions name its fields with dotted paths (`model.riskClass`, `input.age`).
 */
export interface PolicyContext {
  tenant: { id: string; name: string };
  role: Role;
  model: { name: string; version: string; riskClass: RiskClass };
  purpose: string;
  /** ISO 3166-1 alpha-2 code (optionally with a subdivision, `US-CA`) of the subject's jurisdiction. */
  jurisdiction?: string;
  /** The country of the jurisdiction: its first two letters (`US` for `US-CA`), for rules about countries. */
  country?: string;
  time: TimeContext;
  subject?: { id?: string; attributes?: Record<string, Scalar> };
  /** One input row: feature name to value. */
  input?: Record<string, Scalar | Scalar[]>;
  /** Present only after inference (output rules). */
  output?: { label: Scalar; score?: number };
  /** Calls already counted for this tenant and model in the current minute and day. */
  quota?: { minute: number; day: number };
  /** PII recognised in the input: entity types (`EMAIL`, `IBAN` …) and how many were found. */
  pii?: { found: string[]; count: number };
}

export type Scalar = string | number | boolean | null;

/** The risk classes the model registry records (EU AI Act tiers a model may be registered in). */
export const RISK_CLASSES = ['minimal', 'limited', 'high'] as const satisfies readonly RiskClass[];
export type { RiskClass };

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeContext {
  iso: string;
  /** 0–23, UTC. */
  hour: number;
  weekday: Weekday;
}

/** The time fields of a context, in UTC, so that the same instant reads the same on every instance. */
export function timeContext(at: Date): TimeContext {
  return { iso: at.toISOString(), hour: at.getUTCHours(), weekday: WEEKDAYS[(at.getUTCDay() + 6) % 7] };
}

/** Which rules may read a field: output exists only after inference. */
export type Phase = 'pre' | 'post';

export type LeafType = 'string' | 'number' | 'integer' | 'boolean' | 'any' | 'string[]';

export interface LeafField {
  kind: 'leaf';
  type: LeafType;
  enum?: readonly string[];
  /** Literals compared with the field must match, so a typo fails validation instead of never matching. */
  pattern?: RegExp;
  patternHint?: string;
  /** Personal data: decisions never copy its value into an explanation. */
  personal?: boolean;
}

export interface GroupField {
  kind: 'group';
  fields: Record<string, ContextField>;
  /** Set on fields that exist only in some phases. */
  phases?: readonly Phase[];
}

/** Keys chosen by the caller (feature names, subject attributes). */
export interface OpenField {
  kind: 'open';
  value: LeafField;
}

export type ContextField = LeafField | GroupField | OpenField;

const text = (extra: Partial<LeafField> = {}): LeafField => ({ kind: 'leaf', type: 'string', ...extra });
const leaf = (type: LeafType, extra: Partial<LeafField> = {}): LeafField => ({ kind: 'leaf', type, ...extra });
const group = (fields: Record<string, ContextField>, phases?: readonly Phase[]): GroupField => ({
  kind: 'group',
  fields,
  ...(phases ? { phases } : {}),
});

export const CONTEXT_SCHEMA: GroupField = group({
  tenant: group({ id: text(), name: text() }),
  role: text({ enum: ROLES }),
  model: group({ name: text(), version: text(), riskClass: text({ enum: RISK_CLASSES }) }),
  purpose: text({ pattern: PURPOSE_ID_SHAPE, patternHint: 'a purpose id, lower-case words joined by dashes like credit-scoring' }),
  jurisdiction: text({ pattern: /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, patternHint: 'an ISO 3166 code, like DE or US-CA' }),
  country: text({ pattern: /^[A-Z]{2}$/, patternHint: 'an ISO 3166-1 alpha-2 country code, like DE' }),
  // time.iso is compared as text: a literal must be written as the context writes it (with
  // milliseconds), or 12:00:00Z would sort after 12:00:00.000Z and miss the first second.
  time: group({
    iso: text({ pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, patternHint: 'an instant as the context writes it, UTC with milliseconds, like 2026-01-01T12:00:00.000Z' }),
    hour: leaf('integer'),
    weekday: text({ enum: WEEKDAYS }),
  }),
  subject: group({ id: text(), attributes: { kind: 'open', value: leaf('any', { personal: true }) } }),
  input: { kind: 'open', value: leaf('any', { personal: true }) },
  output: group({ label: leaf('any'), score: leaf('number') }, ['post']),
  quota: group({ minute: leaf('integer'), day: leaf('integer') }),
  pii: group({ found: leaf('string[]'), count: leaf('integer') }),
});

/** Is the value at this dotted context path personal data (per the schema's `personal` flag)? */
export function isPersonalPath(path: string): boolean {
  let node: ContextField = CONTEXT_SCHEMA;
  for (const key of path.split('.')) {
    if (node.kind === 'leaf') return false;
    const next: ContextField | undefined = node.kind === 'open' ? node.value : Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
    if (!next) return false;
    node = next;
  }
  return node.kind === 'leaf' && node.personal === true;
}

/** The country of a jurisdiction code: its first two letters (`DE` for `DE-BY`). */
export const countryOf = (jurisdiction: string): string => jurisdiction.slice(0, 2);

/** A context with `country` read off `jurisdiction` where it lacks one (contexts recorded before it existed, or written by hand). */
export function withCountry(ctx: PolicyContext): PolicyContext {
  return ctx.jurisdiction !== undefined && ctx.country === undefined ? { ...ctx, country: countryOf(ctx.jurisdiction) } : ctx;
}
