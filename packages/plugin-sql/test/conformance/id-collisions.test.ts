/**
 * Collisions are errors (no isolation): two agents share one database, and every create of agent B
 * given an id agent A's row already holds raises ID_CONFLICT and stores nothing, instead of answering
 * success while the row stays A's. A create of the caller's own existing id keeps the answer the
 * interface gives for a duplicate (true, the id, false for an agent).
 */
import { uuid } from '@eliza-sql/test-support';
import { ChannelType, type Memory, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ElizaSqlError, isElizaSqlError, SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

/** The ID_CONFLICT `p` rejects with (fails the test when it resolves or rejects otherwise). */
async function conflictOf(p: Promise<unknown>): Promise<ElizaSqlError> {
  const outcome = await p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`resolved with ${JSON.stringify(outcome.value)}`);
  if (!isElizaSqlError(outcome.error, 'ID_CONFLICT')) throw outcome.error;
  return outcome.error;
}

for (const backend of testBackends) {
  describe(`id collisions between two agents [${backend.name}]`, () => {
    let a: AdapterFixture;
    let b: SqlDatabaseAdapter;
    const bAgent = uuid();
    let bRoom: UUID;
    let bWorld: UUID;
    const held = {
      memory: uuid(),
      component: uuid(),
      task: uuid(),
      messageServer: uuid(),
      channel: uuid(),
      message: uuid(),
    };

    const memory = (id: UUID, agentId: UUID, roomId: UUID, text: string): Memory => ({
      id,
      agentId,
      entityId: agentId,
      roomId,
      content: { text },
      embedding: axisVector(384, 7),
    });

    beforeAll(async () => {
      a = await createAdapterFixture(backend);
      b = new SqlDatabaseAdapter(bAgent, { driver: a.driver, ownsDriver: false, logger: silentSqlLogger });
      await b.init();
      await b.createAgent({ id: bAgent, name: 'B', bio: ['b'] });
      await b.createEntities([{ id: bAgent, names: ['B'], agentId: bAgent, metadata: {} }]);
      bWorld = await b.createWorld({ id: uuid(), name: 'B world', agentId: bAgent });
      [bRoom] = (await b.createRooms([
        {
          id: uuid(),
          name: 'B room',
          agentId: bAgent,
          source: 'test',
          type: ChannelType.GROUP,
          worldId: bWorld,
        },
      ])) as [UUID];
      await a.adapter.createMemory(memory(held.memory, a.agentId, a.roomId, 'A memory'), 'messages');
      await a.adapter.createComponent({
        id: held.component,
        entityId: a.userId,
        agentId: a.agentId,
        roomId: a.roomId,
        worldId: a.worldId,
        sourceEntityId: a.agentId,
        type: 'profile',
        data: { owner: 'A' },
        createdAt: Date.now(),
      });
      await a.adapter.createTask({
        id: held.task,
        name: 'A task',
        description: 'd',
        roomId: a.roomId,
        worldId: a.worldId,
        tags: [],
      });
      await a.adapter.createMessageServer({ id: held.messageServer, name: 'A server', sourceType: 'test' });
      await a.adapter.createChannel({
        id: held.channel,
        messageServerId: held.messageServer,
        name: 'A channel',
        type: ChannelType.GROUP,
      });
      await a.adapter.createMessage({
        messageId: held.message,
        channelId: held.channel,
        authorId: a.userId,
        content: 'A message',
      });
    });
    afterAll(async () => {
      await b?.close();
      await a?.adapter.close();
      await backend.cleanup();
    });

    it("B's createEntities / ensureEntityExists with A's entity id: ID_CONFLICT, A's entity unchanged", async () => {
      const entity = { id: a.userId, names: ['B wants it'], agentId: bAgent, metadata: {} };
      const error = await conflictOf(b.createEntities([entity]));
      expect(error.message).toContain('createEntities');
      expect(error.message).toContain(`entities[0].id "${a.userId}"`);
      expect(error.message).not.toContain(a.agentId);
      await conflictOf(b.ensureEntityExists(entity));
      const [stored] = (await a.adapter.getEntitiesByIds([a.userId])) ?? [];
      expect(stored?.agentId).toBe(a.agentId);
      expect(stored?.names).toEqual(['User']);
    });

    it('a batch with one conflicting id stores none of it', async () => {
      const fresh = uuid();
      await conflictOf(
        b.createEntities([
          { id: fresh, names: ['fresh'], agentId: bAgent, metadata: {} },
          { id: a.userId, names: ['taken'], agentId: bAgent, metadata: {} },
        ]),
      );
      expect(await b.getEntitiesByIds([fresh])).toEqual([]);
      const freshRoom = uuid();
      const room = { name: 'r', agentId: bAgent, source: 'test', type: ChannelType.GROUP, worldId: bWorld };
      await conflictOf(
        b.createRooms([
          { ...room, id: freshRoom },
          { ...room, id: a.roomId },
        ]),
      );
      expect(await b.getRoomsByIds([freshRoom])).toEqual([]);
      const freshMemory = uuid();
      await conflictOf(
        b.createMemories(
          [memory(freshMemory, bAgent, bRoom, 'fresh'), memory(held.memory, bAgent, bRoom, 'taken')],
          'messages',
        ),
      );
      expect(await b.getMemoryById(freshMemory)).toBeNull();
    });

    it("B's createMemory with A's memory id: ID_CONFLICT, A's memory unchanged", async () => {
      const error = await conflictOf(
        b.createMemory(memory(held.memory, bAgent, bRoom, 'B text'), 'messages'),
      );
      expect(error.message).toContain(`createMemory: memory.id "${held.memory}"`);
      expect((await a.adapter.getMemoryById(held.memory))?.content.text).toBe('A memory');
    });

    it("B's createRooms / createWorld with A's ids: ID_CONFLICT, A's rows unchanged", async () => {
      await conflictOf(
        b.createRooms([
          { id: a.roomId, name: 'B', agentId: bAgent, source: 'x', type: ChannelType.DM, worldId: bWorld },
        ]),
      );
      await conflictOf(b.createWorld({ id: a.worldId, name: 'B', agentId: bAgent }));
      expect((await a.adapter.getRoomsByIds([a.roomId]))?.map((r) => r.name)).toEqual(['Room']);
      expect((await a.adapter.getWorld(a.worldId))?.name).toBe('World');
    });

    it('createComponent / createTask / createMessage with a held id: ID_CONFLICT, the row unchanged', async () => {
      await conflictOf(
        b.createComponent({
          id: held.component,
          entityId: bAgent,
          agentId: bAgent,
          roomId: bRoom,
          worldId: bWorld,
          sourceEntityId: bAgent,
          type: 'profile',
          data: { owner: 'B' },
          createdAt: Date.now(),
        }),
      );
      await conflictOf(
        b.createTask({
          id: held.task,
          name: 'B task',
          description: 'd',
          roomId: bRoom,
          worldId: bWorld,
          tags: [],
        }),
      );
      await conflictOf(
        b.createMessage({ messageId: held.message, channelId: held.channel, authorId: bAgent, content: 'B' }),
      );
      expect((await a.adapter.getComponent(a.userId, 'profile', a.worldId, a.agentId))?.data).toEqual({
        owner: 'A',
      });
      expect((await a.adapter.getTask(held.task))?.name).toBe('A task');
      expect((await a.adapter.getMessageById(held.message))?.content).toBe('A message');
    });

    it("the caller's own duplicates keep the interface's answers", async () => {
      expect(
        await a.adapter.createEntities([{ id: a.userId, names: ['User'], agentId: a.agentId, metadata: {} }]),
      ).toBe(true);
      expect(
        await a.adapter.ensureEntityExists({
          id: a.userId,
          names: ['User'],
          agentId: a.agentId,
          metadata: {},
        }),
      ).toBe(true);
      expect(
        await a.adapter.createMemory(memory(held.memory, a.agentId, a.roomId, 'again'), 'messages'),
      ).toBe(held.memory);
      expect(
        await a.adapter.createRooms([
          { id: a.roomId, name: 'Room', agentId: a.agentId, source: 'test', type: ChannelType.GROUP },
        ]),
      ).toEqual([a.roomId]);
      expect(await a.adapter.createWorld({ id: a.worldId, name: 'World', agentId: a.agentId })).toBe(
        a.worldId,
      );
      expect(await a.adapter.createAgent({ id: a.agentId, name: 'again' })).toBe(false);
      expect(
        (await a.adapter.createMessageServer({ id: held.messageServer, name: 'x', sourceType: 't' })).id,
      ).toBe(held.messageServer);
      expect((await a.adapter.getMemoryById(held.memory))?.content.text).toBe('A memory');
    });
  });
}
