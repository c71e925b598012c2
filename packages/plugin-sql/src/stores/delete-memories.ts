import { memoryTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { chunkRows } from './chunk.js';
import type { MemoryScope } from './memory-scope.js';

function tableNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalidInput('tableName', value, 'a table name');
  return value;
}

/** Condition matching the memories `ids` and the agent's fragments of them (metadata.documentId). */
function withFragments(scope: MemoryScope, ids: readonly string[]): SQL | undefined {
  return or(
    inArray(memoryTable.id, [...ids]),
    and(
      eq(memoryTable.agentId, scope.agentId),
      inArray(sql`${memoryTable.metadata}->>'documentId'`, [...ids]),
    ),
  );
}

/** Deletes a memory, its fragments and their embeddings (FK cascade) in one statement. */
export async function deleteMemory(ex: SqlExecutor, scope: MemoryScope, memoryId: UUID): Promise<void> {
  assertUuid('memoryId', memoryId);
  await ex.db.delete(memoryTable).where(withFragments(scope, [memoryId]));
}

/** Deletes many memories (with fragments and embeddings) atomically, in chunks. */
export async function deleteManyMemories(
  ex: SqlExecutor,
  scope: MemoryScope,
  memoryIds: UUID[],
): Promise<void> {
  memoryIds.forEach((id, i) => {
    assertUuid(`memoryIds[${i}]`, id);
  });
  if (memoryIds.length === 0) return;
  await ex.transaction(async (tx) => {
    for (const part of chunkRows(memoryIds, 2))
      await tx.db.delete(memoryTable).where(withFragments(scope, part));
  });
}

/** Deletes every memory of a table in a room, with their fragments and embeddings, in one statement. */
export async function deleteAllMemories(
  ex: SqlExecutor,
  scope: MemoryScope,
  roomId: UUID,
  tableName: string,
): Promise<void> {
  assertUuid('roomId', roomId);
  const inRoom = and(eq(memoryTable.roomId, roomId), eq(memoryTable.type, tableNameOf(tableName)));
  const ids = ex.db
    .select({ id: sql`${memoryTable.id}::text` })
    .from(memoryTable)
    .where(inRoom);
  await ex.db
    .delete(memoryTable)
    .where(
      or(
        inRoom,
        and(
          eq(memoryTable.agentId, scope.agentId),
          inArray(sql`${memoryTable.metadata}->>'documentId'`, ids),
        ),
      ),
    );
}
