import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error.filter.js';
import { DomainError, statusOf, type ErrorBody } from './errors.js';

const logger = new Logger('Errors');

/**
 * A 200-character subject id (the longest the API accepts) fits in a path segment even when every
 * character is percent-encoded (up to 12 bytes each); fastify's default, 100, refuses long ids.
 */
export const MAX_PARAM_LENGTH = 2400;

/**
 * Requests refused before any route runs still get the one error envelope: fastify's own refusals
 * (a URL that is not validly percent-encoded, an over-long path parameter) go through the filter's
 * code, and requests Node's HTTP parser refuses (headers too large, malformed HTTP) are answered
 * on the socket, which is then closed.
 */
export function frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  sendError(error, request, reply, logger);
}

export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refused =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new DomainError('HEADERS_TOO_LARGE', 'The request line and headers are larger than the server accepts')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DomainError('REQUEST_TIMEOUT', 'The request did not arrive in time')
        : new DomainError('VALIDATION_FAILED', 'Malformed HTTP request');
  const status = statusOf(refused.code);
  const body: ErrorBody = { error: { code: refused.code, message: refused.message, requestId: randomUUID() } };
  const text = JSON.stringify(body);
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  // end(), not destroy(): closing at once with the rest of the request unread would reset the
  // connection, and the client could lose the answer. What still arrives is read and dropped.
  socket.on('data', () => undefined);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  setTimeout(() => socket.destroy(), 5000).unref();
}
