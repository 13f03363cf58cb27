import { PassThrough } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { KeysService } from '../../src/auth/keys.service.js';
import { SYSTEM_ACTOR } from '../../src/audit/audit.service.js';
import type { Role } from '../../src/auth/principal.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { appDataSource } from '../../src/database/data-source.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { installDefaults } from '../../src/defaults.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  adminKey: string;
  /** Every request log line written so far. */
  logs: () => string;
  key(role: Role, options?: { tenantId?: string; scopes?: string[]; partyId?: string }): Promise<string>;
  tenant(name?: string): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

let counter = 0;

/** A Warden instance on the run's test database, served in-process through the real guards, pipes and filters. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config: Config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, REDIS_PREFIX: process.env.WARDEN_TEST_DATABASE, LOG_LEVEL: 'info', ...env });
  const dataSource = appDataSource({ url: config.databaseUrl!, appRole: config.databaseAppRole, poolSize: 5 });
  await dataSource.initialize();
  const stream = new PassThrough();
  let logs = '';
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const app = await createApp(config, dataSource, { logger: false, logStream: stream });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await installDefaults(app, config);
  const keys = app.get(KeysService);
  const adminKey = (await keys.create(SYSTEM_ACTOR, { role: 'admin', name: 'test admin' })).key;
  const http = request(app.getHttpServer());
  const key: TestApp['key'] = async (role, options = {}) => (await keys.create(SYSTEM_ACTOR, { role, ...options })).key;
  return {
    app,
    http,
    adminKey,
    logs: () => logs,
    key,
    async tenant(name = `tenant-${process.pid}-${Date.now()}-${++counter}`) {
      const res = await http.post('/v1/admin/tenants').set('authorization', `Bearer ${adminKey}`).send({ name });
      if (res.status !== 201) throw new Error(`Creating tenant failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id as string, key: await key('tenant', { tenantId: res.body.id }) };
    },
    async close() {
      await app.get(JobsService).drain();
      await app.close();
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
