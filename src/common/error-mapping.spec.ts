import { HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { toDomainError } from './error-mapping.js';
import { DomainError } from './errors.js';

const codeOf = (error: unknown) => toDomainError(error).code;

describe('toDomainError', () => {
  it('passes domain errors through', () => {
    const error = new DomainError('CONSENT_MISSING', 'no consent');
    expect(toDomainError(error)).toBe(error);
  });

  it('gives framework refusals the code of their status, and hides server errors', () => {
    expect(codeOf(new NotFoundException('Cannot GET /nowhere'))).toBe('NOT_FOUND');
    expect(codeOf(new PayloadTooLargeException())).toBe('PAYLOAD_TOO_LARGE');
    expect([401, 403, 405, 406, 415, 429, 418].map((status) => codeOf(new HttpException('refused', status)))).toEqual([
      'AUTH_MISSING',
      'FORBIDDEN',
      'METHOD_NOT_ALLOWED',
      'UNSUPPORTED_MEDIA_TYPE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'VALIDATION_FAILED',
    ]);
    const internal = toDomainError(new HttpException('stack trace here', 502));
    expect([internal.code, internal.message]).toEqual(['INTERNAL', 'Internal error']);
  });

  it("maps Fastify's own refusals by their code, and its other 4xx by status", () => {
    expect(codeOf({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413, message: 'too large' })).toBe('PAYLOAD_TOO_LARGE');
    expect(codeOf({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400, message: 'bad' })).toBe('MALFORMED_JSON');
    expect(codeOf({ code: 'FST_SOMETHING_NEW', statusCode: 406, message: 'not acceptable' })).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(codeOf({ code: 'FST_SOMETHING_NEW', statusCode: 404, message: 'gone' })).toBe('NOT_FOUND');
  });

  it('tells a database that is away, and text Postgres cannot store, from an internal error', () => {
    expect(codeOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('DB_UNAVAILABLE');
    expect(codeOf({ driverError: { code: '57P01' }, message: 'terminating connection' })).toBe('DB_UNAVAILABLE');
    expect(codeOf(Object.assign(new Error('invalid byte sequence'), { code: '22021' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(new TypeError('undefined is not a function'))).toBe('INTERNAL');
  });

  it('answers a row another request wrote first as a conflict, naming the name it claimed', () => {
    const raced = toDomainError({ driverError: { code: '23505', constraint: 'tenants_name_key' }, message: 'duplicate key value violates unique constraint' });
    expect([raced.code, raced.message, raced.details]).toEqual(['CONFLICT', 'A tenant with this name already exists', { field: 'name' }]);
    const other = toDomainError(Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'something_else_key' }));
    expect([other.code, other.details]).toEqual(['CONFLICT', undefined]);
  });
});
