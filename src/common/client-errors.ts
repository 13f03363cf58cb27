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

/** After answering a refused request, how long the rest of it may pause between chunks, and take in all, before the socket is closed. */
export interface DrainLimits {
  idleMs: number;
  totalMs: number;
}

const DRAIN: DrainLimits = { idleMs: 5_000, totalMs: 60_000 };

export const clientErrorHandler = clientErrorHandlerWith(DRAIN);

export function clientErrorHandlerWith(limits: DrainLimits): (error: NodeJS.ErrnoException, socket: Socket) => void {
  const answered = new WeakSet<Socket>();
  return (error, socket) => {
    // The parser reads on after refusing, and refuses each further piece of the request again.
    if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
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
    // end(), not destroy(): closing with the rest of the request unread would reset the connection,
    // and the client could lose the answer. What still arrives is read and dropped for as long as it
    // keeps coming (a busy server reads a large request slowly), within the total limit.
    answered.add(socket);
    socket.on('data', () => undefined);
    socket.resume();
    socket.setTimeout(limits.idleMs, () => socket.destroy());
    const deadline = setTimeout(() => socket.destroy(), limits.totalMs).unref();
    socket.once('close', () => clearTimeout(deadline));
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  };
}
