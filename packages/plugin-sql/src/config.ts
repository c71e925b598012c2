/**
 * The plugin's configuration: the ONLY module of this package that reads environment variables or
 * runtime settings. Everything else receives a typed {@link SqlPluginConfig}.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_OPTIONS } from '@eliza-sql/resilience';
import { stringToUuid, type UUID } from '@elizaos/core';
import { ElizaSqlError } from './errors.js';
import { DEFAULT_PGLITE_DATA_DIR } from '@eliza-sql/core-schema/driver';

/** Where the embedded database lives when no `PGLITE_DATA_DIR` is given (the reference's default). */
export const DEFAULT_DATA_DIR = DEFAULT_PGLITE_DATA_DIR;

/** Reads one setting by key (`runtime.getSetting`, or the process environment); unset → undefined/null. */
export type SettingReader = (key: string) => unknown;

/** Connection pool options (PostgreSQL only). */
export interface SqlPoolOptions {
  /** Maximum connections in the pool (`POSTGRES_POOL_MAX`, default 20, as adapter-pg's). */
  readonly max: number;
  /** Milliseconds an idle connection is kept (`POSTGRES_IDLE_TIMEOUT_MS`, default 30 000). */
  readonly idleTimeoutMs: number;
  /** Milliseconds to wait for a new connection (`POSTGRES_CONNECT_TIMEOUT_MS`, default 5 000, as adapter-pg's). */
  readonly connectTimeoutMs: number;
}

/** Options of the resilience policy wrapped once around every public adapter call. */
export interface SqlResilienceOptions {
  /** Attempts of an idempotent call that failed with a transient error (`ELIZA_SQL_MAX_ATTEMPTS`, default: the resilience policy's, 4). */
  readonly maxAttempts: number;
  /** Per-call timeout in milliseconds, 0 for none (`ELIZA_SQL_TIMEOUT_MS`, default 30 000). */
  readonly timeoutMs: number;
}

/** Data isolation (row-level security by server and entity; PostgreSQL only). */
export interface SqlDataIsolationOptions {
  /** `ENABLE_DATA_ISOLATION=true`. */
  readonly enabled: boolean;
  /** `ELIZA_SERVER_ID` as a UUID (a UUID is kept, any other string is hashed as the reference does). */
  readonly serverId: UUID | undefined;
}

/** Migration settings (see {@link SqlPluginConfig.migrationSettings}). */
export interface SqlMigrationSettings {
  /** `ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS=true`: destructive changes (drop column/table) are applied. */
  readonly allowDestructive: boolean;
  /** `NODE_ENV=production`: only changes the default of `verbose`. */
  readonly production: boolean;
  /**
   * `ELIZA_SQL_VERBOSE_MIGRATIONS`: log each migration statement at debug level; default on in
   * development, off in production.
   */
  readonly verbose: boolean;
}

/** Reads the {@link SqlMigrationSettings} as they are now; invalid values throw `INVALID_CONFIG`. */
export type MigrationSettingsReader = () => SqlMigrationSettings;

/** The values of `EMBEDDING_DIMENSION_CHANGE`, the default first. */
export const EMBEDDING_DIMENSION_CHANGE_MODES = ['error', 'switch', 'reembed'] as const;

/**
 * What `ensureEmbeddingDimension` does when the agent's embeddings were stored in another dimension
 * (the embedding model changed): `error` refuses (`EMBEDDING_DIMENSION_CHANGE_REFUSED`); `switch`
 * stores new vectors in the new dimension, keeps the old ones (searchable again after switching back)
 * and warns; `reembed` is `switch` plus the plugin's re-embedding service, which re-embeds the old
 * memories in the background. A change of model at the same dimension (seen by the fingerprint) counts too.
 */
export type EmbeddingDimensionChange = (typeof EMBEDDING_DIMENSION_CHANGE_MODES)[number];

/** Retention limits of one memory table (`tableName`); an absent limit is off. */
export interface MemoryRetentionRule {
  readonly table: string;
  readonly maxAgeMs?: number;
  readonly maxPerRoom?: number;
}

