import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { readProcessEnv, resolveSqlConfig, type SettingReader, type SqlPluginConfig } from './config.js';
import { SqlDatabaseAdapter } from './adapter/sql-database-adapter.js';
import { createPolicyFromConfig } from './create-policy-from-config.js';
import { readCoreSchemaSeed } from './core-schema-seed.js';
import { ElizaSqlError } from './errors.js';
import type { SqlLogger } from './sql-logger.js';

/**
 * Opens the driver the configuration names: PostgreSQL when `postgresUrl` is set, else PGlite. Each
 * backend package is imported here, on first use, so an agent on PGlite never loads postgres.js and
 * one on PostgreSQL never loads PGlite.
 */
export async function connectDriver(config: SqlPluginConfig): Promise<DatabaseDriver> {
  if (config.backend === 'postgres' && config.postgresUrl) {
    const { createPgDriver } = await import('@eliza-sql/adapter-pg');
    return createPgDriver({
      url: config.postgresUrl,
      max: config.pool.max,
      idleTimeoutMs: config.pool.idleTimeoutMs,
      connectTimeoutMs: config.pool.connectTimeoutMs,
    });
  }
  const { createPgliteDriver } = await import('@eliza-sql/adapter-pglite');
  // A new database starts with the core schema in place (src/core-schema-seed.ts).
  return createPgliteDriver({ dataDir: config.dataDir, bootstrap: { seed: () => readCoreSchemaSeed() } });
}

/**
 * Opens the tables owner's connection (`POSTGRES_MIGRATION_URL`) an isolated adapter migrates and
 * installs through; a small pool, as it serves migrations only.
 */
export async function connectOwnerDriver(config: SqlPluginConfig): Promise<DatabaseDriver> {
  if (!config.postgresMigrationUrl) {
    throw new ElizaSqlError('INVALID_CONFIG', 'POSTGRES_MIGRATION_URL: not set');
  }
  const { createPgDriver } = await import('@eliza-sql/adapter-pg');
  return createPgDriver({
    url: config.postgresMigrationUrl,
    max: 2,
    idleTimeoutMs: config.pool.idleTimeoutMs,
    connectTimeoutMs: config.pool.connectTimeoutMs,
  });
}

/** Builds an adapter from a typed configuration (connects lazily, in `init()`). */
export function createAdapterFromConfig(
  config: SqlPluginConfig,
  agentId: UUID,
  logger?: SqlLogger,
): SqlDatabaseAdapter {
  return new SqlDatabaseAdapter(agentId, {
    connect: () => connectDriver(config),
    policy: createPolicyFromConfig(config),
    logger,
    isolation:
      config.dataIsolation.enabled && config.dataIsolation.serverId
        ? { serverId: config.dataIsolation.serverId }
        : undefined,
    migrations: {
      settings: config.migrationSettings,
      connectOwner:
        config.dataIsolation.enabled && config.postgresMigrationUrl
          ? () => connectOwnerDriver(config)
          : undefined,
    },
    embeddingDimensionChange: config.embeddingDimensionChange,
  });
}

/**
 * The reference's factory, same signature: synchronous; the connection opens in `init()`.
 * `postgresUrl` selects PostgreSQL; otherwise PGlite in `dataDir` (else `PGLITE_DATA_DIR`, else
 * `./.eliza/.elizadb`). Other settings come from the environment through `resolveSqlConfig`.
 * Adapters on the same URL / data dir share one pool / instance (reference-counted); different ones
 * are isolated.
 */
export function createDatabaseAdapter(
  config: { dataDir?: string; postgresUrl?: string },
  agentId: UUID,
  env: SettingReader = readProcessEnv,
): SqlDatabaseAdapter {
  const settings: SettingReader = (key) => {
    if (key === 'POSTGRES_URL') return config.postgresUrl;
    if (key === 'PGLITE_DATA_DIR') return config.dataDir || env(key);
    return env(key);
  };
  return createAdapterFromConfig(resolveSqlConfig(settings), agentId);
}
