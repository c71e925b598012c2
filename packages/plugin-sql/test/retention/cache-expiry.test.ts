import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setExpiringCache } from '../../src/retention/set-expiring-cache.js';
import { sweepExpiredCache } from '../../src/retention/sweep-expired-cache.js';
import { getCache, setCache } from '../../src/stores/cache-store.js';
import { testBackends } from '../support/backends.js';
import { expectElizaError, seedAgent } from '../stores/store-fixtures.js';

for (const backend of testBackends) {
  describe(`cache expiry [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agent: UUID;
    let other: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      agent = await seedAgent(driver, 'cached');
      other = await seedAgent(driver, 'other');
    });
    afterAll(() => backend.cleanup());

    async function cacheKeys(agentId: UUID): Promise<string[]> {
      const rows = await driver.query<{ key: string }>(
        `SELECT key FROM cache WHERE agent_id = '${agentId}' ORDER BY key`,
      );
      return rows.map((r) => r.key);
    }

    it('an entry is returned until its expiry and never after; a plain setCache stores it without expiry', async () => {
      await setExpiringCache(driver, 'live', { v: 1 }, { agentId: agent, ttlMs: 3_600_000 });
      await setExpiringCache(
        driver,
        'dead',
        { v: 2 },
        { agentId: agent, expiresAt: new Date(Date.now() - 1000) },
      );
      await setExpiringCache(driver, 'soon', 'short', { agentId: agent, ttlMs: 400 });
      expect(await getCache(driver, agent, 'live')).toEqual({ v: 1 });
      expect(await getCache(driver, agent, 'dead')).toBeUndefined();
      expect(await getCache(driver, agent, 'soon')).toBe('short');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await getCache(driver, agent, 'soon')).toBeUndefined();
      const [row] = await driver.query<{ expires_at: unknown }>(
        `SELECT expires_at FROM cache WHERE agent_id = '${agent}' AND key = 'dead'`,
      );
      expect(row?.expires_at).not.toBeNull();
      await setCache(driver, agent, 'dead', 'revived');
      expect(await getCache(driver, agent, 'dead')).toBe('revived');
      const [revived] = await driver.query<{ expires_at: unknown }>(
        `SELECT expires_at FROM cache WHERE agent_id = '${agent}' AND key = 'dead'`,
      );
      expect(revived?.expires_at).toBeNull();
    });

    it('the sweep deletes exactly the agent’s expired entries, in batches', async () => {
      await driver.query('DELETE FROM cache');
      const past = new Date(Date.now() - 60_000);
      for (let i = 0; i < 7; i++) {
        await setExpiringCache(driver, `old-${i}`, i, { agentId: agent, expiresAt: past });
      }
      await setExpiringCache(driver, 'old-theirs', 0, { agentId: other, expiresAt: past });
      await setExpiringCache(driver, 'future', 1, { agentId: agent, ttlMs: 3_600_000 });
      await setCache(driver, agent, 'forever', 2);
      const report = await sweepExpiredCache(driver, { agentId: agent, batchSize: 3 });
      expect(report).toEqual({
        removed: [{ table: 'cache', roomId: null, count: 7 }],
        total: 7,
        interrupted: false,
      });
      expect(await cacheKeys(agent)).toEqual(['forever', 'future']);
      expect(await cacheKeys(other)).toEqual(['old-theirs']);
      expect((await sweepExpiredCache(driver, { agentId: agent })).total).toBe(0);
    });

    it('refuses a bad expiry with INVALID_INPUT and writes nothing', async () => {
      await expectElizaError(setExpiringCache(driver, 'bad', 1, { agentId: agent }), 'INVALID_INPUT');
      await expectElizaError(
        setExpiringCache(driver, 'bad', 1, { agentId: agent, ttlMs: 1, expiresAt: new Date() }),
        'INVALID_INPUT',
      );
      await expectElizaError(
        setExpiringCache(driver, 'bad', 1, { agentId: agent, expiresAt: new Date(Number.NaN) }),
        'INVALID_INPUT',
      );
      await expectElizaError(
        setExpiringCache(driver, 'bad', 1, { agentId: agent, ttlMs: -5 }),
        'INVALID_INPUT',
      );
      expect(await cacheKeys(agent)).not.toContain('bad');
    });
  });
}