/**
 * Retention (the retention service, `eliza-sql prune`). Everything is off by default except the
 * sweep of expired cache entries.
 */
export interface SqlRetentionConfig {
  /**
   * Per memory table: `MEMORY_RETENTION_TABLES` (comma-separated, default `messages`) each get
   * `MEMORY_MAX_AGE_DAYS` and `MEMORY_MAX_PER_ROOM`, or the table's own
   * `MEMORY_MAX_AGE_DAYS_<TABLE>` / `MEMORY_MAX_PER_ROOM_<TABLE>` (upper case, other characters `_`).
   * 0 or unset: no limit. Only tables with a limit are listed.
   */
  readonly memories: readonly MemoryRetentionRule[];
  /** `LOG_MAX_AGE_DAYS`: logs older than this are removed (0 or unset: kept). */
  readonly logMaxAgeMs: number | undefined;
  /** `CACHE_SWEEP_EXPIRED` (default true): delete cache entries whose `expires_at` has passed. */
  readonly sweepExpiredCache: boolean;
  /** `RETENTION_INTERVAL_MINUTES` (default 60, 1 to 10 080): time between runs of the service. */
  readonly intervalMs: number;
  /** `RETENTION_BATCH_SIZE` (default 500, 1 to 10 000): rows removed per statement. */
  readonly batchSize: number;
}

/** The embedding lifecycle's settings (model check, background re-embedding). */
export interface SqlEmbeddingLifecycleOptions {
  /** `EMBEDDING_MODEL_CHECK` (default true): probe the embedding model once per start to see a model change at the same dimension. */
  readonly modelCheck: boolean;
  /** `REEMBED_BATCH_SIZE` (default 64): memories embedded and written per batch. */
  readonly batchSize: number;
  /** `REEMBED_CONCURRENCY` (default 4): embedding model calls in flight at once. */
  readonly concurrency: number;
  /** `REEMBED_MAX_CALLS_PER_SECOND` (default 0: no limit): embedding model calls started per second. */
  readonly maxCallsPerSecond: number;
  /** `REEMBED_LOG_INTERVAL_MS` (default 30000): how often the service logs progress. */
  readonly logIntervalMs: number;
}

/** The typed configuration of the plugin. */
export interface SqlPluginConfig {
  /** `'postgres'` when `postgresUrl` is set, else the embedded `'pglite'`. */
  readonly backend: 'postgres' | 'pglite';
  /** `POSTGRES_URL`: a `postgres://` or `postgresql://` URL. */
  readonly postgresUrl: string | undefined;
  /**
   * `POSTGRES_MIGRATION_URL`: the tables owner's URL, used only with data isolation: `init()` and
   * plugin migrations migrate, install isolation and register the adapter's login role through it,
   * while every call runs on `POSTGRES_URL` (a login role that owns nothing). Unset: an isolated
   * adapter migrates nothing and only checks.
   */
  readonly postgresMigrationUrl: string | undefined;
  /** `PGLITE_DATA_DIR`: a directory (`~` expanded), or `memory://` for an in-memory database. */
  readonly dataDir: string;
  /**
   * The migration settings, read again each time a migration runs (the reference reads
   * `ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS` then too), so a value set after the adapter was created
   * applies to the next migration without a restart. `resolveSqlConfig` reads them once to refuse
   * invalid values at start.
   */
  readonly migrationSettings: MigrationSettingsReader;
  /** `EMBEDDING_DIMENSION_CHANGE`: what a start with an embedding model of another dimension does. */
  readonly embeddingDimensionChange: EmbeddingDimensionChange;
  readonly embeddingLifecycle: SqlEmbeddingLifecycleOptions;
  readonly pool: SqlPoolOptions;
  readonly resilience: SqlResilienceOptions;
  readonly dataIsolation: SqlDataIsolationOptions;
  readonly retention: SqlRetentionConfig;
}

