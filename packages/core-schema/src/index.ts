export type { DatabaseDriver, DriverCapabilities, DrizzleDatabase, Row, SqlExecutor } from './driver.js';
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
export {
  agentTable,
  type CoreSchema,
  cacheTable,
  channelParticipantsTable,
  channelTable,
  componentTable,
  embeddingTable,
  entityTable,
  logTable,
  memoryTable,
  messageServerAgentsTable,
  messageServerTable,
  messageTable,
  participantTable,
  relationshipTable,
  roomTable,
  schema,
  serverTable,
  taskTable,
  worldTable,
} from './schema.js';
export { SCHEMA_IMPROVEMENTS, type SchemaImprovement } from './schema-improvements.js';
export { vectorColumn } from './vector-column.js';
