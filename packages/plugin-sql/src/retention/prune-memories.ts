import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { databaseNowSeconds } from './database-now.js';
import { deleteInBatches } from './delete-in-batches.js';
import {
  createRemovalTally,
  type RemovalTally,
  type RetentionProgress,
  type RetentionReport,
} from './retention-report.js';
import { optionalAgeMs, optionalKeepCount, optionalSignal, retentionBatchSize } from './retention-options.js';
import { type RetentionTarget, resolveRetentionTarget } from './retention-target.js';
import { withPublicErrors } from './with-public-errors.js';

/** Options of {@link pruneMemories}. With neither `maxAgeMs` nor `maxPerRoom` nothing is removed. */
export interface PruneMemoriesOptions {
  /** The agent whose memories are pruned (default: the adapter's; required with a driver). */
  readonly agentId?: UUID;
  /** The memory tables (`tableName`s: `messages`, `facts`, ...) the limits apply to. */
  readonly tables: readonly string[];
  /** Memories older than this (by `createdAt`, against the database clock at the start) are removed. */
  readonly maxAgeMs?: number;
  /**
   * The newest this-many memories of each room (per table) are kept and older ones removed. Newest
   * is by `createdAt`, then by id (the larger id counts as newer), so ties are cut the same way on
   * every run and backend. Memories without a room count as one room.
   */
  readonly maxPerRoom?: number;
  /** Rows removed per statement (default 500, at most 10 000): each batch is its own short transaction. */
  readonly batchSize?: number;
  /** Stops the run before its next batch; the report then says `interrupted`. */
  readonly signal?: AbortSignal;
  /** Called after each batch with the running count. */
  readonly onProgress?: (progress: RetentionProgress) => void;
}

/**
 * Removes an agent's memories beyond the given age and per-room count from the given tables (their
 * embeddings go with them, by the foreign key's cascade), in small batches on the agent/type/time
 * and room/type/time indexes; other agents, other tables and rows within the limits are untouched.
 * Returns what it removed per table and room.
 */
export async function pruneMemories(
  target: RetentionTarget,
  options: PruneMemoriesOptions,
): Promise<RetentionReport> {
  return withPublicErrors('pruneMemories', async () => {
    const { driver, agentId } = await resolveRetentionTarget(target, options.agentId);
    const tables = memoryTables(options.tables);
    const maxAgeMs = optionalAgeMs('maxAgeMs', options.maxAgeMs);
    const maxPerRoom = optionalKeepCount('maxPerRoom', options.maxPerRoom);
    const batchSize = retentionBatchSize(options.batchSize);
    const signal = optionalSignal(options.signal);
    const tally = createRemovalTally();
    const progress = (table: string) => options.onProgress?.({ table, removed: tally.total });
    const cutoff = maxAgeMs === undefined ? undefined : (await databaseNowSeconds(driver)) - maxAgeMs / 1000;
    for (const table of tables) {
      if (cutoff !== undefined) {
        const finished = await deleteInBatches(batchSize, signal, async () => {
          const n = await deleteOlderThan(driver, tally, { agentId, table, cutoff, batchSize });
          progress(table);
          return n;
        });
        if (!finished) return tally.report(true);
      }
      if (maxPerRoom !== undefined) {
        for (const roomId of await roomsOverLimit(driver, agentId, table, maxPerRoom)) {
          const finished = await deleteInBatches(batchSize, signal, async () => {
            const n = await deleteBeyondNewest(driver, tally, {
              agentId,
              table,
              roomId,
              maxPerRoom,
              batchSize,
            });
            progress(table);
            return n;
          });
          if (!finished) return tally.report(true);
        }
      }
    }
    return tally.report(false);
  });
}

function memoryTables(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string' || t.trim() === '')) {
    throw invalidInput('tables', value, 'an array of memory table names (non-empty strings)');
  }
  return [...new Set(value as string[])];
}

interface Removed extends Record<string, unknown> {
  readonly room_id: UUID | null;
}

function countRooms(tally: RemovalTally, table: string, rows: readonly Removed[]): number {
  for (const row of rows) tally.add(table, row.room_id);
  return rows.length;
}

async function deleteOlderThan(
  ex: SqlExecutor,
  tally: RemovalTally,
  p: { agentId: UUID; table: string; cutoff: number; batchSize: number },
): Promise<number> {
  // The subquery walks idx_memories_agent_type_created from the oldest end.
  const rows = await ex.query<Removed>(sql`DELETE FROM memories WHERE id IN (
      SELECT id FROM memories
      WHERE agent_id = ${p.agentId} AND type = ${p.table} AND created_at < to_timestamp(${p.cutoff}::float8)
      ORDER BY created_at, id LIMIT ${p.batchSize})
    RETURNING room_id`);
  return countRooms(tally, p.table, rows);
}

/** Rooms (null: memories without one) holding more than `max` of the agent's memories in `table`. */
async function roomsOverLimit(
  ex: SqlExecutor,
  agentId: UUID,
  table: string,
  max: number,
): Promise<(UUID | null)[]> {
  const rows = await ex.query<Removed>(sql`SELECT room_id FROM memories
    WHERE agent_id = ${agentId} AND type = ${table}
    GROUP BY room_id HAVING count(*) > ${max} ORDER BY room_id`);
  return rows.map((r) => r.room_id);
}

async function deleteBeyondNewest(
  ex: SqlExecutor,
  tally: RemovalTally,
  p: { agentId: UUID; table: string; roomId: UUID | null; maxPerRoom: number; batchSize: number },
): Promise<number> {
  const inRoom = p.roomId === null ? sql`room_id IS NULL` : sql`room_id = ${p.roomId}`;
  // Skips the newest maxPerRoom on idx_memories_room_type_created and removes the next batch.
  const rows = await ex.query<Removed>(sql`DELETE FROM memories WHERE id IN (
      SELECT id FROM memories
      WHERE ${inRoom} AND type = ${p.table} AND agent_id = ${p.agentId}
      ORDER BY created_at DESC, id DESC OFFSET ${p.maxPerRoom} LIMIT ${p.batchSize})
    RETURNING room_id`);
  return countRooms(tally, p.table, rows);
}