function text(get: SettingReader, key: string): string | undefined {
  const value = get(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    throw new ElizaSqlError('INVALID_CONFIG', `${key}: expected a string, got ${typeof value}`);
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function flag(get: SettingReader, key: string, fallback: boolean): boolean {
  const value = text(get, key);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new ElizaSqlError('INVALID_CONFIG', `${key}: expected true or false, got ${JSON.stringify(value)}`);
}

function integer(get: SettingReader, key: string, fallback: number, min: number, max: number): number {
  const value = text(get, key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ElizaSqlError(
      'INVALID_CONFIG',
      `${key}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

function oneOf<T extends string>(get: SettingReader, key: string, allowed: readonly [T, ...T[]]): T {
  const value = text(get, key);
  if (value === undefined) return allowed[0];
  const found = allowed.find((candidate) => candidate === value.toLowerCase());
  if (found === undefined) {
    throw new ElizaSqlError(
      'INVALID_CONFIG',
      `${key}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return found;
}

function postgresUrl(get: SettingReader, key = 'POSTGRES_URL'): string | undefined {
  const value = text(get, key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ElizaSqlError('INVALID_CONFIG', `${key}: expected a postgres:// URL, got an unparsable value`, {
      cause,
    });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ElizaSqlError(
      'INVALID_CONFIG',
      `${key}: expected a postgres:// or postgresql:// URL, got protocol ${JSON.stringify(url.protocol)}`,
    );
  }
  return value;
}

function dataIsolation(get: SettingReader): SqlDataIsolationOptions {
  const enabled = flag(get, 'ENABLE_DATA_ISOLATION', false);
  const id = text(get, 'ELIZA_SERVER_ID');
  if (enabled && id === undefined) {
    throw new ElizaSqlError(
      'INVALID_CONFIG',
      'ELIZA_SERVER_ID: ENABLE_DATA_ISOLATION=true requires ELIZA_SERVER_ID (this server instance id)',
    );
  }
  return { enabled, serverId: enabled && id !== undefined ? stringToUuid(id) : undefined };
}

/** `~` / `~/x` → the home directory (as the reference expands PGLITE_DATA_DIR). */
function expandHome(dir: string): string {
  if (dir === '~') return homedir();
  return dir.startsWith('~/') ? join(homedir(), dir.slice(2)) : dir;
}

/**
 * Builds the typed configuration from settings. `getSetting` is `runtime.getSetting` inside the
 * plugin, or {@link readProcessEnv} outside a runtime. Invalid values throw `INVALID_CONFIG`.
 */
export function resolveSqlConfig(getSetting: SettingReader): SqlPluginConfig {
  const url = postgresUrl(getSetting);
  const migrationSettings = () => resolveMigrationSettings(getSetting);
  migrationSettings(); // now as well: an invalid value fails the start, not the first migration
  return {
    backend: url ? 'postgres' : 'pglite',
    postgresUrl: url,
    postgresMigrationUrl: postgresUrl(getSetting, 'POSTGRES_MIGRATION_URL'),
    dataDir: expandHome(text(getSetting, 'PGLITE_DATA_DIR') ?? DEFAULT_DATA_DIR),
    migrationSettings,
    embeddingDimensionChange: oneOf(
      getSetting,
      'EMBEDDING_DIMENSION_CHANGE',
      EMBEDDING_DIMENSION_CHANGE_MODES,
    ),
    embeddingLifecycle: {
      modelCheck: flag(getSetting, 'EMBEDDING_MODEL_CHECK', true),
      batchSize: integer(getSetting, 'REEMBED_BATCH_SIZE', 64, 1, 10_000),
      concurrency: integer(getSetting, 'REEMBED_CONCURRENCY', 4, 1, 256),
      maxCallsPerSecond: integer(getSetting, 'REEMBED_MAX_CALLS_PER_SECOND', 0, 0, 100_000),
      logIntervalMs: integer(getSetting, 'REEMBED_LOG_INTERVAL_MS', 30_000, 100, 3_600_000),
    },
    pool: {
      max: integer(getSetting, 'POSTGRES_POOL_MAX', 20, 1, 1000),
      idleTimeoutMs: integer(getSetting, 'POSTGRES_IDLE_TIMEOUT_MS', 30_000, 0, 86_400_000),
      connectTimeoutMs: integer(getSetting, 'POSTGRES_CONNECT_TIMEOUT_MS', 5_000, 1, 600_000),
    },
    resilience: {
      maxAttempts: integer(
        getSetting,
        'ELIZA_SQL_MAX_ATTEMPTS',
        DEFAULT_POLICY_OPTIONS.maxRetries + 1,
        1,
        20,
      ),
      timeoutMs: integer(getSetting, 'ELIZA_SQL_TIMEOUT_MS', 30_000, 0, 3_600_000),
    },
    dataIsolation: dataIsolation(getSetting),
    retention: resolveRetentionConfig(getSetting),
  };
}

const DAY_MS = 86_400_000;

/** The retention settings `getSetting` holds (see {@link SqlRetentionConfig}). */
export function resolveRetentionConfig(getSetting: SettingReader): SqlRetentionConfig {
  const days = (key: string, fallback: number) => integer(getSetting, key, fallback, 0, 36_500);
  const count = (key: string, fallback: number) => integer(getSetting, key, fallback, 0, 100_000_000);
  const maxAgeDays = days('MEMORY_MAX_AGE_DAYS', 0);
  const maxPerRoom = count('MEMORY_MAX_PER_ROOM', 0);
  const tables = (text(getSetting, 'MEMORY_RETENTION_TABLES') ?? 'messages')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const memories: MemoryRetentionRule[] = [];
  for (const table of new Set(tables)) {
    const suffix = table.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    const age = days(`MEMORY_MAX_AGE_DAYS_${suffix}`, maxAgeDays);
    const perRoom = count(`MEMORY_MAX_PER_ROOM_${suffix}`, maxPerRoom);
    if (age === 0 && perRoom === 0) continue;
    memories.push({
      table,
      ...(age > 0 ? { maxAgeMs: age * DAY_MS } : {}),
      ...(perRoom > 0 ? { maxPerRoom: perRoom } : {}),
    });
  }
  const logDays = days('LOG_MAX_AGE_DAYS', 0);
  return {
    memories,
    logMaxAgeMs: logDays > 0 ? logDays * DAY_MS : undefined,
    sweepExpiredCache: flag(getSetting, 'CACHE_SWEEP_EXPIRED', true),
    intervalMs: integer(getSetting, 'RETENTION_INTERVAL_MINUTES', 60, 1, 10_080) * 60_000,
    batchSize: integer(getSetting, 'RETENTION_BATCH_SIZE', 500, 1, 10_000),
  };
}

/** The migration settings `getSetting` holds now (see {@link SqlMigrationSettings}). */
export function resolveMigrationSettings(getSetting: SettingReader): SqlMigrationSettings {
  const production = text(getSetting, 'NODE_ENV') === 'production';
  return {
    allowDestructive: flag(getSetting, 'ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS', false),
    production,
    verbose: flag(getSetting, 'ELIZA_SQL_VERBOSE_MIGRATIONS', !production),
  };
}

/** Reads the process environment (for `createDatabaseAdapter` outside a runtime, and the demo). */
export const readProcessEnv: SettingReader = (key) => process.env[key];

/**
 * The migration settings of the process environment, as they are at each call: the default of the
 * migration service and of an adapter built without a configuration.
 */
export const readProcessEnvMigrationSettings: MigrationSettingsReader = () =>
  resolveMigrationSettings(readProcessEnv);

/**
 * How the plugin reads settings inside a runtime, as the reference does: `runtime.getSetting` first,
 * then the process environment, except `POSTGRES_URL`, which only the runtime's settings can set.
 */
export function runtimeSettingReader(
  getSetting: SettingReader,
  env: SettingReader = readProcessEnv,
): SettingReader {
  return (key) => {
    const value = getSetting(key);
    if (value !== undefined && value !== null && value !== '') return value;
    return key === 'POSTGRES_URL' ? undefined : env(key);
  };
}
