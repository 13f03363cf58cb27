import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/config.js';
import { ownerDataSource } from './data-source.js';
import { resolveDatabase } from './resolve-database.js';

/**
 * `npm run migration:run | migration:revert | migration:generate -- <Name>` against DATABASE_URL,
 * or the embedded Postgres in the data folder when it is not set.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (!['run', 'revert', 'generate'].includes(command) || (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? ''))) {
    process.stderr.write('usage: migrate.cli run | revert | generate <PascalCaseName>\n');
    process.exit(2);
  }
  const database = await resolveDatabase(loadConfig());
  const ds = ownerDataSource(database.url);
  await ds.initialize();
  try {
    if (command === 'run') {
      const applied = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}\n` : 'Nothing to apply\n');
    } else if (command === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the last migration\n');
    } else {
      process.stdout.write(`${await generate(ds, name)}\n`);
    }
  } finally {
    await ds.destroy();
    await database.embedded?.stop();
  }
}

/** Writes the SQL that would bring the schema in line with the entities as a new migration. */
async function generate(ds: ReturnType<typeof ownerDataSource>, name: string): Promise<string> {
  const sql = await ds.driver.createSchemaBuilder().log();
  if (!sql.upQueries.length) return 'The schema matches the entities: nothing to generate';
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
  const lines = (queries: { query: string }[]) => queries.map((q) => `    await q.query(${JSON.stringify(q.query)});`).join('\n');
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${lines(sql.upQueries)}
  }

  async down(q: QueryRunner): Promise<void> {
${lines([...sql.downQueries].reverse())}
  }
}
`;
  const dir = path.resolve(process.cwd(), 'migrations');
  writeFileSync(path.join(dir, `${file}.ts`), source);
  const indexFile = path.join(dir, 'index.ts');
  const index = readFileSync(indexFile, 'utf8')
    .replace(/(\nexport const migrations = \[)/, `import { ${className} } from './${file}.js';\n$1`)
    .replace(/\];\s*$/, `, ${className}];\n`);
  writeFileSync(indexFile, index);
  return `Wrote migrations/${file}.ts and listed it in migrations/index.ts: review the SQL (grants, row-level security) before committing`;
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
