import { once } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/config.module.js';

/** How long start-up waits for Redis. */
const READY_WAIT_MS = 2000;

/**
 * How long a command may go unanswered before its caller falls back as if Redis were away: a
 * Redis that hangs (paused, swapping, a network path that drops packets) must not hold calls.
 */
export const COMMAND_TIMEOUT_MS = 1000;

/**
 * The Redis connections Warden uses when `REDIS_URL` is set: `commands` fails fast while Redis
 * is away or does not answer within COMMAND_TIMEOUT_MS (callers fall back), `connection()` makes
 * the blocking connections BullMQ needs.
 */
@Injectable()
export class RedisConnections implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly opened: Redis[] = [];
  readonly commands: Redis | null;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.commands = config.redisUrl ? this.open({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS }) : null;
  }

  get enabled(): boolean {
    return this.commands !== null;
  }

  /**
   * Waits, for READY_WAIT_MS at most, for the command connection before the service takes calls,
   * so that its first calls are counted in Redis with every other instance's rather than in this
   * process; a Redis that refuses the connection, or does not answer by then, leaves the service
   * starting without it (and reconnecting).
   */
  async onApplicationBootstrap(): Promise<void> {
    const client = this.commands;
    if (!client || client.status === 'ready') return;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), READY_WAIT_MS);
    try {
      await once(client, 'ready', { signal: timeout.signal });
    } catch {
      // It failed to connect, or took longer than READY_WAIT_MS.
      this.logger.warn('Starting before Redis answers: limits are counted in this process until it does');
    } finally {
      clearTimeout(timer);
    }
  }

  /** A new connection for BullMQ queues and workers. */
  connection(): Redis {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not set');
    return this.open({ maxRetriesPerRequest: null });
  }

  private open(options: { enableOfflineQueue?: boolean; maxRetriesPerRequest: number | null; commandTimeout?: number }): Redis {
    const client = new Redis(this.config.redisUrl!, {
      ...options,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    let down = false;
    client.on('error', (error) => {
      if (!down) this.logger.warn(`Redis unavailable: ${error.message}`);
      down = true;
    });
    client.on('ready', () => {
      if (down) this.logger.log('Redis reconnected');
      down = false;
    });
    this.opened.push(client);
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
