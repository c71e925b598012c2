import { randomUUID } from 'node:crypto';
import { embeddingTable, memoryTable, roomTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Memory, MemoryMetadata, UUID } from '@elizaos/core';
import { and, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import { chunkRows } from './chunk.js';
import { upsertEmbedding } from './embedding-store.js';
import { assertInsertedOrOwned } from './id-conflict.js';
import { insertMemoryChunks, planMemoryChunks } from './insert-memory-rows.js';
import type { MemoryScope } from './memory-scope.js';
import {
  assertEmbedding,
  contentValue,
  embeddingColumn,
  MEMORY_COLUMNS,
  type MemoryRow,
  metadataValue,
  type PreparedMemory,
  parseVectorText,
  prepareMemory,
  toMemory,
} from './memory-row.js';
import { countNearDuplicateChecks, resolveNearDuplicates } from './near-duplicate.js';
import { isGiven, timestampMs, uniqueOnly } from './store-values.js';
import { createVectorTexts } from './vector-text.js';

function tableNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalidInput('tableName', value, 'a table name');
  return value;
}

/** Parameters of IDatabaseAdapter.getMemories. */
export interface GetMemoriesParams {
  entityId?: UUID;
  agentId?: UUID;
  count?: number;
  offset?: number;
  unique?: boolean;
  tableName: string;
  start?: number;
  end?: number;
  roomId?: UUID;
  worldId?: UUID;
}

/**
 * Memories of a table, newest first. Scoped to the adapter's agent unless `agentId` names another;
 * every given filter applies: `entityId` (the memory's entity), `roomId`, `worldId`, `start`/`end`
 * (ms, inclusive; `0` is the epoch), `unique: true` (only unique ones; `false` does not restrict).
 * `count: 0` returns none; no `count` returns all.
 */
export async function getMemories(
  ex: SqlExecutor,
  scope: MemoryScope,
  params: GetMemoriesParams,
): Promise<Memory[]> {
  if (params === null || typeof params !== 'object') throw invalidInput('params', params, 'an object');
  const agentId = isGiven(params.agentId) ? assertUuid('agentId', params.agentId) : scope.agentId;
  const conditions: SQL[] = [
    eq(memoryTable.type, tableNameOf(params.tableName)),
    eq(memoryTable.agentId, agentId),
  ];
  const offset = assertCount('offset', params.offset, 0, Number.MAX_SAFE_INTEGER);
  const limit = isGiven(params.count)
    ? assertCount('count', params.count, 0, Number.MAX_SAFE_INTEGER)
    : undefined;
  if (limit === 0) return [];
  if (isGiven(params.start)) conditions.push(gte(memoryTable.createdAt, timestampMs('start', params.start)));
  if (isGiven(params.end)) conditions.push(lte(memoryTable.createdAt, timestampMs('end', params.end)));
  if (isGiven(params.roomId)) conditions.push(eq(memoryTable.roomId, assertUuid('roomId', params.roomId)));
  if (isGiven(params.worldId))
    conditions.push(eq(memoryTable.worldId, assertUuid('worldId', params.worldId)));
  if (isGiven(params.entityId)) {
    conditions.push(eq(memoryTable.entityId, assertUuid('entityId', params.entityId)));
  }
  if (uniqueOnly('unique', params.unique)) conditions.push(eq(memoryTable.unique, true));
  // Written by hand with LIMIT/OFFSET (validated integers) in the text: bound as parameters they kept
  // PostgreSQL from adopting a generic plan for the prepared statement, so every call was planned again.
  const rows = await ex.query<MemoryRow & { embedding: string | number[] | null }>(sql`
    SELECT ${MEMORY_COLUMNS}, embeddings.${sql.raw(embeddingColumn(scope.dimension).name)} AS embedding
    FROM memories LEFT JOIN embeddings ON embeddings.memory_id = memories.id
    WHERE ${and(...conditions)}
    ORDER BY memories.created_at DESC, memories.id DESC
    ${sql.raw(limit !== undefined ? `LIMIT ${limit}` : '')} ${sql.raw(offset > 0 ? `OFFSET ${offset}` : '')}`);
  return rows.map((row) => toMemory(row, parseVectorText(row.embedding)));
}

