/**
 * Compatibility the other way round: a database created and filled by ours (with the additive
 * `platform_server_id` columns of worlds and rooms) is read and written by the adapter of
 * @elizaos/plugin-sql@1.7.2; ours then opens it again and every row, including a platform's non-UUID
 * serverId, reads back.
 */
import { uuid } from '@eliza-sql/test-support';
import { ChannelType, type IDatabaseAdapter, type UUID } from '@elizaos/core';
import { createDatabaseAdapter as createReferenceAdapter } from '@elizaos/plugin-sql';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabaseAdapter } from '../../src/index.js';
import { testConfigBackends } from '../support/config-backends.js';

/**
 * The reference's adapter on that database. Its own migrator is not run: it cannot continue a database
 * whose migration journal ours wrote (it reads our snapshot as its own and plans to re-create the
 * schema), which is so since the first release and is listed among the differences. Its statements
 * name their columns, so the added ones are invisible to it.
 */
async function openReference(config: { dataDir?: string; postgresUrl?: string }, agentId: UUID) {
  const ref = createReferenceAdapter(config, agentId);
  await ref.init();
  return ref;
}

/** The fields of a world and a room both adapters define (absent and null alike), for comparison. */
async function worldAndRoom(adapter: IDatabaseAdapter, worldId: UUID, roomId: UUID) {
  const world = await adapter.getWorld(worldId);
  const [room] = (await adapter.getRoomsByIds([roomId])) ?? [];
  const fields = <T extends object>(row: T | null | undefined, keys: Array<keyof T>) =>
    Object.fromEntries(keys.map((key) => [key, row?.[key] ?? null]));
  return {
    world: fields(world, ['id', 'name', 'agentId', 'metadata', 'messageServerId']),
    room: fields(room, [
      'id',
      'name',
      'agentId',
      'worldId',
      'source',
      'type',
      'channelId',
      'messageServerId',
    ]),
  };
}

for (const target of testConfigBackends) {
  describe(`database created by ours, opened by @elizaos/plugin-sql@1.7.2 [${target.name}]`, () => {
    afterAll(() => target.cleanup());

    it("the reference's adapter reads and writes it; ours then reads every row, platform serverIds included", async () => {
      const config = await target.open();
      const agentId = uuid();
      const ours = createDatabaseAdapter(config, agentId);
      await ours.init();
      await ours.createAgent({ id: agentId, name: 'Ours first', bio: ['made by ours'] });
      const messageServerId = uuid();
      const worldId = await ours.createWorld({
        id: uuid(),
        name: 'Guild',
        agentId,
        serverId: '123456789012345678' as UUID,
        messageServerId,
        metadata: { w: 1 },
      });
      const [roomId] = await ours.createRooms([
        {
          id: uuid(),
          name: 'general',
          agentId,
          source: 'discord',
          type: ChannelType.GROUP,
          worldId,
          channelId: '987',
          serverId: 'guild-42' as UUID,
        },
      ]);
      const written = await worldAndRoom(ours, worldId, roomId as UUID);
      await ours.close();

      const ref = await openReference(config, agentId);
      expect(await worldAndRoom(ref, worldId, roomId as UUID)).toEqual(written);
      const theirWorld = await ref.createWorld({
        id: uuid(),
        name: 'Theirs',
        agentId,
        messageServerId: uuid(),
      });
      const [theirRoom] = await ref.createRooms([
        { id: uuid(), name: 'theirs', agentId, source: 'test', type: ChannelType.DM, worldId: theirWorld },
      ]);
      await ref.updateWorld({ id: worldId, name: 'Guild renamed', agentId, metadata: { w: 2 } });
      const theirs = await worldAndRoom(ref, theirWorld, theirRoom as UUID);
      await ref.close();

      const again = createDatabaseAdapter(config, agentId);
      await again.init();
      expect(await worldAndRoom(again, theirWorld, theirRoom as UUID)).toEqual(theirs);
      expect(await again.getWorld(worldId)).toMatchObject({
        name: 'Guild renamed',
        metadata: { w: 2 },
        serverId: '123456789012345678',
        messageServerId,
      });
      expect((await again.getRoomsByIds([roomId as UUID]))?.[0]).toMatchObject({
        name: 'general',
        serverId: 'guild-42',
      });
      await again.close();
    });
  });
}
