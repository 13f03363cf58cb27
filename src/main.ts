import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, jsonLogger } from './app.js';
import { KeysService } from './auth/keys.service.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { appDataSource } from './database/data-source.js';
import { migrate } from './database/migrate.js';
import { resolveDatabase } from './database/resolve-database.js';
import { withStartupLock } from './database/startup-lock.js';
import { JobsService } from './jobs/jobs.service.js';
import { installDefaults } from './defaults.js';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = readConfig();
  const appLogger = jsonLogger(config);
  if (appLogger) Logger.overrideLogger(appLogger);
  const logger = new Logger('Warden');

  const { url: databaseUrl, embedded } = await resolveDatabase(config);
  if (embedded) logger.log(`Embedded Postgres running on 127.0.0.1:${config.embeddedPostgresPort}, data in ${config.dataDir}`);
  const applied = await migrate(databaseUrl);
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);

  const dataSource = appDataSource({ url: databaseUrl, appRole: config.databaseAppRole, poolSize: config.dbPoolSize });
  await dataSource.initialize();
  const app = await createApp(config, dataSource);
  // Instances starting together take turns: one bootstrap key, one set of defaults.
  await withStartupLock(databaseUrl, async () => {
    await announceAdminKey(app.get(KeysService), config);
    await app.init();
    await installDefaults(app, config);
  });
  await app.listen({ port: config.port, host: config.host });

  const jobs = app.get(JobsService);
  logger.log(
    jobs.mode === 'redis'
      ? 'Background jobs run on Redis (BullMQ)'
      : 'REDIS_URL is not set: background jobs run in this process and rate limits are counted per instance',
  );
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  logger.log(`Warden listening on ${address} (API docs at ${address}/docs), ready in ${Date.now() - startedAt} ms`);

  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received, shutting down`);
    await app.close().catch((error) => logger.error(`Error while closing: ${(error as Error).message}`));
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** On first start there is no admin key: make one and show it once. */
async function announceAdminKey(keys: KeysService, config: Config): Promise<void> {
  const logger = new Logger('Warden');
  const { configured, issued } = await keys.bootstrapAdmin(config.adminKey);
  if (configured === 'stored' || configured === 'active') logger.log('Admin key from WARDEN_ADMIN_KEY is active');
  else if (configured) logger.warn(`The admin key from WARDEN_ADMIN_KEY is ${configured} and does not work; set another or use another admin key`);
  if (issued) {
    process.stdout.write(
      `\n  Bootstrap admin API key (shown once, store it now):\n\n    ${issued}\n\n` +
        `  Use it as: curl -H "Authorization: Bearer ${issued}" …\n\n`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(`Warden failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
