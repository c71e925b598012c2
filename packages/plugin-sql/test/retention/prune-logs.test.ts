import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneLogs } from '../../src/retention/prune-logs.js';
import { testBackends } from '../support/backends.js';
import { expectElizaError, seedAgent, seedEntity, seedRoom } from '../stores/store-fixtures.js';
import { DAY_MS, seedLog, sorted } from './retention-fixtures.js';

for (const backend of testBackends) {
  describe(`pruneLogs [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    beforeAll(async () => {
      driver = await backend.open();
    });
    afterAll(() => backend.cleanup());

    it('removes exactly the logs older than maxAgeMs in the agent’s rooms', async () => {
      const agent = await seedAgent(driver, 'logged');
      const other = await seedAgent(driver, 'other');
      const entity = await seedEntity(driver, agent);
      const rooms = [await seedRoom(driver, agent), await seedRoom(driver, agent)];
      const otherRoom = await seedRoom(driver, other);
      const kept: string[] = [];
      const doomed = new Map<UUID, number>();
      for (const roomId of [...rooms, otherRoom]) {
        for (const ageDays of [0.1, 3, 6.9, 7.5, 40]) {
          const id = await seedLog(driver, roomId, entity, ageDays * DAY_MS);
          if (roomId !== otherRoom && ageDays > 7) doomed.set(roomId, (doomed.get(roomId) ?? 0) + 1);
          else kept.push(id);
        }
      }
      const report = await pruneLogs(driver, { agentId: agent, maxAgeMs: 7 * DAY_MS, batchSize: 1 });
      const left = await driver.query<{ id: string }>('SELECT id FROM logs ORDER BY id');
      expect(left.map((r) => r.id)).toEqual(sorted(kept));
      expect(report.total).toBe(4);
      expect([...report.removed].sort((a, b) => String(a.roomId).localeCompare(String(b.roomId)))).toEqual(
        [...doomed]
          .map(([roomId, count]) => ({ table: 'logs', roomId, count }))
          .sort((a, b) => a.roomId.localeCompare(b.roomId)),
      );
      await expectElizaError(pruneLogs(driver, { agentId: agent, maxAgeMs: 0 }), 'INVALID_INPUT');
    });
  });
}
