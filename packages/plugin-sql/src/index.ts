/**
 * @eliza-sql/plugin-sql: a drop-in replacement for `@elizaos/plugin-sql@1.7.2` (same exports, same
 * plugin name), on PGlite or PostgreSQL, plus a typed API.
 */
import { plugin } from './plugin.js';

export {
  agentTable,
  cacheTable,
  channelParticipantsTable,
  channelTable,
  componentTable,
  embeddingSpaceTable,
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
} from '@eliza-sql/core-schema';
export {
  type EmbeddingDimensionChange,
  type MemoryRetentionRule,
  resolveRetentionConfig,
  type SqlRetentionConfig,
  type MigrationSettingsReader,
  resolveMigrationSettings,
  resolveSqlConfig,
  runtimeSettingReader,
  type SettingReader,
  type SqlDataIsolationOptions,
  type SqlEmbeddingLifecycleOptions,
  type SqlMigrationSettings,
  type SqlPluginConfig,
  type SqlPoolOptions,
  type SqlResilienceOptions,
} from './config.js';
export { type BackupPgliteOptions, backupPglite, type PgliteBackup } from './backup/backup-pglite.js';
export { type RestorePgliteOptions, restorePglite } from './backup/restore-pglite.js';
export {
  connectDriver,
  connectOwnerDriver,
  createAdapterFromConfig,
  createDatabaseAdapter,
} from './create-database-adapter.js';
export { createPolicyFromConfig } from './create-policy-from-config.js';
export {
  DatabaseMigrationService,
  type DatabaseMigrationServiceOptions,
  type PluginMigrationOptions,
  type PluginWithSchema,
} from './database-migration-service.js';
export {
  type CopyDatabaseOptions,
  type CopyDatabaseResult,
  type CopyProgress,
  copyDatabase,
} from './data-transfer/copy-database.js';
export {
  AGENT_ARCHIVE_FORMAT,
  AGENT_ARCHIVE_VERSION,
  type AgentArchiveHeader,
  type AgentArchiveTrailer,
} from './data-transfer/agent-archive-format.js';
export {
  type AgentTransferProgress,
  type ExportAgentOptions,
  type ExportAgentResult,
  exportAgent,
} from './data-transfer/export-agent.js';
export {
  type ImportAgentOptions,
  type ImportAgentResult,
  importAgent,
} from './data-transfer/import-agent.js';
export type { TableVerification } from './data-transfer/verify-table-copy.js';
export { ElizaSqlError, type ElizaSqlErrorCode, isElizaSqlError } from './errors.js';
// The isolation functions that run SQL are exported behind the call boundary's error mapping.
export {
  applyRLSToNewTables,
  assignAgentToServer,
  findUnisolatedTables,
  getOrCreateRlsServer,
  installDataIsolation,
  installRLSFunctions,
  setIsolationContext,
  setServerContext,
  uninstallDataIsolation,
  uninstallRLS,
} from './boundary/isolation-functions.js';
export { type DataIsolationOptions, ISOLATION_LOCK_KEY } from './isolation/data-isolation.js';
export type { IsolationInstallReport } from './isolation/install-rls.js';
export type { IsolationTarget } from './isolation/isolation-target.js';
export { type RegisterTenantRoleOptions, registerTenantRole } from './isolation/register-tenant-role.js';
export type { EmbeddingModelProbe } from './adapter/embedding-space.js';
export {
  FINGERPRINT_MIN_SIMILARITY,
  FINGERPRINT_PROBE_TEXT,
  fingerprintSimilarity,
} from './embedding-lifecycle/fingerprint.js';
export {
  type ReclaimReport,
  REEMBED_HEARTBEAT_TIMEOUT_MS,
  reclaimEmbeddings,
} from './embedding-lifecycle/reclaim-embeddings.js';
export {
  type EmbedTexts,
  type ReembedFailure,
  type ReembedOptions,
  type ReembedProgress,
  type ReembedReport,
  type ReembedRetryOptions,
  reembedMemories,
} from './embedding-lifecycle/reembed-memories.js';
export {
  EmbeddingReembedService,
  type ReembedServiceState,
  type ReembedServiceStatus,
} from './embedding-lifecycle/embedding-reembed-service.js';
export type { EmbeddingSpaceRecord } from './stores/embedding-space-store.js';
export { plugin } from './plugin.js';
export { type PruneLogsOptions, pruneLogs } from './retention/prune-logs.js';
export { type PruneMemoriesOptions, pruneMemories } from './retention/prune-memories.js';
export type { RetentionProgress, RetentionRemoval, RetentionReport } from './retention/retention-report.js';
export { SqlRetentionService } from './retention/retention-service.js';
export type { RetentionTarget } from './retention/retention-target.js';
export { type RunRetentionOptions, runRetention } from './retention/run-retention.js';
export { type SetExpiringCacheOptions, setExpiringCache } from './retention/set-expiring-cache.js';
export { type SweepExpiredCacheOptions, sweepExpiredCache } from './retention/sweep-expired-cache.js';
export { SqlDatabaseAdapter } from './adapter/sql-database-adapter.js';
export type { SqlDatabaseAdapterOptions } from './adapter/sql-database-adapter-options.js';
export { type SqlLogger, silentSqlLogger } from './sql-logger.js';
export type { CachedEmbeddingsParams, SearchMemoriesParams } from './stores/memory-search.js';
export type { MessagePage, MessagePageOptions } from './stores/message-store.js';
export type * from './stores/messaging-types.js';

export default plugin;
