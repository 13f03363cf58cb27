import type { Config } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

/** `DATABASE_URL` when set; otherwise the embedded Postgres in the data folder, started now. */
export async function resolveDatabase(config: Config): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
  return { url: embedded.url, embedded };
}
