import type { EmbeddingDimension } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import type { EmbeddingDimensionChange } from '../config.js';
import { decideEmbeddingDimension } from '../decide-embedding-dimension.js';
import { ElizaSqlError } from '../errors.js';
import { describeStoredEmbeddings } from '../stores/embedding-store.js';
import {
  activateEmbeddingSpace,
  createEmbeddingSpace,
  type EmbeddingSpaceRecord,
  listEmbeddingSpaces,
} from '../stores/embedding-space-store.js';
import { FINGERPRINT_MIN_SIMILARITY, fingerprintSimilarity, isSameModel } from './fingerprint.js';

/** What a start selected: the active space, and the warnings to log (one per change). */
export interface SelectedEmbeddingSpace {
  /** Undefined when the agent does not exist yet (nothing stored: searches and writes are not scoped). */
  readonly space: EmbeddingSpaceRecord | undefined;
  readonly warnings: readonly string[];
  /** The space that was active before, when the model changed (else undefined). */
  readonly changedFrom: EmbeddingSpaceRecord | undefined;
}

/** `384-d space 1a2b3c4d` */
const describeSpace = (space: Pick<EmbeddingSpaceRecord, 'id' | 'dimension'>) =>
  `${space.dimension}-d space ${space.id.slice(0, 8)}`;

/**
 * Selects the agent's active embedding space for a model of `dimension` whose fingerprint is `probe`
 * (undefined: not probed). Run in one transaction (under the caller's lock).
 *
 * - A dimension change is judged by the stored vectors as before ({@link decideEmbeddingDimension}).
 * - At the same dimension, a fingerprint similarity below {@link FINGERPRINT_MIN_SIMILARITY} is a
 *   model change when the agent holds vectors of that dimension: `error` throws
 *   EMBEDDING_MODEL_CHANGE_REFUSED (both spaces and the similarity), `switch` / `reembed` warn.
 * - On any change, a recorded space of the same model is activated again (switching back makes its
 *   vectors searchable again), else a new space is recorded.
 */
export async function selectEmbeddingSpace(
  ex: SqlExecutor,
  agentId: UUID,
  dimension: EmbeddingDimension,
  probe: readonly number[] | undefined,
  mode: EmbeddingDimensionChange,
): Promise<SelectedEmbeddingSpace> {
  const stored = await describeStoredEmbeddings(ex, agentId);
  const byDimension = decideEmbeddingDimension(agentId, dimension, stored, mode);
  const spaces = await listEmbeddingSpaces(ex, agentId);
  const active = spaces[0];
  const warnings = [...byDimension.warnings];
  if (active && active.dimension === dimension) {
    if (isSameModel(active.fingerprint, probe)) {
      if (probe && !active.fingerprint) await activateEmbeddingSpace(ex, active.id, probe);
      return { space: active, warnings, changedFrom: undefined };
    }
    const similarity = fingerprintSimilarity(active.fingerprint ?? [], probe ?? []);
    const held = stored.get(dimension)?.memories ?? 0;
    if (held > 0) {
      const change =
        `The embedding model of agent ${agentId} changed at the same dimension: the fingerprint of the new model ` +
        `has a cosine similarity of ${similarity.toFixed(4)} to that of ${describeSpace(active)} ` +
        `(at least ${FINGERPRINT_MIN_SIMILARITY} means the same model), and ${held} memories hold ${dimension}-dimension vectors`;
      if (mode === 'error') {
        throw new ElizaSqlError(
          'EMBEDDING_MODEL_CHANGE_REFUSED',
          `${change}. Searching them with the new model would return unrelated memories. ` +
            'Set EMBEDDING_DIMENSION_CHANGE=switch to go on with the new model (the old vectors are kept but not ' +
            'searched), or EMBEDDING_DIMENSION_CHANGE=reembed to also re-embed the old memories in the background ' +
            '(this calls the embedding model once per memory). Or return to the previous model.',
        );
      }
      warnings.push(
        `${change} (EMBEDDING_DIMENSION_CHANGE=${mode}). Old and new vectors now share the ${dimension}-dimension column; ` +
          `searches see only the new model's vectors (the old ones are told apart by their space and kept)` +
          (mode === 'reembed'
            ? ', and the re-embedding service brings the old memories back as it re-embeds them.'
            : '. Set EMBEDDING_DIMENSION_CHANGE=reembed to re-embed them.'),
      );
    }
  }
  const known = spaces.find(
    (space) => space !== active && space.dimension === dimension && isSameModel(space.fingerprint, probe),
  );
  let id: UUID | undefined;
  if (known) {
    await activateEmbeddingSpace(ex, known.id, probe);
    id = known.id;
  } else {
    id = await createEmbeddingSpace(ex, agentId, dimension, probe);
  }
  if (id === undefined) return { space: undefined, warnings, changedFrom: active };
  const space = (await listEmbeddingSpaces(ex, agentId)).find((candidate) => candidate.id === id);
  return { space, warnings, changedFrom: active };
}
