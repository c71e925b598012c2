import { uuid } from '@eliza-sql/test-support';
import { ChannelType, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

for (const backend of testBackends) {
  describe(`worlds, rooms, participants, relationships, cache, tasks through the adapter [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    });
    afterAll(() => backend.cleanup());

    it('worlds: create, get, getAll, update, remove (rooms stay, as in the reference)', async () => {
      const id = await f.adapter.createWorld({
        id: uuid(),
        name: 'W2',
        agentId: f.agentId,
        messageServerId: uuid(),
        metadata: { a: 1 },
      });
      expect(await f.adapter.getWorld(id)).toMatchObject({ id, name: 'W2', metadata: { a: 1 } });
      expect((await f.adapter.getAllWorlds()).map((w) => w.id)).toContain(id);
      await f.adapter.updateWorld({ id, name: 'W3', agentId: f.agentId, metadata: { b: 2 } });
      expect(await f.adapter.getWorld(id)).toMatchObject({ name: 'W3', metadata: { b: 2 } });
      const [room] = await f.adapter.createRooms([
        { id: uuid(), source: 's', type: ChannelType.DM, worldId: id },
      ]);
      await f.adapter.removeWorld(id);
      expect(await f.adapter.getWorld(id)).toBeNull();
      expect((await f.adapter.getRoomsByIds([room as UUID]))?.map((r) => r.id)).toEqual([room]);
    });

    it('rooms: create, by ids, by world, update, delete with memories; deleteRoomsByWorldId', async () => {
      const ids = await f.adapter.createRooms([
        {
          id: uuid(),
          name: 'r1',
          source: 's',
          type: ChannelType.GROUP,
          worldId: f.worldId,
          metadata: { k: 'v' },
        },
        { id: uuid(), name: 'r2', source: 's', type: ChannelType.GROUP, worldId: f.worldId },
      ]);
      const [r1, r2] = ids as [UUID, UUID];
      expect((await f.adapter.getRoomsByIds([r1]))?.[0]).toMatchObject({
        id: r1,
        name: 'r1',
        metadata: { k: 'v' },
      });
      expect((await f.adapter.getRoomsByWorld(f.worldId)).map((r) => r.id)).toEqual(
        expect.arrayContaining([r1, r2]),
      );
      await f.adapter.updateRoom({
        id: r1,
        name: 'renamed',
        source: 's',
        type: ChannelType.GROUP,
        worldId: f.worldId,
      });
      expect((await f.adapter.getRoomsByIds([r1]))?.[0]?.name).toBe('renamed');
      const memoryId = await f.adapter.createMemory(
        { entityId: f.userId, roomId: r1, content: { text: 'in r1' }, embedding: axisVector(384, 2) },
        'messages',
      );
      await f.adapter.deleteRoom(r1);
      expect(await f.adapter.getRoomsByIds([r1])).toEqual([]);
      expect(await f.adapter.getMemoryById(memoryId)).toBeNull();
      const w = await f.adapter.createWorld({
        id: uuid(),
        name: 'tmp',
        agentId: f.agentId,
        messageServerId: uuid(),
      });
      const [r3] = await f.adapter.createRooms([
        { id: uuid(), source: 's', type: ChannelType.GROUP, worldId: w },
      ]);
      await f.adapter.deleteRoomsByWorldId(w);
      expect(await f.adapter.getRoomsByIds([r3 as UUID])).toEqual([]);
    });

    it('participants: add, rooms for participant(s), for room/entity, is participant, user state, remove', async () => {
      const e = uuid();
      await f.adapter.createEntities([{ id: e, names: ['P'], agentId: f.agentId, metadata: {} }]);
      expect(await f.adapter.addParticipantsRoom([e], f.roomId)).toBe(true);
      expect(await f.adapter.addParticipant(e, f.roomId)).toBe(true);
      expect(await f.adapter.isRoomParticipant(f.roomId, e)).toBe(true);
      expect(await f.adapter.getRoomsForParticipant(e)).toEqual([f.roomId]);
      expect(await f.adapter.getRoomsForParticipants([e, f.userId])).toEqual([f.roomId]);
      expect(await f.adapter.getParticipantsForRoom(f.roomId)).toEqual(
        expect.arrayContaining([e, f.userId, f.agentId]),
      );
      expect((await f.adapter.getParticipantsForEntity(e)).map((p) => p.entity.id)).toEqual([e]);
      expect(await f.adapter.getParticipantUserState(f.roomId, e)).toBeNull();
      await f.adapter.setParticipantUserState(f.roomId, e, 'MUTED');
      expect(await f.adapter.getParticipantUserState(f.roomId, e)).toBe('MUTED');
      expect(await f.adapter.removeParticipant(e, f.roomId)).toBe(true);
      expect(await f.adapter.isRoomParticipant(f.roomId, e)).toBe(false);
    });

    it('refused writes answer false as the reference does, each logged once with its SQLSTATE', async () => {
      const warnings: Array<{ message: string; data?: Record<string, unknown> }> = [];
      const logger = {
        ...silentSqlLogger,
        warn: (message: string, data?: Record<string, unknown>) => warnings.push({ message, data }),
      };
      const adapter = new SqlDatabaseAdapter(f.agentId, { driver: f.driver, ownsDriver: false, logger });
      await adapter.init();
      const a = uuid();
      await adapter.createEntities([{ id: a, names: ['A'], agentId: f.agentId, metadata: {} }]);
      expect(await adapter.createRelationship({ sourceEntityId: a, targetEntityId: uuid() })).toBe(false);
      expect(await adapter.addParticipantsRoom([a, uuid()], f.roomId)).toBe(false);
      expect(await adapter.getParticipantsForRoom(f.roomId)).not.toContain(a);
      expect(await adapter.addParticipantsRoom([a], uuid())).toBe(false);
      expect(warnings).toEqual([
        {
          message: 'createRelationship: the database refused the write, returning false',
          data: expect.objectContaining({ code: '23503', error: expect.any(String) }),
        },
      ]);
      await adapter.close();
    });

    it('relationships: create, get, getAll by tags, update', async () => {
      const a = uuid();
      const b = uuid();
      await f.adapter.createEntities([
        { id: a, names: ['A'], agentId: f.agentId, metadata: {} },
        { id: b, names: ['B'], agentId: f.agentId, metadata: {} },
      ]);
      expect(
        await f.adapter.createRelationship({
          sourceEntityId: a,
          targetEntityId: b,
          tags: ['friend'],
          metadata: { since: 2020 },
        }),
      ).toBe(true);
      const rel = await f.adapter.getRelationship({ sourceEntityId: a, targetEntityId: b });
      expect(rel).toMatchObject({
        sourceEntityId: a,
        targetEntityId: b,
        tags: ['friend'],
        metadata: { since: 2020 },
      });
      expect(await f.adapter.getRelationships({ entityId: b, tags: ['friend'] })).toHaveLength(1);
      expect(await f.adapter.getRelationships({ entityId: b, tags: ['enemy'] })).toHaveLength(0);
      await f.adapter.updateRelationship({ ...(rel as NonNullable<typeof rel>), tags: ['colleague'] });
      expect((await f.adapter.getRelationship({ sourceEntityId: a, targetEntityId: b }))?.tags).toEqual([
        'colleague',
      ]);
    });

    it('cache: values of every JSON type round-trip exactly; set overwrites; delete', async () => {
      const values: unknown[] = [
        'text',
        '',
        0,
        42.5,
        true,
        false,
        null,
        [1, 'two', { three: 3 }],
        { a: { b: ['c'] }, s: 'x\\y"' },
      ];
      for (const [i, value] of values.entries()) {
        expect(await f.adapter.setCache(`k${i}`, value)).toBe(true);
        expect(await f.adapter.getCache(`k${i}`)).toEqual(value);
      }
      await f.adapter.setCache('k0', 'new');
      expect(await f.adapter.getCache('k0')).toBe('new');
      expect(await f.adapter.deleteCache('k0')).toBe(true);
      expect(await f.adapter.getCache('k0')).toBeUndefined();
    });

    it('tasks: create, get, by room/tags/name, update, delete', async () => {
      const id = await f.adapter.createTask({
        name: 'remind',
        description: 'do it',
        roomId: f.roomId,
        worldId: f.worldId,
        entityId: f.userId,
        tags: ['queue', 'repeat'],
        metadata: { updateInterval: 1000, n: [1] },
      });
      expect(await f.adapter.getTask(id)).toMatchObject({
        id,
        name: 'remind',
        tags: ['queue', 'repeat'],
        metadata: { updateInterval: 1000, n: [1] },
      });
      expect((await f.adapter.getTasks({ roomId: f.roomId, tags: ['queue'] })).map((t) => t.id)).toEqual([
        id,
      ]);
      expect(await f.adapter.getTasks({ tags: ['nope'] })).toEqual([]);
      expect((await f.adapter.getTasksByName('remind')).map((t) => t.id)).toEqual([id]);
      await f.adapter.updateTask(id, { description: 'done', metadata: { updateInterval: 5 } });
      expect(await f.adapter.getTask(id)).toMatchObject({ description: 'done' });
      await f.adapter.deleteTask(id);
      expect(await f.adapter.getTask(id)).toBeNull();
    });

    it('messaging: servers, channels, participants, messages', async () => {
      const server = await f.adapter.createMessageServer({ name: 'srv', sourceType: 'test' });
      expect((await f.adapter.getMessageServerById(server.id))?.name).toBe('srv');
      expect((await f.adapter.getMessageServers()).map((s) => s.id)).toContain(server.id);
      await f.adapter.addAgentToMessageServer(server.id, f.agentId);
      expect(await f.adapter.getAgentsForMessageServer(server.id)).toEqual([f.agentId]);
      const channel = await f.adapter.createChannel(
        { messageServerId: server.id, name: 'general', type: ChannelType.GROUP },
        [f.userId],
      );
      expect(await f.adapter.isChannelParticipant(channel.id, f.userId)).toBe(true);
      await f.adapter.addChannelParticipants(channel.id, [f.agentId]);
      expect((await f.adapter.getChannelParticipants(channel.id)).sort()).toEqual(
        [f.agentId, f.userId].sort(),
      );
      expect((await f.adapter.getChannelsForMessageServer(server.id)).map((c) => c.id)).toEqual([channel.id]);
      expect((await f.adapter.updateChannel(channel.id, { name: 'renamed' })).name).toBe('renamed');
      expect((await f.adapter.getChannelDetails(channel.id))?.name).toBe('renamed');
      const msg = await f.adapter.createMessage({
        channelId: channel.id,
        authorId: f.userId,
        content: 'hello',
      });
      expect((await f.adapter.getMessageById(msg.id))?.content).toBe('hello');
      expect((await f.adapter.updateMessage(msg.id, { content: 'edited' }))?.content).toBe('edited');
      expect((await f.adapter.getMessagesForChannel(channel.id)).map((m) => m.id)).toEqual([msg.id]);
      await f.adapter.deleteMessage(msg.id);
      expect(await f.adapter.getMessageById(msg.id)).toBeNull();
      const dm = await f.adapter.findOrCreateDmChannel(f.userId, f.agentId, server.id);
      expect((await f.adapter.findOrCreateDmChannel(f.agentId, f.userId, server.id)).id).toBe(dm.id);
      await f.adapter.deleteChannel(channel.id);
      expect(await f.adapter.getChannelDetails(channel.id)).toBeNull();
      await f.adapter.removeAgentFromMessageServer(server.id, f.agentId);
      expect(await f.adapter.getAgentsForMessageServer(server.id)).toEqual([]);
    });
  });
}
