import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addChannelParticipants,
  createChannel,
  deleteChannel,
  findOrCreateDmChannel,
  getChannelDetails,
  getChannelParticipants,
  getChannelsForMessageServer,
  isChannelParticipant,
  updateChannel,
} from '../../src/stores/channel-store.js';
import { testBackends } from '../support/backends.js';
import { BAD_IDS, countWhere, expectElizaError, seedChannel, seedMessageServer } from './store-fixtures.js';

for (const backend of testBackends) {
  describe(`channel store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let serverId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      serverId = await seedMessageServer(driver);
    });
    afterAll(() => backend.cleanup());

    it('creates a channel with participants and reads it back exactly', async () => {
      const id = uuid();
      const [p1, p2] = [uuid(), uuid()];
      const channel = await createChannel(
        driver,
        {
          id,
          messageServerId: serverId,
          name: 'general',
          type: 'GROUP',
          sourceType: 'discord',
          sourceId: '99',
          topic: 'chat',
          metadata: { a: [1, { b: 'c' }] },
        },
        [p1, p2, p1],
      );
      expect(channel).toMatchObject({
        id,
        messageServerId: serverId,
        name: 'general',
        type: 'GROUP',
        sourceType: 'discord',
        sourceId: '99',
        topic: 'chat',
        metadata: { a: [1, { b: 'c' }] },
      });
      expect(await getChannelDetails(driver, id)).toEqual(channel);
      expect((await getChannelParticipants(driver, id)).sort()).toEqual([p1, p2].sort());
      expect(await isChannelParticipant(driver, id, p1)).toBe(true);
      expect(await isChannelParticipant(driver, id, uuid())).toBe(false);
    });

    it('generates an id, reads absent optionals as undefined, keeps an existing channel on re-create', async () => {
      const channel = await createChannel(driver, { messageServerId: serverId, name: 'bare', type: 'GROUP' });
      expect(channel).toMatchObject({
        sourceType: undefined,
        sourceId: undefined,
        topic: undefined,
        metadata: undefined,
      });
      const again = await createChannel(driver, {
        id: channel.id,
        messageServerId: serverId,
        name: 'other',
        type: 'DM',
      });
      expect(again).toEqual(channel);
      expect(await getChannelDetails(driver, uuid())).toBeNull();
    });

    it('is atomic: a channel on an unknown server is not created and adds no participants', async () => {
      const id = uuid();
      await expect(
        createChannel(driver, { id, messageServerId: uuid(), name: 'orphan', type: 'GROUP' }, [uuid()]),
      ).rejects.toBeDefined();
      expect(await countWhere(driver, 'channel_participants', 'channel_id', id)).toBe(0);
      expect(await getChannelDetails(driver, id)).toBeNull();
    });

    it('lists the channels of a server', async () => {
      const other = await seedMessageServer(driver);
      const a = await seedChannel(driver, other);
      const b = await seedChannel(driver, other);
      expect((await getChannelsForMessageServer(driver, other)).map((c) => c.id).sort()).toEqual(
        [a, b].sort(),
      );
      expect(await getChannelsForMessageServer(driver, uuid())).toEqual([]);
    });

    it('updates name and metadata, replaces participants when given, bumps updatedAt', async () => {
      const channel = await createChannel(driver, { messageServerId: serverId, name: 'old', type: 'GROUP' }, [
        uuid(),
      ]);
      const keep = await getChannelParticipants(driver, channel.id);
      const renamed = await updateChannel(driver, channel.id, { name: 'new' });
      expect(renamed).toMatchObject({ name: 'new', type: 'GROUP' });
      expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(channel.updatedAt.getTime());
      expect(await getChannelParticipants(driver, channel.id)).toEqual(keep);
      const [x, y] = [uuid(), uuid()];
      const updated = await updateChannel(driver, channel.id, {
        metadata: { m: 1 },
        participantCentralUserIds: [x, y],
      });
      expect(updated).toMatchObject({ name: 'new', metadata: { m: 1 } });
      expect((await getChannelParticipants(driver, channel.id)).sort()).toEqual([x, y].sort());
      await updateChannel(driver, channel.id, { participantCentralUserIds: [] });
      expect(await getChannelParticipants(driver, channel.id)).toEqual([]);
      await expectElizaError(updateChannel(driver, uuid(), { name: 'ghost' }), 'INVALID_INPUT');
    });

    it('deletes a channel with its messages and participants', async () => {
      const id = await seedChannel(driver, serverId);
      await addChannelParticipants(driver, id, [uuid(), uuid()]);
      await driver.query(
        `INSERT INTO central_messages (id, channel_id, author_id, content) VALUES ('${uuid()}', '${id}', '${uuid()}', 'hi')`,
      );
      await deleteChannel(driver, id);
      expect(await getChannelDetails(driver, id)).toBeNull();
      expect(await countWhere(driver, 'central_messages', 'channel_id', id)).toBe(0);
      expect(await countWhere(driver, 'channel_participants', 'channel_id', id)).toBe(0);
      await expect(deleteChannel(driver, id)).resolves.toBeUndefined();
    });

    it('adds participants idempotently', async () => {
      const id = await seedChannel(driver, serverId);
      const a = uuid();
      await addChannelParticipants(driver, id, [a]);
      await addChannelParticipants(driver, id, [a, a]);
      await addChannelParticipants(driver, id, []);
      expect(await getChannelParticipants(driver, id)).toEqual([a]);
    });

    it('finds or creates one DM channel per pair, whatever the argument order, also concurrently', async () => {
      const [u1, u2] = [uuid(), uuid()];
      const created = await findOrCreateDmChannel(driver, u1, u2, serverId);
      const sorted = [u1, u2].sort();
      expect(created).toMatchObject({
        name: `DM-${sorted[0]}-${sorted[1]}`,
        type: 'DM',
        messageServerId: serverId,
        metadata: { user1: sorted[0], user2: sorted[1] },
      });
      expect((await getChannelParticipants(driver, created.id)).sort()).toEqual(sorted);
      expect((await findOrCreateDmChannel(driver, u2, u1, serverId)).id).toBe(created.id);
      const [u3, u4] = [uuid(), uuid()];
      const racing = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          findOrCreateDmChannel(driver, i % 2 ? u3 : u4, i % 2 ? u4 : u3, serverId),
        ),
      );
      expect(new Set(racing.map((c) => c.id)).size).toBe(1);
      const other = await seedMessageServer(driver);
      expect((await findOrCreateDmChannel(driver, u1, u2, other)).id).not.toBe(created.id);
    });

    it('rejects bad ids and NULs before writing', async () => {
      for (const bad of BAD_IDS.filter((b) => b !== '')) {
        await expectElizaError(getChannelDetails(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(deleteChannel(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(addChannelParticipants(driver, uuid(), [bad as UUID]), 'INVALID_INPUT');
        await expectElizaError(findOrCreateDmChannel(driver, uuid(), bad as UUID, serverId), 'INVALID_INPUT');
        await expectElizaError(
          createChannel(driver, { id: bad as UUID, messageServerId: serverId, name: 'x', type: 'GROUP' }),
          'INVALID_INPUT',
        );
      }
      const id = uuid();
      await expectElizaError(
        createChannel(driver, { id, messageServerId: serverId, name: 'x', type: 'GROUP', topic: '\u0000' }),
        'UNSTORABLE_VALUE',
      );
      expect(await getChannelDetails(driver, id)).toBeNull();
    });
  });
}
