import type { DriverCapabilities } from './database-driver.js';

/** pgvector's approximate nearest-neighbour index access methods. */
const APPROXIMATE_VECTOR_INDEX_METHODS: readonly string[] = ['hnsw', 'ivfflat'];

/** The index access methods a backend with `capabilities` does not build (the migrator leaves them out). */
export function skippedIndexMethods(
  capabilities: Pick<DriverCapabilities, 'approximateVectorIndexes'>,
): readonly string[] {
  return capabilities.approximateVectorIndexes ? [] : APPROXIMATE_VECTOR_INDEX_METHODS;
}
