import { schema } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';

let statements: Promise<string[]> | undefined;

/** The core schema's CREATE statements, generated once per process by drizzle-kit. */
function coreSchemaStatements(): Promise<string[]> {
  statements ??= (async () => {
    const empty = generateDrizzleJson({});
    const target = generateDrizzleJson(schema as Record<string, unknown>);
    return generateMigration(empty, target);
  })();
  return statements;
}

/** Creates the core tables (and the vector extension) on an empty database. */
export async function createCoreSchema(ex: SqlExecutor): Promise<void> {
  await ex.query('CREATE EXTENSION IF NOT EXISTS vector');
  for (const statement of await coreSchemaStatements()) await ex.query(statement);
}
