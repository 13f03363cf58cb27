import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './common/client-errors.js';
import { ErrorFilter } from './common/error.filter.js';
import { callerRequestId } from './common/request-id.js';
import { validationPipe } from './common/validation.js';
import { completeErrorResponses } from './common/openapi.js';
import { lingerOnClose } from './common/lingering-close.js';
import { loggableUrl } from './consent/log-redaction.js';
import { OPERATIONAL_ENTITIES, scrubForStorage } from './pii/scrub.js';
import type { EntityType } from './privacy/index.js';
import type { Config } from './config/config.js';

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Builds the HTTP application around an initialised data source; the caller listens. */
export interface AppOptions {
  /** Where Nest's own log lines go (default: JSON on stdout). */
  logger?: LoggerService | false;
  /** Where request log lines go (default: stdout); tests read them. */
  logStream?: NodeJS.WritableStream;
}

export async function createApp(config: Config, dataSource: DataSource, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => callerRequestId(req.headers['x-request-id']) ?? randomUUID(),
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Requests are logged by method and path only: never headers (API keys) or bodies.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body'], censor: '[redacted]' },
            // Nor the subject ids tenants put in URLs (/v1/subjects/{subjectId}/…, ?subjectId=).
            serializers: { req: (req: LoggedRequest) => ({ method: req.method, url: loggableUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }) },
            // And whatever else a line carries is scrubbed of personal data (addresses, e-mails in query strings, …).
            hooks: { streamWrite: scrubLogLine },
          },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, dataSource), adapter, {
    logger: options.logger ?? jsonLogger(config),
    bufferLogs: false,
    // Bodies are JSON (fastify's own parser) or multipart (registered below); anything else,
    // form-encoded or plain text included, is 415 rather than parsed into something else.
    bodyParser: false,
  });
  lingerOnClose(app.getHttpServer());
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await app.register(helmet as never, {
    // The API docs page loads its own inline script and styles; everything is served locally.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  await app.register(multipart as never, {
    throwFileSizeLimit: true,
    limits: { fileSize: config.modelUploadLimitBytes, files: 1, fields: 4, fieldSize: 16 * 1024 * 1024, parts: 6 },
  });
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(validationPipe());
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const document = completeErrorResponses(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Warden')
      .setDescription(
        'Governance and compliance layer for hosted ONNX models. Every error answers ' +
          '`{ "error": { "code", "message", "details"?, "requestId" } }`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer wdn_…`' })
      .build(),
  ));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Nest's own logs as JSON lines, at the configured level. */
export function jsonLogger(config: Pick<Config, 'logLevel'>): LoggerService | false {
  return config.logLevel === 'silent' ? false : new ScrubbingLogger({ json: true, logLevels: nestLevels(config.logLevel) });
}

function nestLevels(level: Config['logLevel']): ('log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal')[] {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const cut = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5, silent: -1 }[level];
  return order.slice(0, cut + 1) as never;
}

/** Nest's console logger, with the identifiers an error could quote scrubbed from every message and parameter. */
class ScrubbingLogger extends ConsoleLogger {
  protected override printMessages(...[messages, context, logLevel, writeStreamType, errorStack, params]: Parameters<ConsoleLogger['printMessages']>): void {
    const clean = <T>(value: T) => (value === undefined ? undefined : scrubForLog(value, OPERATIONAL_ENTITIES));
    super.printMessages(messages.map(clean), context, logLevel, writeStreamType, clean(errorStack), clean(params) as typeof params);
  }
}

/** One JSON log line of the HTTP server, scrubbed; a line that cannot be scrubbed is withheld, never written as it was. */
function scrubLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    // A line about a request carries what its caller sent; the server's own lines ("listening at …") only identifiers at most.
    return `${JSON.stringify(scrubForStorage(entry, 'reqId' in entry ? undefined : OPERATIONAL_ENTITIES))}\n`;
  } catch {
    return `${JSON.stringify({ level: 50, time: Date.now(), msg: '[withheld: personal data could not be checked]' })}\n`;
  }
}

/** A log message that cannot be scrubbed is withheld, never written as it was. */
function scrubForLog<T>(value: T, entities?: readonly EntityType[]): T | string {
  try {
    return scrubForStorage(value, entities);
  } catch {
    return '[withheld: personal data could not be checked]';
  }
}
