import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { databaseNowSeconds } from './database-now.js';
import { deleteInBatches } from './delete-in-batches.js';
import { createRemovalTally, type RetentionProgress, type RetentionReport } from './retention-report.js';
import { requiredAgeMs, optionalSignal, retentionBatchSize } from './retention-options.js';
import { type RetentionTarget, resolveRetentionTarget } from './retention-target.js';
import { withPublicErrors } from './with-public-errors.js';

/** Options of {@link pruneLogs}. */
export interface PruneLogsOptions {
  /** The agent whose rooms' logs are pruned (default: the adapter's; required with a driver). */
  readonly agentId?: UUID;
  /** Logs older than this (by `createdAt`, against the database clock at the start) are removed. */
  readonly maxAgeMs: number;
  /** Rows removed per statement (default 500, at most 10 000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RetentionProgress) => void;
}

/**
 * Removes logs older than `maxAgeMs` from the rooms of the agent (logs have no agent column; a room
 * belongs to one agent), room by room in small batches on the room/time index. Returns what it
 * removed per room (table `logs`).
 */
export async function pruneLogs(
  target: RetentionTarget,
  options: PruneLogsOptions,
): Promise<RetentionReport> {
  return withPublicErrors('pruneLogs', async () => {
    const { driver, agentId } = await resolveRetentionTarget(target, options.agentId);
    const maxAgeMs = requiredAgeMs('maxAgeMs', options.maxAgeMs);
    const batchSize = retentionBatchSize(options.batchSize);
    const signal = optionalSignal(options.signal);
    const tally = createRemovalTally();
    const cutoff = (await databaseNowSeconds(driver)) - maxAgeMs / 1000;
    const rooms = await driver.query<{ id: UUID }>(
      sql`SELECT id FROM rooms WHERE agent_id = ${agentId} ORDER BY id`,
    );
    for (const { id: roomId } of rooms) {
      const finished = await deleteInBatches(batchSize, signal, async () => {
        const rows = await driver.query(sql`DELETE FROM logs WHERE id IN (
            SELECT id FROM logs WHERE room_id = ${roomId} AND created_at < to_timestamp(${cutoff}::float8)
            ORDER BY created_at LIMIT ${batchSize})
          RETURNING 1`);
        tally.add('logs', roomId, rows.length);
        options.onProgress?.({ table: 'logs', removed: tally.total });
        return rows.length;
      });
      if (!finished) return tally.report(true);
    }
    return tally.report(false);
  });
}
