import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from '../../migrations/index.js';

export interface DataSourceSettings {
  url: string;
  /** Role every pooled connection assumes (`SET ROLE` at connect), so row-level security applies. */
  appRole?: string;
  poolSize?: number;
}

/** The connection the application serves from: least-privilege role, never migrates. */
export function appDataSource(settings: DataSourceSettings): DataSource {
  const options = settings.appRole ? `-c role=${settings.appRole}` : undefined;
  return new DataSource({
    ...common(settings.url),
    extra: { max: settings.poolSize ?? 10, options, connectionTimeoutMillis: 5000 },
  });
}

/** The connection migrations run on: the database owner, who creates the schema and grants. */
export function ownerDataSource(url: string): DataSource {
  return new DataSource({ ...common(url), migrations, extra: { max: 2 } });
}

function common(url: string): DataSourceOptions {
  return { type: 'postgres', url, entities, synchronize: false, migrationsRun: false, logging: false };
}
