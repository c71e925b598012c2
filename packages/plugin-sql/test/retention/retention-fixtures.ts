/** Rows with chosen creation times for the retention suites, inserted with plain SQL (no code under test). */
import { uuid } from '@eliza-sql/test-support';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';

export const DAY_MS = 86_400_000;

/** One seeded memory: what the suite expects of it. */
export interface SeededMemory {
  readonly id: UUID;
  readonly agentId: UUID;
  readonly roomId: UUID | null;
  readonly table: string;
  readonly createdAt: Date;
}

/** Inserts a memory created `ageMs` before the database clock (`at` fixes the time instead), with an embedding. */
export async function seedMemory(
  ex: SqlExecutor,
  m: { agentId: UUID; roomId: UUID | null; table: string; ageMs?: number; at?: Date; id?: UUID },
): Promise<SeededMemory> {
  const id = m.id ?? uuid();
  const created =
    m.at !== undefined
      ? sql`${m.at.toISOString()}::timestamptz`
      : sql`now() - make_interval(secs => ${(m.ageMs ?? 0) / 1000}::float8)`;
  const [row] = await ex.query<{ created: string }>(sql`INSERT INTO memories
      (id, type, created_at, content, agent_id, room_id, "unique", metadata)
    VALUES (${id}, ${m.table}, ${created}, '{"text":"x"}'::jsonb, ${m.agentId}, ${m.roomId}, false, '{}'::jsonb)
    RETURNING created_at::text AS created`);
  await ex.query(sql`INSERT INTO embeddings (memory_id) VALUES (${id})`);
  return {
    id,
    agentId: m.agentId,
    roomId: m.roomId,
    table: m.table,
    createdAt: new Date(String(row?.created)),
  };
}

/** Inserts a log created `ageMs` before the database clock. */
export async function seedLog(ex: SqlExecutor, roomId: UUID, entityId: UUID, ageMs: number): Promise<UUID> {
  const id = uuid();
  await ex.query(sql`INSERT INTO logs (id, created_at, entity_id, body, type, room_id)
    VALUES (${id}, now() - make_interval(secs => ${ageMs / 1000}::float8), ${entityId}, '{}'::jsonb, 'test', ${roomId})`);
  return id;
}

/** Ids of the memories still stored, sorted. */
export async function memoryIds(ex: SqlExecutor): Promise<string[]> {
  const rows = await ex.query<{ id: string }>('SELECT id FROM memories ORDER BY id');
  return rows.map((r) => r.id);
}

/** Memory ids of the embeddings still stored, sorted. */
export async function embeddedMemoryIds(ex: SqlExecutor): Promise<string[]> {
  const rows = await ex.query<{ id: string }>('SELECT memory_id AS id FROM embeddings ORDER BY memory_id');
  return rows.map((r) => r.id);
}

/** `ids` sorted, for comparison with {@link memoryIds}. */
export function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}
