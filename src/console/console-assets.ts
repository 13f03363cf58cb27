import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** Nothing the console needs comes from elsewhere: scripts, styles and data all from this origin. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The built console (`npm run build` writes it to dist/console; WARDEN_CONSOLE_DIR points elsewhere),
 * held in memory: a few hundred kilobytes, served by exact path only, so no request can reach a
 * file outside it. When it has not been built yet, every lookup tries again.
 */
@Injectable()
export class ConsoleAssets {
  private readonly logger = new Logger('Console');
  private assets: Map<string, Asset> | null = null;
  private warned = false;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  get directory(): string {
    return this.config.consoleDir;
  }

  /** The asset at `relative` (posix, no leading slash), or null; undefined when the console is not built. */
  find(relative: string): Asset | null | undefined {
    const assets = this.load();
    if (!assets) return undefined;
    return assets.get(relative) ?? null;
  }

  private load(): Map<string, Asset> | null {
    if (this.assets) return this.assets;
    const root = this.config.consoleDir;
    if (!existsSync(path.join(root, 'index.html'))) {
      if (!this.warned) this.logger.warn(`The console is not built (no ${path.join(root, 'index.html')}): run npm run build`);
      this.warned = true;
      return null;
    }
    const assets = new Map<string, Asset>();
    for (const file of walk(root)) {
      const type = TYPES[path.extname(file)];
      if (!type) continue;
      const body = readFileSync(file);
      const relative = path.relative(root, file).split(path.sep).join('/');
      assets.set(relative, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
    }
    this.assets = assets;
    return assets;
  }
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}