/** The agent's memories of a table in any of the rooms, newest first, without embeddings. */
export async function getMemoriesByRoomIds(
  ex: SqlExecutor,
  scope: MemoryScope,
  params: { tableName: string; roomIds: UUID[]; limit?: number },
): Promise<Memory[]> {
  const tableName = tableNameOf(params.tableName);
  if (!Array.isArray(params.roomIds)) throw invalidInput('roomIds', params.roomIds, 'an array of UUIDs');
  params.roomIds.forEach((id, i) => {
    assertUuid(`roomIds[${i}]`, id);
  });
  const limit = isGiven(params.limit)
    ? assertCount('limit', params.limit, 0, Number.MAX_SAFE_INTEGER)
    : undefined;
  if (params.roomIds.length === 0 || limit === 0) return [];
  const query = ex.db
    .select()
    .from(memoryTable)
    .where(
      and(
        eq(memoryTable.type, tableName),
        // One bound parameter for any number of rooms (ids are validated UUIDs): no bind-limit chunking.
        sql`${memoryTable.roomId} = ANY(${`{${params.roomIds.join(',')}}`}::uuid[])`,
        eq(memoryTable.agentId, scope.agentId),
      ),
    )
    .orderBy(desc(memoryTable.createdAt), desc(memoryTable.id));
  const rows = limit !== undefined ? await query.limit(limit) : await query;
  return rows.map((row) => toMemory(row));
}

/** One memory by id (with its embedding in the agent's dimension), or null. */
export async function getMemoryById(ex: SqlExecutor, scope: MemoryScope, id: UUID): Promise<Memory | null> {
  const [memory] = await getMemoriesByIds(ex, scope, [id]);
  return memory ?? null;
}

/** The memories with these ids (optionally of one table), newest first. */
export async function getMemoriesByIds(
  ex: SqlExecutor,
  scope: MemoryScope,
  ids: UUID[],
  tableName?: string,
): Promise<Memory[]> {
  if (!Array.isArray(ids)) throw invalidInput('memoryIds', ids, 'an array of UUIDs');
  ids.forEach((id, i) => {
    assertUuid(`memoryIds[${i}]`, id);
  });
  const table = isGiven(tableName) ? tableNameOf(tableName) : undefined;
  const column = embeddingColumn(scope.dimension);
  const result: Memory[] = [];
  const parts = chunkRows(ids, 1);
  for (const part of parts) {
    const rows = await ex.db
      .select({ memory: memoryTable, embedding: column })
      .from(memoryTable)
      .leftJoin(embeddingTable, eq(embeddingTable.memoryId, memoryTable.id))
      .where(
        and(inArray(memoryTable.id, part), table !== undefined ? eq(memoryTable.type, table) : undefined),
      )
      .orderBy(desc(memoryTable.createdAt), desc(memoryTable.id));
    result.push(...rows.map((row) => toMemory(row.memory, row.embedding)));
  }
  return parts.length > 1 ? result.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0)) : result;
}

/**
 * Inserts prepared memories with their embeddings atomically: one statement per chunk (see
 * `insert-memory-rows.ts`), in a transaction when there is more than one memory. One memory with at
 * most one check needs none: the check is a read (one statement, see `near-duplicate.ts`) and the
 * insert is atomic by itself. An id the memory's agent already has is left as it is; an id held by any other
 * row (another agent's, another server's) is ID_CONFLICT and nothing is stored.
 */
async function insertPrepared(
  ex: SqlExecutor,
  scope: MemoryScope,
  tableName: string,
  prepared: PreparedMemory[],
  method: 'createMemory' | 'createMemories',
): Promise<void> {
  const chunks = planMemoryChunks(prepared);
  if (chunks.length === 0) return;
  const vectors = createVectorTexts();
  const insert = async (on: SqlExecutor) => {
    await resolveNearDuplicates(on, scope, tableName, prepared, vectors);
    const inserted = await insertMemoryChunks(on, scope.dimension, chunks, vectors, scope.space?.id);
    const wanted = prepared.map((p, i) => ({
      id: p.id,
      field: method === 'createMemory' ? 'memory.id' : `memories[${i}].id`,
      owner: p.values.agentId,
    }));
    const where = { method, table: memoryTable, idColumn: memoryTable.id, ownerColumn: memoryTable.agentId };
    await assertInsertedOrOwned(on, where, wanted, inserted);
  };
  // One memory with at most one near-duplicate check needs no transaction (one insert statement);
  // anything more is one transaction, which an id conflict undoes.
  if (prepared.length === 1 && countNearDuplicateChecks(prepared) <= 1) return insert(ex);
  await ex.transaction(insert);
}

/**
 * Inserts a memory with its embedding atomically and returns its id (an existing id is left as it is,
 * as in the reference). With `unique` unset and an embedding given, `unique` is false when the agent
 * already has a memory with similarity ≥ 0.95 in the same table/room/world/entity (the reference's
 * rule), checked by one statement before the insert (see `near-duplicate.ts`: exact in a small room, the
 * HNSW index in a large one).
 */
