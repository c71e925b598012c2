/** Re-exports for the pure unit tests. */
import type { OwnedObjects } from '../../src/index.js';

export { createSnapshot, diffSnapshots, type SchemaSnapshot } from '../../src/index.js';

export const NOTHING_OWNED_FOR_TESTS: OwnedObjects = {
  tables: new Set(),
  columns: new Set(),
  constraints: new Set(),
  indexes: new Set(),
};
