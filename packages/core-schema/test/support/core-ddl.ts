import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { schema } from '../../src/index.js';
import type { TestDb } from './backends.js';

/** The DDL creating the whole core schema from nothing, as drizzle-kit generates it. */
export async function coreSchemaDdl(): Promise<string[]> {
  const empty = generateDrizzleJson({});
  const current = generateDrizzleJson(schema, empty.id);
  return generateMigration(empty, current);
}

/** Creates the core schema on `db`: the vector extension first, then each generated statement. */
export async function createCoreSchema(db: TestDb): Promise<number> {
  await db.query('CREATE EXTENSION IF NOT EXISTS vector');
  const statements = await coreSchemaDdl();
  for (const statement of statements) await db.query(statement);
  return statements.length;
}
