import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { ChannelType, type Room, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRooms,
  deleteRoom,
  deleteRoomsByWorldId,
  getRoomsByIds,
  getRoomsByWorld,
  updateRoom,
} from '../../src/stores/room-store.js';
import { testBackends } from '../support/backends.js';
import {
  BAD_IDS,
  countWhere,
  expectElizaError,
  expectRejection,
  seedAgent,
  seedEntity,
  seedRoom,
  seedRoomContents,
  seedWorld,
} from './store-fixtures.js';

async function contentsOf(driver: DatabaseDriver, roomId: UUID, memoryId: UUID) {
  return {
    rooms: await countWhere(driver, 'rooms', 'id', roomId),
    memories: await countWhere(driver, 'memories', 'room_id', roomId),
    embeddings: await countWhere(driver, 'embeddings', 'memory_id', memoryId),
    participants: await countWhere(driver, 'participants', 'room_id', roomId),
    logs: await countWhere(driver, 'logs', 'room_id', roomId),
    components: await countWhere(driver, 'components', 'room_id', roomId),
  };
}

for (const backend of testBackends) {
  describe(`room store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agentId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      agentId = await seedAgent(driver);
    });
    afterAll(() => backend.cleanup());

    it('creates rooms (given and generated ids, input order) and reads them back exactly', async () => {
      const worldId = await seedWorld(driver, agentId);
      const given: Room = {
        id: uuid(),
        name: 'general',
        source: 'discord',
        type: ChannelType.GROUP,
        channelId: 'chan-1',
        messageServerId: uuid(),
        worldId,
        metadata: { topic: 'x', n: 2, flags: [true, false] },
      };
      const bare = { source: 'web', type: ChannelType.DM } as Room;
      const ids = await createRooms(driver, agentId, [given, bare]);
      expect(ids[0]).toBe(given.id);
      expect(ids).toHaveLength(2);
      const rooms = await getRoomsByIds(driver, agentId, ids);
      const byId = new Map(rooms?.map((r) => [r.id, r]));
      expect(byId.get(given.id)).toEqual({ ...given, agentId, serverId: given.messageServerId });
      expect(byId.get(ids[1] as UUID)).toEqual({
        id: ids[1],
        agentId,
        source: 'web',
        type: 'DM',
        name: undefined,
        channelId: null,
        messageServerId: null,
        serverId: null,
        worldId: null,
        metadata: null,
      });
    });

    it('keeps an existing room on a conflicting create and still returns its id', async () => {
      const id = uuid();
      await createRooms(driver, agentId, [{ id, name: 'first', source: 's', type: ChannelType.GROUP }]);
      await expect(
        createRooms(driver, agentId, [{ id, name: 'second', source: 's', type: ChannelType.GROUP }]),
      ).resolves.toEqual([id]);
      expect((await getRoomsByIds(driver, agentId, [id]))?.[0]?.name).toBe('first');
    });

    it('creates a batch larger than one statement can bind (chunked in one transaction)', async () => {
      const worldId = await seedWorld(driver, agentId);
      const rooms = Array.from({ length: 8000 }, (_, i) => ({
        source: 'bulk',
        type: ChannelType.GROUP,
        name: `room ${i}`,
        worldId,
      })) as Room[];
      const ids = await createRooms(driver, agentId, rooms);
      expect(new Set(ids).size).toBe(8000);
      expect(await getRoomsByWorld(driver, agentId, worldId)).toHaveLength(8000);
      expect(await getRoomsByIds(driver, agentId, ids)).toHaveLength(8000);
    });

    it('reads only the agent’s rooms by id; empty lists give []', async () => {
      const other = await seedAgent(driver, 'other');
      const theirs = await seedRoom(driver, other);
      const mine = await seedRoom(driver, agentId);
      expect((await getRoomsByIds(driver, agentId, [mine, theirs, uuid()]))?.map((r) => r.id)).toEqual([
        mine,
      ]);
      expect(await getRoomsByIds(driver, agentId, [])).toEqual([]);
      await expect(createRooms(driver, agentId, [])).resolves.toEqual([]);
    });

    it('lists the agent’s rooms of a world', async () => {
      const worldId = await seedWorld(driver, agentId);
      const a = await seedRoom(driver, agentId, worldId);
      const b = await seedRoom(driver, agentId, worldId);
      await seedRoom(driver, agentId);
      const other = await seedAgent(driver, 'other');
      const theirs = await seedRoom(driver, other, worldId);
      expect((await getRoomsByWorld(driver, other, worldId)).map((r) => r.id)).toEqual([theirs]);
      expect((await getRoomsByWorld(driver, agentId, worldId)).map((r) => r.id).sort()).toEqual(
        [a, b].sort(),
      );
      expect(await getRoomsByWorld(driver, agentId, uuid())).toEqual([]);
    });

    it("keeps a platform's serverId as given (any string), beside messageServerId", async () => {
      const messageServerId = uuid();
      const base = { agentId, source: 'discord', type: ChannelType.GROUP };
      const [plain, both] = await createRooms(driver, agentId, [
        { ...base, id: uuid(), serverId: '123456789012345678' } as unknown as Room,
        { ...base, id: uuid(), serverId: 'guild-1', messageServerId } as unknown as Room,
      ]);
      const read = async (id: UUID | undefined) => (await getRoomsByIds(driver, agentId, [id as UUID]))?.[0];
      expect(await read(plain)).toMatchObject({ serverId: '123456789012345678', messageServerId: null });
      expect(await read(both)).toMatchObject({ serverId: 'guild-1', messageServerId });
      await updateRoom(driver, agentId, { id: plain, serverId: 'null' } as unknown as Room);
      expect(await read(plain)).toMatchObject({ serverId: 'null', messageServerId: null });
      await expectElizaError(
        createRooms(driver, agentId, [
          { ...base, id: uuid(), messageServerId: 'guild-1' } as unknown as Room,
        ]),
        'INVALID_INPUT',
      );
    });

    it('updates a room', async () => {
      const id = await seedRoom(driver, agentId);
      await updateRoom(driver, agentId, {
        id,
        name: 'renamed',
        source: 'telegram',
        type: ChannelType.FEED,
        metadata: { v: 2 },
      });
      expect((await getRoomsByIds(driver, agentId, [id]))?.[0]).toMatchObject({
        name: 'renamed',
        source: 'telegram',
        type: 'FEED',
        metadata: { v: 2 },
      });
      const worldId = await seedWorld(driver, agentId);
      await updateRoom(driver, agentId, { id, worldId } as Room);
      expect((await getRoomsByIds(driver, agentId, [id]))?.[0]).toMatchObject({
        name: 'renamed',
        source: 'telegram',
        type: 'FEED',
        worldId,
        metadata: { v: 2 },
      });
    });

    it('deletes a room with its memories, embeddings, participants, logs and components', async () => {
      const entityId = await seedEntity(driver, agentId);
      const roomId = await seedRoom(driver, agentId);
      const { memoryId } = await seedRoomContents(driver, agentId, roomId, entityId);
      await driver.query(
        `INSERT INTO participants (entity_id, room_id, agent_id) VALUES ('${entityId}', '${roomId}', '${agentId}')`,
      );
      expect(await contentsOf(driver, roomId, memoryId)).toEqual({
        rooms: 1,
        memories: 1,
        embeddings: 1,
        participants: 1,
        logs: 1,
        components: 1,
      });
      await deleteRoom(driver, roomId);
      expect(await contentsOf(driver, roomId, memoryId)).toEqual({
        rooms: 0,
        memories: 0,
        embeddings: 0,
        participants: 0,
        logs: 0,
        components: 0,
      });
      await expect(deleteRoom(driver, roomId)).resolves.toBeUndefined();
    });

    it('deletes atomically: when the room delete fails, nothing of it is removed', async () => {
      const entityId = await seedEntity(driver, agentId);
      const roomId = await seedRoom(driver, agentId, undefined, 'undeletable');
      const { memoryId } = await seedRoomContents(driver, agentId, roomId, entityId);
      await driver.query(`CREATE FUNCTION forbid_room_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF OLD.name = 'undeletable' THEN RAISE EXCEPTION 'room is undeletable'; END IF; RETURN OLD; END $$`);
      await driver.query(
        'CREATE TRIGGER forbid_room_delete BEFORE DELETE ON rooms FOR EACH ROW EXECUTE FUNCTION forbid_room_delete()',
      );
      try {
        await expectRejection(deleteRoom(driver, roomId), /room is undeletable/);
        await expectRejection(
          (async () => {
            const worldId = await seedWorld(driver, agentId);
            await driver.query(`UPDATE rooms SET world_id = '${worldId}' WHERE id = '${roomId}'`);
            await deleteRoomsByWorldId(driver, agentId, worldId);
          })(),
          /room is undeletable/,
        );
        expect(await contentsOf(driver, roomId, memoryId)).toEqual({
          rooms: 1,
          memories: 1,
          embeddings: 1,
          participants: 0,
          logs: 1,
          components: 1,
        });
      } finally {
        await driver.query('DROP TRIGGER forbid_room_delete ON rooms');
        await driver.query('DROP FUNCTION forbid_room_delete()');
      }
    });

    it('deletes the agent’s rooms of a world with their contents, leaving other agents’ and worlds’ rooms', async () => {
      const worldId = await seedWorld(driver, agentId);
      const entityId = await seedEntity(driver, agentId);
      const a = await seedRoom(driver, agentId, worldId);
      const b = await seedRoom(driver, agentId, worldId);
      const { memoryId } = await seedRoomContents(driver, agentId, a, entityId);
      const elsewhere = await seedRoom(driver, agentId, await seedWorld(driver, agentId));
      const other = await seedAgent(driver, 'other');
      const theirs = await seedRoom(driver, other, worldId);
      await deleteRoomsByWorldId(driver, agentId, worldId);
      expect(await countWhere(driver, 'rooms', 'id', a)).toBe(0);
      expect(await countWhere(driver, 'rooms', 'id', b)).toBe(0);
      expect(await contentsOf(driver, a, memoryId)).toMatchObject({
        memories: 0,
        embeddings: 0,
        logs: 0,
        components: 0,
      });
      expect(await countWhere(driver, 'rooms', 'id', elsewhere)).toBe(1);
      expect(await countWhere(driver, 'rooms', 'id', theirs)).toBe(1);
      await expect(deleteRoomsByWorldId(driver, agentId, uuid())).resolves.toBeUndefined();
    });

    it('rejects bad ids and unstorable values before writing', async () => {
      for (const bad of BAD_IDS) {
        await expectElizaError(deleteRoom(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(getRoomsByIds(driver, agentId, [uuid(), bad as UUID]), 'INVALID_INPUT');
        await expectElizaError(getRoomsByWorld(driver, agentId, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(deleteRoomsByWorldId(driver, agentId, bad as UUID), 'INVALID_INPUT');
      }
      const good = uuid();
      await expectElizaError(
        createRooms(driver, agentId, [
          { id: good, source: 's', type: ChannelType.GROUP },
          { id: uuid(), source: 's', type: ChannelType.GROUP, name: 'nul\u0000' },
        ]),
        'UNSTORABLE_VALUE',
      );
      expect(await getRoomsByIds(driver, agentId, [good])).toEqual([]);
      await expectElizaError(
        createRooms(driver, agentId, [
          { source: 's', type: ChannelType.GROUP, worldId: 'x' as UUID } as Room,
        ]),
        'INVALID_INPUT',
      );
      await expectElizaError(createRooms(driver, agentId, 'rooms' as unknown as Room[]), 'INVALID_INPUT');
    });
  });
}
