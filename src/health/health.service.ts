import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnections } from '../common/redis.js';
import { DomainError } from '../common/errors.js';

type Check = 'up' | 'down' | 'not configured';
export interface Readiness {
  status: 'ok';
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
    if (redis === 'down') throw new DomainError('SERVICE_UNAVAILABLE', 'Redis is not answering', { checks });
    return { status: 'ok', checks };
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
