export { testPostgresUrl } from './postgres-url.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
export {
  createTestBackends,
  type TestBackend,
  type TestBackendName,
  type TestBackendOptions,
  type TestDatabaseLocation,
} from './create-test-backends.js';
export { type TestUuid, uuid } from './uuid.js';
export {
  createReferenceDatabase,
  type ReferenceAdapterLifecycle,
  type ReferenceDatabaseOptions,
} from './create-reference-database.js';
export { EMBEDDING_DIMENSION, embedText } from './embed-text.js';
export { createEmbedderPlugin, type EmbedderPlugin } from './create-embedder-plugin.js';
export { createFaultProxy, type FaultMode, type FaultProxy, type FaultProxyOptions } from './fault-proxy.js';
export { type SourceScript, type SourceScriptOptions, spawnSourceScript } from './spawn-source-script.js';
export { expectOnePerProcess } from './expect-one-per-process.js';