export async function createMemory(
  ex: SqlExecutor,
  scope: MemoryScope,
  memory: Memory,
  tableName: string,
): Promise<UUID> {
  const id = isGiven(memory.id) ? assertUuid('memory.id', memory.id) : (randomUUID() as UUID);
  const name = tableNameOf(tableName);
  const prepared = [prepareMemory(memory, name, scope.agentId, scope.dimension, id)];
  await insertPrepared(ex, scope, name, prepared, 'createMemory');
  return id;
}

/**
 * Bulk insert (extension): every memory validated first, then inserted in ONE transaction with one
 * statement per chunk of ~0.5 MB (columns as array parameters), pipelined. Memories with `unique` unset
 * and an embedding get the near-duplicate rule from one batched statement at the start of that
 * transaction, against the memories stored before the batch (not each other). A repeated id is
 * inserted once (its first occurrence), as an id already stored is left as it is.
 */
export async function createMemories(
  ex: SqlExecutor,
  scope: MemoryScope,
  memories: Memory[],
  tableName: string,
): Promise<UUID[]> {
  if (!Array.isArray(memories)) throw invalidInput('memories', memories, 'an array of memories');
  const name = tableNameOf(tableName);
  const prepared = memories.map((memory, i) =>
    prepareMemory(
      memory,
      name,
      scope.agentId,
      scope.dimension,
      isGiven(memory.id) ? assertUuid(`memories[${i}].id`, memory.id) : (randomUUID() as UUID),
    ),
  );
  await insertPrepared(ex, scope, name, prepared, 'createMemories');
  return prepared.map((p) => p.id);
}

/** Updates content/metadata/embedding of an existing memory atomically; false when it does not exist. */
export async function updateMemory(
  ex: SqlExecutor,
  scope: MemoryScope,
  memory: Partial<Memory> & { id: UUID; metadata?: MemoryMetadata },
): Promise<boolean> {
  const id = assertUuid('memory.id', memory.id);
  const set: Record<string, SQL> = {};
  if (isGiven(memory.content)) set.content = contentValue(memory.content);
  if (isGiven(memory.metadata)) set.metadata = metadataValue(memory.metadata);
  const embedding = isGiven(memory.embedding)
    ? assertEmbedding('memory.embedding', memory.embedding, scope.dimension)
    : undefined;
  return ex.transaction(async (tx) => {
    const found = await tx.db
      .select({ id: memoryTable.id })
      .from(memoryTable)
      .where(eq(memoryTable.id, id))
      .for('update');
    if (found.length === 0) return false;
    if (Object.keys(set).length > 0) await tx.db.update(memoryTable).set(set).where(eq(memoryTable.id, id));
    if (embedding) await upsertEmbedding(tx, scope.dimension, id, embedding, scope.space?.id);
    return true;
  });
}

/** How many of the agent's memories of a table a room holds (only unique ones unless `unique` is false). */
export async function countMemories(
  ex: SqlExecutor,
  scope: MemoryScope,
  roomId: UUID,
  unique: boolean,
  tableName: string,
): Promise<number> {
  assertUuid('roomId', roomId);
  if (typeof unique !== 'boolean') throw invalidInput('unique', unique, 'a boolean');
  // Written by hand: drizzle's select builder and row mapping cost more client CPU than the count itself.
  const rows = await ex.query<{ n: number | string }>(sql`
    SELECT count(*) AS n FROM memories
    WHERE room_id = ${roomId} AND type = ${tableNameOf(tableName)} AND agent_id = ${scope.agentId}
      ${unique ? sql`AND "unique"` : sql``}`);
  return Number(rows[0]?.n ?? 0);
}

/** The agent's memories (default table `messages`) in the agent's rooms of a world, newest first (`count: 0`: none). */
export async function getMemoriesByWorldId(
  ex: SqlExecutor,
  scope: MemoryScope,
  params: { worldId: UUID; count?: number; tableName?: string },
): Promise<Memory[]> {
  assertUuid('worldId', params.worldId);
  const tableName = isGiven(params.tableName) ? tableNameOf(params.tableName) : 'messages';
  const limit = isGiven(params.count)
    ? assertCount('count', params.count, 0, Number.MAX_SAFE_INTEGER)
    : undefined;
  if (limit === 0) return [];
  const rooms = await ex.db
    .select({ id: roomTable.id })
    .from(roomTable)
    .where(and(eq(roomTable.worldId, params.worldId), eq(roomTable.agentId, scope.agentId)));
  if (rooms.length === 0) return [];
  return getMemoriesByRoomIds(ex, scope, {
    roomIds: rooms.map((room) => room.id as UUID),
    tableName,
    limit,
  });
}
