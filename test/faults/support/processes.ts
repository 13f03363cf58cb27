import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../../src/database/embedded-postgres.js';

const root = path.resolve(process.cwd());
const MAIN = path.join(root, 'dist/src/main.js');

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something truthy; throws with `what` after `ms`. */
export async function until<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 30_000, every = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

export interface WardenOptions {
  databaseUrl: string;
  adminKey: string;
  redisUrl?: string;
  redisPrefix?: string;
  /** Further settings (RATE_LIMIT_PER_MINUTE, LOG_LEVEL …). */
  env?: Record<string, string>;
}

/** A real Warden: `node dist/src/main.js` in its own process, as `npm start` runs it. */
export class WardenProcess {
  private output = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      // Keep the tail only: a long run under load logs a lot.
      if (this.output.length > 4_000_000) this.output = this.output.slice(-2_000_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      }),
    );
  }

  static async start(options: WardenOptions): Promise<WardenProcess> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    const port = await freePort();
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(DATABASE_|REDIS_|WARDEN_|PORT$|HOST$)/.test(name)) env[name] = value;
    }
    Object.assign(env, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      WARDEN_ADMIN_KEY: options.adminKey,
      LOG_LEVEL: 'warn',
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: options.redisPrefix ?? `faults-${port}` } : {}),
      ...options.env,
    });
    const child = spawn(process.execPath, [MAIN], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const warden = new WardenProcess(child, port);
    await warden.waitReady();
    return warden;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  get exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.exit;
  }

  /** Everything the process wrote to stdout and stderr (the tail of it after a long run). */
  log(): string {
    return this.output;
  }

  async waitReady(ms = 60_000): Promise<void> {
    await until(
      `Warden on port ${this.port} to answer /health/ready`,
      async () => {
        if (!this.alive) throw new Error(`Warden exited (${JSON.stringify(this.exit)}) before it was ready:\n${this.output.slice(-4000)}`);
        try {
          return (await fetch(`${this.url}/health/ready`)).status === 200;
        } catch {
          return false;
        }
      },
      ms,
      100,
    );
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** SIGTERM, and SIGKILL if it has not exited after `ms`. */
  async stop(ms = 15_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A Redis of our own (no persistence, loopback only) that a test may stop and start again. */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  /** Why the Redis suites cannot run here, or null when they can; under CI (which has Redis) a missing one is an error. */
  static missing(): string | null {
    const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
    if (!probe.error) return null;
    const reason = `redis-server is not installed (${probe.error.message})`;
    if (process.env.CI) throw new Error(`CI is set and the Redis suites need redis-server: ${reason}`);
    return reason;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    this.child = child;
    await until(`redis-server on port ${this.port}`, () => this.answers(), 10_000);
  }

  /** Stops the server; it kept nothing on disk, so whatever was queued in it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = undefined;
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(this.port, '127.0.0.1');
      socket.setTimeout(500);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
  }
}

/** A Postgres of our own (the embedded-postgres binary) in a temporary folder, to stop and start at will. */
export class PrivatePostgres {
  private running?: EmbeddedDatabase;
  url = '';

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(mkdtempSync(path.join(os.tmpdir(), 'warden-faults-pg-')), await freePort());
    await pg.start();
    return pg;
  }

  async start(): Promise<void> {
    this.running = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: 'warden' });
    this.url = this.running.url;
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  /** Stops the server and removes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
