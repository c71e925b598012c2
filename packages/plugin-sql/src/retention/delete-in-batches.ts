import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs `deleteBatch` (one statement: its own short transaction) until it removes fewer than
 * `batchSize` rows or `signal` aborts; returns false when stopped by the signal. Each batch is a
 * separate statement so no lock is held between batches and writers interleave. Between batches it
 * yields to the event loop: PGlite settles queries in microtasks only, so without that a long run
 * would hold up the agent's I/O (its requests) until the end.
 */
export async function deleteInBatches(
  batchSize: number,
  signal: AbortSignal | undefined,
  deleteBatch: () => Promise<number>,
): Promise<boolean> {
  for (;;) {
    if (signal?.aborted) return false;
    const removed = await deleteBatch();
    await nextTurn(); // also after the last batch: the caller's next loop (room, table) starts at once
    if (removed < batchSize) return true;
  }
}
