/**
 * Every error a client can see has one of these stable codes. Services throw `DomainError`s;
 * the exception filter alone turns codes into HTTP statuses (see `statusOf`).
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'AUTH_MISSING'
  | 'AUTH_INVALID'
  | 'AUTH_EXPIRED'
  | 'AUTH_REVOKED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'TOO_MANY_ROWS'
  | 'MODEL_REJECTED'
  | 'MODEL_NOT_ACTIVE'
  | 'MODEL_SUSPENDED'
  | 'MODEL_FROZEN'
  | 'MODEL_RETIRED'
  | 'INVALID_TRANSITION'
  | 'PURPOSE_NOT_ALLOWED'
  | 'POLICY_DENIED'
  | 'NO_ALLOWING_RULE'
  | 'QUOTA_EXCEEDED'
  | 'CONSENT_MISSING'
  | 'CONSENT_WITHDRAWN'
  | 'CONSENT_EXPIRED'
  | 'LICENSE_PURPOSE_FORBIDDEN'
  | 'LICENSE_TERRITORY'
  | 'LICENSE_EXPIRED'
  | 'LICENSE_NON_COMMERCIAL'
  | 'REDACTION_FAILED'
  | 'POLICY_INVALID'
  | 'DB_UNAVAILABLE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Response headers the error needs (e.g. `Retry-After`). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id?: string): DomainError =>
  new DomainError('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`);

/** A 400 VALIDATION_FAILED that names the field and the rule it breaks. */
export const invalidField = (field: string, rule: string, message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { fields: [{ field, rule, message }] });

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'MALFORMED_JSON':
      return 400;
    case 'AUTH_MISSING':
    case 'AUTH_INVALID':
    case 'AUTH_EXPIRED':
    case 'AUTH_REVOKED':
      return 401;
    case 'FORBIDDEN':
    case 'PURPOSE_NOT_ALLOWED':
    case 'POLICY_DENIED':
    case 'NO_ALLOWING_RULE':
    case 'CONSENT_MISSING':
    case 'CONSENT_WITHDRAWN':
    case 'CONSENT_EXPIRED':
    case 'LICENSE_PURPOSE_FORBIDDEN':
    case 'LICENSE_TERRITORY':
    case 'LICENSE_EXPIRED':
    case 'LICENSE_NON_COMMERCIAL':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'REQUEST_TIMEOUT':
      return 408;
    case 'CONFLICT':
    case 'MODEL_NOT_ACTIVE':
    case 'INVALID_TRANSITION':
      return 409;
    case 'MODEL_RETIRED':
      return 410;
    case 'MODEL_REJECTED':
    case 'REDACTION_FAILED':
    case 'POLICY_INVALID':
      return 422;
    case 'MODEL_SUSPENDED':
    case 'MODEL_FROZEN':
      return 423;
    case 'PAYLOAD_TOO_LARGE':
    case 'TOO_MANY_ROWS':
      return 413;
    case 'URI_TOO_LONG':
      return 414;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'HEADERS_TOO_LARGE':
      return 431;
    case 'RATE_LIMITED':
    case 'QUOTA_EXCEEDED':
      return 429;
    case 'DB_UNAVAILABLE':
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
    default:
      return unreachable(code);
  }
}

function unreachable(code: never): never {
  throw new Error(`No HTTP status for error code ${String(code)}`);
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails; requestId: string };
}
