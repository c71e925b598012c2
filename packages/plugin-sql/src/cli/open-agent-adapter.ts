import { SqlDatabaseAdapter } from '../adapter/sql-database-adapter.js';
import { silentSqlLogger } from '../sql-logger.js';
import { listEmbeddingSpaces } from '../stores/embedding-space-store.js';
import { isUuid } from '../validation.js';
import { CliUsageError, type CliValues } from './cli-command.js';
import { openDatabaseLocation } from './open-database-location.js';

/** The `--db` and `--agent` options the embedding commands share. */
export const AGENT_DATABASE_OPTIONS = {
  db: { type: 'string' },
  agent: { type: 'string' },
} as const;

/**
 * Opens `--db` (migrating the core schema, as an agent start does) and an adapter for `--agent` with its
 * active embedding space selected (`--dimension`, or the space the agent used last). The caller closes it.
 */
export async function openAgentAdapter(values: CliValues): Promise<SqlDatabaseAdapter> {
  const db = values.db;
  const agent = values.agent;
  if (typeof db !== 'string' || db === '')
    throw new CliUsageError('--db <PGlite directory | postgres:// URL> is required');
  if (typeof agent !== 'string' || !isUuid(agent))
    throw new CliUsageError('--agent <agent id (a UUID)> is required');
  const dimensionText = values.dimension;
  const driver = await openDatabaseLocation(db);
  const adapter = new SqlDatabaseAdapter(agent, {
    driver,
    logger: silentSqlLogger,
    embeddingDimensionChange: 'reembed',
  });
  try {
    await adapter.init();
    let dimension = typeof dimensionText === 'string' ? Number(dimensionText) : undefined;
    if (dimension === undefined) {
      const [active] = await adapter.calls.read((ex) => listEmbeddingSpaces(ex, agent));
      if (!active) {
        throw new CliUsageError(
          `agent ${agent} has no recorded embedding space in ${db}: start it once with its new model, or pass --dimension`,
        );
      }
      dimension = active.dimension;
    }
    await adapter.ensureEmbeddingDimension(dimension);
    return adapter;
  } catch (error) {
    await adapter.close();
    throw error;
  }
}
