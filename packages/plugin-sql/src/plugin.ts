import { schema } from '@eliza-sql/core-schema';
import { type IAgentRuntime, ModelType, type Plugin } from '@elizaos/core';
import { resolveSqlConfig, runtimeSettingReader, type SqlPluginConfig } from './config.js';
import type { SqlDatabaseAdapter } from './adapter/sql-database-adapter.js';
import { createAdapterFromConfig } from './create-database-adapter.js';
import { EmbeddingReembedService } from './embedding-lifecycle/embedding-reembed-service.js';
import { FINGERPRINT_PROBE_TEXT } from './embedding-lifecycle/fingerprint.js';
import { SqlRetentionService } from './retention/retention-service.js';
import { errorMessage } from './sql-logger.js';

/** Whether the runtime already has a database adapter (its `isReady()` throws when none is registered). */
async function hasAdapter(runtime: IAgentRuntime): Promise<boolean> {
  try {
    await runtime.isReady();
    return true;
  } catch (err) {
    const message = errorMessage(err);
    if (!message.includes('Database adapter not registered')) {
      runtime.logger.warn(
        { src: 'plugin:sql', error: message },
        'Database adapter readiness check failed; registering one',
      );
    }
    return false;
  }
}

/** Where the data lives, for the start log: the data directory, or the server and database (no credentials). */
export function locationOf(config: Pick<SqlPluginConfig, 'backend' | 'postgresUrl' | 'dataDir'>): string {
  if (config.backend === 'pglite' || !config.postgresUrl) return config.dataDir;
  try {
    const url = new URL(config.postgresUrl);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}

/**
 * Lets the adapter fingerprint the embedding model at start (one `useModel` call, made by
 * `ensureEmbeddingDimension`), unless EMBEDDING_MODEL_CHECK=false.
 */
function probeEmbeddingModel(
  runtime: IAgentRuntime,
  adapter: SqlDatabaseAdapter,
  config: SqlPluginConfig,
): void {
  if (!config.embeddingLifecycle.modelCheck) return;
  adapter.embeddings.useModelProbe(() =>
    runtime.useModel(ModelType.TEXT_EMBEDDING, { text: FINGERPRINT_PROBE_TEXT }),
  );
}

/**
 * The elizaOS plugin: registers a {@link SqlDatabaseAdapter} for the runtime's agent unless one is
 * already registered. Settings (through `runtime.getSetting`, then the environment, see
 * `runtimeSettingReader`): POSTGRES_URL, PGLITE_DATA_DIR and the others of `resolveSqlConfig`. The connection opens, and the core schema is migrated, when the
 * runtime calls `adapter.init()` in `initialize()`.
 */
export const plugin: Plugin = {
  name: '@elizaos/plugin-sql',
  description: 'A plugin for SQL database access with dynamic schema migrations',
  priority: 0,
  schema: schema as unknown as Plugin['schema'],
  // Prunes as the retention settings say, on an interval (off by default except expired cache entries);
  // re-embeds old memories only under EMBEDDING_DIMENSION_CHANGE=reembed.
  services: [SqlRetentionService, EmbeddingReembedService],
  init: async (_config, runtime) => {
    if (await hasAdapter(runtime)) {
      runtime.logger.info(
        { src: 'plugin:sql', agentId: runtime.agentId },
        'Database adapter already registered',
      );
      return;
    }
    const config = resolveSqlConfig(runtimeSettingReader((key) => runtime.getSetting(key)));
    const adapter = createAdapterFromConfig(config, runtime.agentId);
    probeEmbeddingModel(runtime, adapter, config);
    runtime.registerDatabaseAdapter(adapter);
    runtime.logger.info(
      { src: 'plugin:sql', agentId: runtime.agentId, backend: config.backend, location: locationOf(config) },
      'Database adapter created and registered',
    );
  },
};
