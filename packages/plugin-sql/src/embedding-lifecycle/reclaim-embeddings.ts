import type { UUID } from '@elizaos/core';
import type { SqlDatabaseAdapter } from '../adapter/sql-database-adapter.js';
import { ElizaSqlError } from '../errors.js';
import {
  countMemoriesOutsideSpace,
  dropVectorsOutsideSpace,
  reembedHeartbeatAge,
  type SpaceScope,
} from '../stores/embedding-space-store.js';

/** A re-embedding whose last batch is younger than this is taken as running (a crashed one goes stale). */
export const REEMBED_HEARTBEAT_TIMEOUT_MS = 120_000;

/** What {@link reclaimEmbeddings} freed. */
export interface ReclaimReport {
  readonly spaceId: UUID;
  /** `embeddings` rows deleted (they held only vectors of other spaces). */
  readonly rowsDeleted: number;
  /** Vectors of other dimensions cleared in rows kept for the active space. */
  readonly vectorsCleared: number;
  /** Bytes those vectors took in the table (`pg_column_size`); the disk space returns after VACUUM. */
  readonly bytes: number;
}

/**
 * Drops the agent's vectors of every space but the active one, once the active space is complete
 * (every embedded memory has a vector of it), in one transaction. Refuses with REEMBED_RUNNING while
 * a re-embedding into the space is running, and EMBEDDING_SPACE_INCOMPLETE (with the count) while
 * memories still lack a vector of it; nothing is dropped then.
 */
export async function reclaimEmbeddings(adapter: SqlDatabaseAdapter): Promise<ReclaimReport> {
  const active = adapter.embeddings.active;
  if (!active) {
    throw new ElizaSqlError(
      'EMBEDDING_SPACE_UNKNOWN',
      `No embedding space is active for agent ${adapter.agentId}: call ensureEmbeddingDimension(dimension) first`,
    );
  }
  const space: SpaceScope = { id: active.id, adoptsUntagged: active.adoptsUntagged };
  const freed = await adapter.calls.write((ex) =>
    ex.transaction(async (tx) => {
      const age = await reembedHeartbeatAge(tx, space.id);
      if (age !== null && age < REEMBED_HEARTBEAT_TIMEOUT_MS) {
        throw new ElizaSqlError(
          'REEMBED_RUNNING',
          `A re-embedding into ${active.dimension}-d space ${space.id} of agent ${adapter.agentId} is running ` +
            `(last batch ${Math.round(age / 1000)} s ago): reclaim once it has finished`,
        );
      }
      const { outside } = await countMemoriesOutsideSpace(tx, adapter.agentId, active.dimension, space);
      if (outside > 0) {
        throw new ElizaSqlError(
          'EMBEDDING_SPACE_INCOMPLETE',
          `${outside} memories of agent ${adapter.agentId} have no vector of the active ${active.dimension}-d ` +
            `space ${space.id} yet: re-embed them first (reembedMemories or \`eliza-sql reembed\`), then reclaim`,
        );
      }
      return dropVectorsOutsideSpace(tx, adapter.agentId, active.dimension, space);
    }),
  );
  return { spaceId: space.id, ...freed };
}
