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

/** The agent {@link openWithAgent} creates. */
export const TEST_AGENT_ID = '00000000-0000-4000-8000-000000000001';

/** Opens a fresh database of `backend` with the core schema and one agent, {@link TEST_AGENT_ID}. */
export async function openWithAgent(backend: { open(): Promise<TestDb> }): Promise<TestDb> {
  const db = await backend.open();
  await createCoreSchema(db);
  await db.query(`INSERT INTO agents (id, name) VALUES ($1, 'agent')`, [TEST_AGENT_ID]);
  return db;
}
