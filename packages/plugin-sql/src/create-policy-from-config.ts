import { createDatabasePolicy, type DatabasePolicy } from '@eliza-sql/resilience';
import { resolveSqlConfig, type SqlPluginConfig } from './config.js';

/**
 * The resilience policy the configuration describes; without one, the documented defaults (the
 * policy an adapter built without a `policy` option uses).
 */
export function createPolicyFromConfig(
  config: SqlPluginConfig = resolveSqlConfig(() => undefined),
): DatabasePolicy {
  return createDatabasePolicy({
    maxRetries: config.resilience.maxAttempts - 1,
    connectionTimeout:
      config.resilience.timeoutMs === 0 ? Number.POSITIVE_INFINITY : config.resilience.timeoutMs,
  });
}
