/** Prerequisite rows for the store suites, inserted with Drizzle directly (no store code under test). */
import { uuid } from '@eliza-sql/test-support';
import {
  agentTable,
  channelTable,
  componentTable,
  embeddingTable,
  entityTable,
  logTable,
  memoryTable,
  messageServerTable,
  roomTable,
  worldTable,
} from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { expect } from 'vitest';
import { isElizaSqlError } from '../../src/errors.js';

export async function seedAgent(ex: SqlExecutor, name = 'agent'): Promise<UUID> {
  const id = uuid();
  await ex.db.insert(agentTable).values({ id, name });
  return id;
}

export async function seedEntity(
  ex: SqlExecutor,
  agentId: UUID,
  names: string[] = ['someone'],
): Promise<UUID> {
  const id = uuid();
  await ex.db.insert(entityTable).values({ id, agentId, names, metadata: { seeded: true } });
  return id;
}

export async function seedWorld(ex: SqlExecutor, agentId: UUID): Promise<UUID> {
  const id = uuid();
  await ex.db.insert(worldTable).values({ id, agentId, name: 'seeded world' });
  return id;
}

export async function seedRoom(
  ex: SqlExecutor,
  agentId: UUID,
  worldId?: UUID,
  name = 'seeded room',
): Promise<UUID> {
  const id = uuid();
  await ex.db
    .insert(roomTable)
    .values({ id, agentId, source: 'test', type: 'GROUP', worldId: worldId ?? null, name });
  return id;
}

/** A memory with an embedding row, a log and a component in `roomId`: what deleting the room must remove. */
export async function seedRoomContents(
  ex: SqlExecutor,
  agentId: UUID,
  roomId: UUID,
  entityId: UUID,
  worldId?: UUID,
): Promise<{ memoryId: UUID }> {
  const memoryId = uuid();
  await ex.db
    .insert(memoryTable)
    .values({ id: memoryId, type: 'messages', content: { text: 'hi' }, agentId, roomId, entityId });
  await ex.db.insert(embeddingTable).values({ memoryId });
  await ex.db.insert(logTable).values({ entityId, roomId, type: 'test', body: { ok: true } });
  await ex.db
    .insert(componentTable)
    .values({ entityId, agentId, roomId, worldId: worldId ?? null, type: 'profile', data: {} });
  return { memoryId };
}

export async function seedMessageServer(ex: SqlExecutor): Promise<UUID> {
  const id = uuid();
  await ex.db.insert(messageServerTable).values({ id, name: 'seeded server', sourceType: 'test' });
  return id;
}

export async function seedChannel(ex: SqlExecutor, messageServerId: UUID, type = 'GROUP'): Promise<UUID> {
  const id = uuid();
  await ex.db.insert(channelTable).values({ id, messageServerId, name: 'seeded channel', type });
  return id;
}

/** How many rows `table` has where `column` = `value` (raw SQL, independent of the stores). */
export async function countWhere(
  ex: SqlExecutor,
  table: string,
  column: string,
  value: string,
): Promise<number> {
  const rows = await ex.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${table} WHERE ${column} = '${value}'`,
  );
  return Number(rows[0]?.n ?? 'NaN');
}

/** Asserts that `promise` rejects with an ElizaSqlError of `code`. */
export async function expectElizaError(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a rejection with ${code}`).toBeDefined();
  expect(isElizaSqlError(err) ? err.code : err).toBe(code);
}

/** Ids that carry SQL or are otherwise not UUIDs. */
export const BAD_IDS = [
  "' OR 1=1 --",
  "00000000-0000-0000-0000-000000000000'; DROP TABLE rooms; --",
  '',
  'not-a-uuid',
];

/** The messages of `err` and its causes, joined (Drizzle wraps database errors). */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(' <- ');
}

/** Asserts that `promise` rejects with an error whose message chain matches `pattern`. */
export async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a rejection matching ${pattern}`).toBeDefined();
  expect(errorText(err)).toMatch(pattern);
}
