export type * from './driver/database-driver.js';
export {
  assertEmbeddingDimension,
  EMBEDDING_HNSW_INDEX_NAMES,
  embeddingCosineDistance,
  toVectorLiteral,
} from './embedding-distance.js';
export {
  DIMENSION_MAP,
  EMBEDDING_DIMENSIONS,
  type EmbeddingColumnName,
  type EmbeddingDimension,
  isEmbeddingDimension,
  MAX_INDEXABLE_VECTOR_DIMENSION,
  VECTOR_DIMS,
} from './embedding-dimensions.js';
export { InvalidEmbeddingError, type InvalidEmbeddingErrorCode } from './invalid-embedding-error.js';
export type {
  AgentSettingsJson,
  AgentStyleJson,
  JsonObject,
  KnowledgeItemJson,
  MessageExampleJson,
} from './json-types.js';
export type * from './row-types.js';
export { type CoreSchema, schema } from './schema.js';
export * from './tables/index.js';
export { SCHEMA_IMPROVEMENTS, type SchemaImprovement } from './schema-improvements.js';
export { vectorColumn } from './vector-column.js';
