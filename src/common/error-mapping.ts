import { HttpException } from '@nestjs/common';
import { DomainError, type ErrorCode } from './errors.js';

/**
 * Turns anything thrown while serving a request into a `DomainError`: our own errors pass
 * through, framework and Fastify errors get their stable code, and everything else becomes
 * INTERNAL with no internals exposed.
 */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof HttpException) return fromHttpException(error);
  const fastify = fromFastify(error);
  if (fastify) return fastify;
  if (isConnectionFailure(error)) return new DomainError('DB_UNAVAILABLE', 'The database is unavailable; try again shortly');
  if (UNSTORABLE_TEXT.has(postgresCode(error) ?? '')) return new DomainError('VALIDATION_FAILED', 'Text may not contain NUL (\\u0000) characters');
  if (postgresCode(error) === UNIQUE_VIOLATION) return alreadyExists(error);
  if (error instanceof Error && MALFORMED_MULTIPART.test(error.message)) return new DomainError('VALIDATION_FAILED', `Malformed multipart/form-data body: ${error.message}`);
  return new DomainError('INTERNAL', 'Internal error');
}

function fromHttpException(error: HttpException): DomainError {
  const fastify = fromFastify(error.cause);
  if (fastify) return fastify;
  const status = error.getStatus();
  return fromStatus(status, status >= 500 ? 'Internal error' : error.message);
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

function fromFastify(error: unknown): DomainError | null {
  const e = error as FastifyLikeError;
  if (typeof e !== 'object' || e === null || typeof e.code !== 'string') return null;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new DomainError('PAYLOAD_TOO_LARGE', 'Request body is larger than the limit');
    // Too many parts, not too many bytes: a form that is not the one asked for.
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new DomainError('VALIDATION_FAILED', 'The multipart body has more parts than the form takes (one "manifest" field and one "onnx" file)', {
        fields: [{ field: 'body', rule: 'parts', message: 'send one "manifest" field and one "onnx" file' }],
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('MALFORMED_JSON', 'Body is empty but Content-Type is application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('MALFORMED_JSON', 'Body is not valid JSON');
    case 'FST_ERR_BAD_URL':
      return new DomainError('VALIDATION_FAILED', 'The URL is not validly percent-encoded');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new DomainError('URI_TOO_LONG', 'A path segment is longer than the server accepts');
    default:
      if (e.statusCode === 400 && /JSON/i.test(e.message ?? '')) {
        return new DomainError('MALFORMED_JSON', 'Body is not valid JSON');
      }
      // Any other refusal of fastify or its plugins (multipart limits, a __proto__ field name …) says what was wrong.
      if (e.code.startsWith('FST_') && e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return fromStatus(e.statusCode, e.message ?? 'Bad request');
      return null;
  }
}

/** The one code for each HTTP status a framework or plugin refuses a request with. */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'AUTH_MISSING',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'UNSUPPORTED_MEDIA_TYPE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function fromStatus(status: number, message: string): DomainError {
  return new DomainError(CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'), message);
}

/**
 * The multipart parser (busboy) reports a body that breaks off or lacks its boundary with plain
 * Errors, and a boundary too long for its search (RFC 2046 allows 70 characters) likewise.
 */
const MALFORMED_MULTIPART = /^(Unexpected end of multipart data|Multipart: Boundary not found|Boundary required|.* terminated early due to unexpected end of multipart data|The needle cannot (have a length bigger than \d+|be an empty String\/Buffer)\.)$/;

/** Postgres refuses text with NUL characters (22021), in jsonb too (22P05): a request carried them. */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

const UNIQUE_VIOLATION = '23505';

/** What each unique index on a name holds: two requests that claim one name at once both pass the service's check, and the index takes the second. */
const NAME_INDEXES: ReadonlyMap<string, string> = new Map([
  ['tenants_name_key', 'tenant'],
  ['parties_name_key', 'party'],
  ['licenses_name_key', 'licence'],
]);

/** A row another request wrote first: the conflict it is, not an internal error. */
function alreadyExists(error: unknown): DomainError {
  const e = error as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const what = NAME_INDEXES.get(String(e.driverError?.constraint ?? e.constraint));
  return what
    ? new DomainError('CONFLICT', `A ${what} with this name already exists`, { field: 'name' })
    : new DomainError('CONFLICT', 'Another request wrote the same record at the same time; read it again before retrying');
}

function postgresCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

// TypeORM releases a transaction's query runner when its connection dies; the work still running on it then gets these.
const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string; name?: string; driverError?: unknown };
  if (typeof e !== 'object' || e === null) return false;
  if (e.driverError) return isConnectionFailure(e.driverError);
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  if (e.name && RELEASED_RUNNER.has(e.name)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}
