/** ENABLE_DATA_ISOLATION / ELIZA_SERVER_ID in the one configuration module (no database needed). */
import { uuid } from '@eliza-sql/test-support';
import { stringToUuid } from '@elizaos/core';
import { describe, expect, it } from 'vitest';
import {
  createAdapterFromConfig,
  isElizaSqlError,
  resolveSqlConfig,
  silentSqlLogger,
} from '../../src/index.js';

const from = (settings: Record<string, unknown>) => (key: string) => settings[key];

describe('data isolation configuration', () => {
  it('is off by default; ELIZA_SERVER_ID alone does not turn it on', () => {
    expect(resolveSqlConfig(from({})).dataIsolation).toEqual({ enabled: false, serverId: undefined });
    expect(resolveSqlConfig(from({ ELIZA_SERVER_ID: 'x' })).dataIsolation.enabled).toBe(false);
  });

  it('ENABLE_DATA_ISOLATION=true with ELIZA_SERVER_ID: a UUID is kept, any other string hashed as the reference does', () => {
    const id = uuid();
    expect(
      resolveSqlConfig(from({ ENABLE_DATA_ISOLATION: 'true', ELIZA_SERVER_ID: id })).dataIsolation,
    ).toEqual({
      enabled: true,
      serverId: id,
    });
    const hostile = "x'); DROP TABLE agents; --";
    const config = resolveSqlConfig(from({ ENABLE_DATA_ISOLATION: true, ELIZA_SERVER_ID: hostile }));
    expect(config.dataIsolation.serverId).toBe(stringToUuid(hostile));
    expect(config.dataIsolation.serverId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ENABLE_DATA_ISOLATION=true without ELIZA_SERVER_ID, or a non-boolean flag, is INVALID_CONFIG', () => {
    for (const settings of [
      { ENABLE_DATA_ISOLATION: 'true' },
      { ENABLE_DATA_ISOLATION: 'maybe', ELIZA_SERVER_ID: 'x' },
    ]) {
      let err: unknown;
      try {
        resolveSqlConfig(from(settings));
      } catch (e) {
        err = e;
      }
      expect(isElizaSqlError(err, 'INVALID_CONFIG'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(/ELIZA_SERVER_ID|ENABLE_DATA_ISOLATION/);
    }
  });

  it('POSTGRES_MIGRATION_URL (the tables owner) is read and validated as POSTGRES_URL is', () => {
    const owner = 'postgres://owner@db:5432/x';
    expect(resolveSqlConfig(from({ POSTGRES_MIGRATION_URL: ` ${owner} ` })).postgresMigrationUrl).toBe(owner);
    expect(resolveSqlConfig(from({})).postgresMigrationUrl).toBeUndefined();
    let err: unknown;
    try {
      resolveSqlConfig(from({ POSTGRES_MIGRATION_URL: 'mysql://owner@db/x' }));
    } catch (e) {
      err = e;
    }
    expect(isElizaSqlError(err, 'INVALID_CONFIG'), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/^POSTGRES_MIGRATION_URL: expected a postgres:\/\//);
  });

  it('createAdapterFromConfig hands the server id to the adapter', async () => {
    const config = resolveSqlConfig(
      from({ ENABLE_DATA_ISOLATION: 'on', ELIZA_SERVER_ID: 'srv', PGLITE_DATA_DIR: 'memory://never-opened' }),
    );
    const adapter = createAdapterFromConfig(config, uuid(), silentSqlLogger);
    expect(adapter.getDataIsolation()).toEqual({ serverId: stringToUuid('srv') });
    await adapter.close();
    const off = createAdapterFromConfig(resolveSqlConfig(from({})), uuid(), silentSqlLogger);
    expect(off.getDataIsolation()).toBeUndefined();
    await off.close();
  });
});
