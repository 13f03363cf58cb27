import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toDomainError } from './error-mapping.js';
import { statusOf, type ErrorBody } from './errors.js';

/** The one error envelope: `{ error: { code, message, details?, requestId } }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendError(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const error = toDomainError(exception);
  const status = statusOf(error.code);
  if (status >= 500) {
    const e = exception as Error;
    logger.error({ requestId: request.id, code: error.code, error: e?.name, message: e?.message, stack: e?.stack });
  }
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), requestId: String(request.id) },
  };
  for (const [name, value] of Object.entries(error.headers ?? {})) void reply.header(name, value);
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
}
