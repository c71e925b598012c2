import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { deleteInBatches } from './delete-in-batches.js';
import { createRemovalTally, type RetentionReport } from './retention-report.js';
import { optionalSignal, retentionBatchSize } from './retention-options.js';
import { type RetentionTarget, resolveRetentionTarget } from './retention-target.js';
import { withPublicErrors } from './with-public-errors.js';

/** Options of {@link sweepExpiredCache}. */
export interface SweepExpiredCacheOptions {
  /** The agent whose cache is swept (default: the adapter's; required with a driver). */
  readonly agentId?: UUID;
  /** Rows removed per statement (default 500, at most 10 000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * Deletes the agent's cache entries whose `expires_at` has passed, in small batches. `getCache`
 * already treats them as absent; this reclaims their space. Entries without expiry are never touched.
 */
export async function sweepExpiredCache(
  target: RetentionTarget,
  options: SweepExpiredCacheOptions = {},
): Promise<RetentionReport> {
  return withPublicErrors('sweepExpiredCache', async () => {
    const { driver, agentId } = await resolveRetentionTarget(target, options.agentId);
    const batchSize = retentionBatchSize(options.batchSize);
    const signal = optionalSignal(options.signal);
    const tally = createRemovalTally();
    const finished = await deleteInBatches(batchSize, signal, async () => {
      // The primary key leads with `key`, so this filters the agent's rows; cache tables are small.
      const rows = await driver.query(sql`DELETE FROM cache WHERE agent_id = ${agentId} AND key IN (
          SELECT key FROM cache WHERE agent_id = ${agentId} AND expires_at <= now() LIMIT ${batchSize})
        RETURNING 1`);
      tally.add('cache', null, rows.length);
      return rows.length;
    });
    return tally.report(!finished);
  });
}
