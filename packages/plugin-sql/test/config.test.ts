import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR } from '../src/config.js';
import { isElizaSqlError, resolveSqlConfig, runtimeSettingReader } from '../src/index.js';

const from = (settings: Record<string, unknown>) => (key: string) => settings[key];

describe('resolveSqlConfig', () => {
  it('defaults: embedded PGlite in ./.eliza/.elizadb, development (verbose), nothing destructive, dimension changes refused', () => {
    const config = resolveSqlConfig(from({}));
    expect(config).toMatchObject({
      backend: 'pglite',
      postgresUrl: undefined,
      dataDir: DEFAULT_DATA_DIR,
      embeddingDimensionChange: 'error',
      pool: { max: 20, idleTimeoutMs: 30_000, connectTimeoutMs: 5_000 },
      resilience: { maxAttempts: 4, timeoutMs: 30_000 },
    });
    expect(config.migrationSettings()).toEqual({ allowDestructive: false, production: false, verbose: true });
  });

  it('reads POSTGRES_URL, PGLITE_DATA_DIR, NODE_ENV, ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS and pool/resilience settings', () => {
    const config = resolveSqlConfig(
      from({
        POSTGRES_URL: ' postgresql://u:p@db:5432/x ',
        PGLITE_DATA_DIR: 'memory://',
        NODE_ENV: 'production',
        ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS: 'true',
        POSTGRES_POOL_MAX: '4',
        ELIZA_SQL_TIMEOUT_MS: 0,
        ELIZA_SQL_MAX_ATTEMPTS: 1,
        EMBEDDING_DIMENSION_CHANGE: ' Switch ',
      }),
    );
    expect(config).toMatchObject({
      backend: 'postgres',
      postgresUrl: 'postgresql://u:p@db:5432/x',
      dataDir: 'memory://',
      embeddingDimensionChange: 'switch',
      pool: { max: 4 },
      resilience: { timeoutMs: 0, maxAttempts: 1 },
    });
    expect(config.migrationSettings()).toEqual({ allowDestructive: true, production: true, verbose: false });
    expect(
      resolveSqlConfig(
        from({ NODE_ENV: 'production', ELIZA_SQL_VERBOSE_MIGRATIONS: 'yes' }),
      ).migrationSettings().verbose,
    ).toBe(true);
    expect(resolveSqlConfig(from({ EMBEDDING_DIMENSION_CHANGE: 'reembed' })).embeddingDimensionChange).toBe(
      'reembed',
    );
    expect(resolveSqlConfig(from({ POSTGRES_URL: '', PGLITE_DATA_DIR: null })).backend).toBe('pglite');
    expect(resolveSqlConfig(from({ PGLITE_DATA_DIR: '~/db' })).dataDir).toBe(join(homedir(), 'db'));
  });

  it.each([
    ['POSTGRES_URL', 'mysql://x'],
    ['POSTGRES_URL', 'not a url'],
    ['ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS', 'maybe'],
    ['POSTGRES_POOL_MAX', '0'],
    ['POSTGRES_POOL_MAX', '1.5'],
    ['ELIZA_SQL_MAX_ATTEMPTS', 'many'],
    ['PGLITE_DATA_DIR', { dir: 1 }],
    ['EMBEDDING_DIMENSION_CHANGE', 'delete'],
    ['EMBEDDING_DIMENSION_CHANGE', true],
  ])('%s=%j is INVALID_CONFIG naming the key', (key, value) => {
    let err: unknown;
    try {
      resolveSqlConfig(from({ [key]: value }));
    } catch (e) {
      err = e;
    }
    expect(isElizaSqlError(err, 'INVALID_CONFIG')).toBe(true);
    expect(String(err)).toContain(key);
  });

  it('EMBEDDING_DIMENSION_CHANGE: an invalid value names the key and every allowed value', () => {
    expect(() => resolveSqlConfig(from({ EMBEDDING_DIMENSION_CHANGE: 'delete' }))).toThrow(
      'EMBEDDING_DIMENSION_CHANGE: expected one of error, switch, reembed, got "delete"',
    );
  });

  it('migration settings are read when asked, not when the configuration was resolved', () => {
    const settings: Record<string, unknown> = {};
    const config = resolveSqlConfig(from(settings));
    expect(config.migrationSettings().allowDestructive).toBe(false);
    settings.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = 'true';
    expect(config.migrationSettings().allowDestructive).toBe(true);
    settings.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = 'perhaps';
    expect(() => config.migrationSettings()).toThrow(/ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS/);
  });

  it('the plugin reads EMBEDDING_DIMENSION_CHANGE from the runtime first, then the environment', () => {
    const runtime = from({ EMBEDDING_DIMENSION_CHANGE: 'switch' });
    const env = from({ EMBEDDING_DIMENSION_CHANGE: 'reembed' });
    expect(resolveSqlConfig(runtimeSettingReader(runtime, env)).embeddingDimensionChange).toBe('switch');
    expect(resolveSqlConfig(runtimeSettingReader(from({}), env)).embeddingDimensionChange).toBe('reembed');
  });
});
