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
  return new DomainError('INTERNAL', 'Internal error');
}

function fromHttpException(error: HttpException): DomainError {
  const fastify = fromFastify(error.cause);
  if (fastify) return fastify;
  const status = error.getStatus();
  const byStatus: Record<number, ErrorCode> = {
    400: 'VALIDATION_FAILED',
    401: 'AUTH_MISSING',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  };
  const code = byStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
  return new DomainError(code, status >= 500 ? 'Internal error' : error.message);
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
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new DomainError('PAYLOAD_TOO_LARGE', 'Request body is larger than the limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('MALFORMED_JSON', 'Body is empty but Content-Type is application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('MALFORMED_JSON', 'Body is not valid JSON');
    default:
      if (e.statusCode === 400 && /JSON/i.test(e.message ?? '')) {
        return new DomainError('MALFORMED_JSON', 'Body is not valid JSON');
      }
      return null;
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: unknown };
  if (typeof e !== 'object' || e === null) return false;
  if (e.driverError) return isConnectionFailure(e.driverError);
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}
