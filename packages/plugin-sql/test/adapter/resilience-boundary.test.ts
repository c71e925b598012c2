import { uuid } from '@eliza-sql/test-support';
import { createDatabasePolicy } from '@eliza-sql/resilience';
import { afterAll, describe, expect, it } from 'vitest';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { axisVector } from '../support/fixtures.js';

for (const backend of testBackends) {
  describe(`resilience boundary [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('each public call is exactly one policy execution; invalid input is refused before it (never executed, retried or counted)', async () => {
      const driver = await backend.open();
      const policy = createDatabasePolicy({ baseDelay: 1, jitterMax: 0, maxDelay: 1 });
      const agentId = uuid();
      const adapter = new SqlDatabaseAdapter(agentId, {
        driver,
        ownsDriver: false,
        policy,
        logger: silentSqlLogger,
      });
      await adapter.init();
      await adapter.createAgent({ id: agentId, name: 'policy' }); // 1
      const worldId = await adapter.createWorld({ id: uuid(), name: 'w', agentId, messageServerId: uuid() }); // 2
      const [roomId] = await adapter.createRooms([
        { id: uuid(), source: 's', type: 'GROUP' as never, worldId },
      ]); // 3
      await adapter.createEntities([{ id: agentId, names: ['policy'], agentId, metadata: {} }]); // 4
      // createMemory runs its near-duplicate search and its transaction inside ONE policy call.
      await adapter.createMemory(
        { entityId: agentId, roomId: roomId as never, content: { text: 'x' }, embedding: axisVector(384, 1) },
        'messages',
      ); // 5
      await adapter.searchMemories({ tableName: 'messages', embedding: axisVector(384, 1) }); // 6
      await adapter.deleteRoom(roomId as never); // 7
      // Refused by the validation layer before the policy runs: no call, so no failure for the breaker.
      await expect(adapter.getAgent('nope' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(policy.stats).toMatchObject({ calls: 7, successes: 7, failures: 0, retries: 0 });
    });
  });
}
