import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteCache, getCache, setCache } from '../../src/stores/cache-store.js';
import { testBackends } from '../support/backends.js';
import { expectElizaError, seedAgent } from './store-fixtures.js';

const VALUES: Array<[string, unknown]> = [
  ['a plain string', 'hello'],
  ['a string that looks like JSON', '{"a":1}'],
  ['a string that looks like a number', '42'],
  ['an empty string', ''],
  ['unicode and quotes', 'émoji 🎉 "quoted" \\ back\nslash'],
  ['an integer', 42],
  ['zero', 0],
  ['a negative float', -1.5e-7],
  ['a large safe integer', Number.MAX_SAFE_INTEGER],
  ['true', true],
  ['false', false],
  ['null', null],
  ['an empty array', []],
  ['a mixed array', [1, 'two', null, false, { three: 3 }, [4]]],
  ['an empty object', {}],
  ['a nested object', { a: { b: { c: [1, 2, { d: 'e' }] } }, 'key with spaces': true, n: null }],
];

for (const backend of testBackends) {
  describe(`cache store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agentId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      agentId = await seedAgent(driver);
    });
    afterAll(() => backend.cleanup());

    for (const [label, value] of VALUES) {
      it(`round-trips ${label} exactly`, async () => {
        const key = `k-${uuid()}`;
        await expect(setCache(driver, agentId, key, value)).resolves.toBe(true);
        const back = await getCache(driver, agentId, key);
        expect(back).toStrictEqual(value);
        expect(typeof back).toBe(typeof value);
      });
    }

    it('returns undefined for a missing key and overwrites on set', async () => {
      expect(await getCache(driver, agentId, 'missing')).toBeUndefined();
      await setCache(driver, agentId, 'k', { v: 1 });
      await setCache(driver, agentId, 'k', 'now a string');
      expect(await getCache(driver, agentId, 'k')).toBe('now a string');
    });

    it('keeps agents’ caches apart', async () => {
      const other = await seedAgent(driver, 'other');
      await setCache(driver, agentId, 'shared-key', 'mine');
      await setCache(driver, other, 'shared-key', 'theirs');
      expect(await getCache(driver, agentId, 'shared-key')).toBe('mine');
      expect(await getCache(driver, other, 'shared-key')).toBe('theirs');
      await deleteCache(driver, other, 'shared-key');
      expect(await getCache(driver, agentId, 'shared-key')).toBe('mine');
      expect(await getCache(driver, other, 'shared-key')).toBeUndefined();
    });

    it('deletes a key and returns true, also when it was absent', async () => {
      await setCache(driver, agentId, 'gone', [1]);
      await expect(deleteCache(driver, agentId, 'gone')).resolves.toBe(true);
      expect(await getCache(driver, agentId, 'gone')).toBeUndefined();
      await expect(deleteCache(driver, agentId, 'gone')).resolves.toBe(true);
    });

    it('treats an expired row as absent, and a new set clears the expiry', async () => {
      await setCache(driver, agentId, 'ttl', 'v1');
      await driver.query(
        `UPDATE cache SET expires_at = now() - interval '1 second' WHERE key = 'ttl' AND agent_id = '${agentId}'`,
      );
      expect(await getCache(driver, agentId, 'ttl')).toBeUndefined();
      await driver.query(
        `UPDATE cache SET expires_at = now() + interval '1 hour' WHERE key = 'ttl' AND agent_id = '${agentId}'`,
      );
      expect(await getCache(driver, agentId, 'ttl')).toBe('v1');
      await driver.query(
        `UPDATE cache SET expires_at = now() - interval '1 second' WHERE key = 'ttl' AND agent_id = '${agentId}'`,
      );
      await setCache(driver, agentId, 'ttl', 'v2');
      expect(await getCache(driver, agentId, 'ttl')).toBe('v2');
    });

    it('keys are data, not SQL', async () => {
      const key = "'; DELETE FROM cache; --";
      await setCache(driver, agentId, 'survivor', 1);
      await setCache(driver, agentId, key, 'x');
      expect(await getCache(driver, agentId, key)).toBe('x');
      await deleteCache(driver, agentId, key);
      expect(await getCache(driver, agentId, 'survivor')).toBe(1);
    });

    it('rejects values JSON cannot carry exactly, NULs and bad keys, writing nothing', async () => {
      await expectElizaError(setCache(driver, agentId, 'u', undefined), 'INVALID_INPUT');
      await expectElizaError(setCache(driver, agentId, 'u', Number.NaN), 'INVALID_INPUT');
      await expectElizaError(
        setCache(driver, agentId, 'u', { deep: [Number.POSITIVE_INFINITY] }),
        'INVALID_INPUT',
      );
      await expectElizaError(setCache(driver, agentId, 'u', 10n), 'INVALID_INPUT');
      await expectElizaError(
        setCache(driver, agentId, 'u', () => 1),
        'INVALID_INPUT',
      );
      const circular: Record<string, unknown> = { a: 1 };
      circular.self = circular;
      await expectElizaError(setCache(driver, agentId, 'u', circular), 'UNSTORABLE_VALUE');
      await expectElizaError(setCache(driver, agentId, 'u', 'nul\u0000'), 'UNSTORABLE_VALUE');
      await expectElizaError(setCache(driver, agentId, 'u', { 'k\u0000': 1 }), 'UNSTORABLE_VALUE');
      expect(await getCache(driver, agentId, 'u')).toBeUndefined();
      await expectElizaError(getCache(driver, agentId, 'k\u0000'), 'UNSTORABLE_VALUE');
      await expectElizaError(getCache(driver, agentId, 5 as unknown as string), 'INVALID_INPUT');
      await expectElizaError(getCache(driver, 'nope' as UUID, 'k'), 'INVALID_INPUT');
    });
  });
}
