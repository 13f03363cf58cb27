import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnections } from '../common/redis.js';
import { DomainError } from '../common/errors.js';

type Check = 'up' | 'down' | 'not configured';
export interface Readiness {
  /** `degraded`: Redis is away; calls are still served, jobs wait in the process and limits count per instance. */
  status: 'ok' | 'degraded';
  checks: { database: Check; redis: Check };
}

const TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RedisConnections) private readonly redis: RedisConnections,
  ) {}

  async ready(): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      this.redis.commands ? probe(() => this.redis.commands!.ping()) : Promise.resolve<Check>('not configured'),
    ]);
    const checks = { database, redis };
    if (database === 'down') throw new DomainError('DB_UNAVAILABLE', 'The database is not answering', { checks });
    // Without Redis an instance still serves every call, so it stays in the load balancer's rotation.
    return { status: redis === 'down' ? 'degraded' : 'ok', checks };
  }
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS)));
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
