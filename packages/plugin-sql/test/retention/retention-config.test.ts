import { describe, expect, it } from 'vitest';
import { resolveRetentionConfig, resolveSqlConfig } from '../../src/config.js';
import { isElizaSqlError } from '../../src/errors.js';

const DAY = 86_400_000;
const reader = (settings: Record<string, string>) => (key: string) => settings[key];

describe('retention settings', () => {
  it('are off by default except the sweep of expired cache entries', () => {
    expect(resolveSqlConfig(reader({})).retention).toEqual({
      memories: [],
      logMaxAgeMs: undefined,
      sweepExpiredCache: true,
      intervalMs: 60 * 60_000,
      batchSize: 500,
    });
  });

  it('apply the memory limits to the listed tables, with per-table overrides and 0 as off', () => {
    const config = resolveRetentionConfig(
      reader({
        MEMORY_MAX_AGE_DAYS: '30',
        MEMORY_MAX_PER_ROOM: '1000',
        MEMORY_RETENTION_TABLES: 'messages, facts,my-notes,documents',
        MEMORY_MAX_PER_ROOM_FACTS: '0',
        MEMORY_MAX_AGE_DAYS_MY_NOTES: '2',
        MEMORY_MAX_AGE_DAYS_DOCUMENTS: '0',
        MEMORY_MAX_PER_ROOM_DOCUMENTS: '0',
        LOG_MAX_AGE_DAYS: '14',
        CACHE_SWEEP_EXPIRED: 'false',
        RETENTION_INTERVAL_MINUTES: '5',
        RETENTION_BATCH_SIZE: '100',
      }),
    );
    expect(config).toEqual({
      memories: [
        { table: 'messages', maxAgeMs: 30 * DAY, maxPerRoom: 1000 },
        { table: 'facts', maxAgeMs: 30 * DAY },
        { table: 'my-notes', maxAgeMs: 2 * DAY, maxPerRoom: 1000 },
      ],
      logMaxAgeMs: 14 * DAY,
      sweepExpiredCache: false,
      intervalMs: 5 * 60_000,
      batchSize: 100,
    });
  });

  it.each([
    ['MEMORY_MAX_AGE_DAYS', '-1'],
    ['MEMORY_MAX_PER_ROOM', 'many'],
    ['LOG_MAX_AGE_DAYS', '1.5'],
    ['RETENTION_BATCH_SIZE', '0'],
    ['RETENTION_INTERVAL_MINUTES', '0'],
    ['CACHE_SWEEP_EXPIRED', 'sometimes'],
  ])('refuse %s=%s with INVALID_CONFIG naming the setting', (key, value) => {
    let error: unknown;
    try {
      resolveRetentionConfig(reader({ [key]: value }));
    } catch (err) {
      error = err;
    }
    expect(isElizaSqlError(error, 'INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toContain(key);
  });
});
