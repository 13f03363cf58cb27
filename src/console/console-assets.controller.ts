import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { DomainError, notFound } from '../common/errors.js';
import { CONSOLE_CSP, ConsoleAssets } from './console-assets.js';

/**
 * The web console's page and its static files. The page itself needs no key: it asks for one and
 * sends it with every API call it makes, where the usual guards check it.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleAssetsController {
  constructor(@Inject(ConsoleAssets) private readonly assets: ConsoleAssets) {}

  @Get()
  @Public()
  page(@Headers('if-none-match') etag: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    return this.send('index.html', etag, reply);
  }

  // Fastify's own wildcard: the rest of the path is the `*` parameter.
  @Get('*')
  @Public()
  file(@Param('*') file: string | undefined, @Headers('if-none-match') etag: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    return this.send(file ? file : 'index.html', etag, reply);
  }

  private send(relative: string, etag: string | undefined, reply: FastifyReply): FastifyReply {
    const asset = this.assets.find(relative);
    if (asset === undefined) {
      throw new DomainError('SERVICE_UNAVAILABLE', `The console has not been built: run npm run build (looked in ${this.assets.directory})`);
    }
    if (asset === null) throw notFound('Console file', relative);
    void reply
      .header('content-security-policy', CONSOLE_CSP)
      .header('cache-control', 'no-cache')
      .header('etag', asset.etag)
      .header('x-content-type-options', 'nosniff');
    if (etag === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  }
}
