import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID, World } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWorld,
  getAllWorlds,
  getWorld,
  removeWorld,
  updateWorld,
} from '../../src/stores/world-store.js';
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
} from './store-fixtures.js';

for (const backend of testBackends) {
  describe(`world store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agentId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      agentId = await seedAgent(driver);
    });
    afterAll(() => backend.cleanup());

    it('creates a world with the given id and reads it back exactly', async () => {
      const world: World = {
        id: uuid(),
        agentId,
        name: 'Guild',
        messageServerId: uuid(),
        metadata: { ownership: { ownerId: 'u1' }, roles: {}, nested: { n: 1.5, ok: true, list: ['a'] } },
      };
      await expect(createWorld(driver, agentId, world)).resolves.toBe(world.id);
      const stored = await getWorld(driver, world.id);
      expect(stored).toEqual({ ...world, serverId: world.messageServerId, createdAt: expect.any(Date) });
    });

    it('generates an id, defaults the name to "" and maps serverId to messageServerId', async () => {
      const serverId = uuid();
      const id = await createWorld(driver, agentId, { agentId, serverId } as unknown as World);
      const stored = await getWorld(driver, id);
      expect(stored?.name).toBe('');
      expect(stored?.messageServerId).toBe(serverId);
      expect(stored?.metadata).toBeNull();
    });

    it("keeps a platform's serverId as given (any string), beside messageServerId", async () => {
      const messageServerId = uuid();
      for (const serverId of ['server1', '123456789012345678', 'null', '']) {
        const id = await createWorld(driver, agentId, { id: uuid(), agentId, serverId } as unknown as World);
        expect(await getWorld(driver, id)).toMatchObject({ serverId, messageServerId: null });
        const both = await createWorld(driver, agentId, {
          id: uuid(),
          agentId,
          serverId,
          messageServerId,
        } as unknown as World);
        expect(await getWorld(driver, both)).toMatchObject({ serverId, messageServerId });
      }
      const id = await createWorld(driver, agentId, {
        id: uuid(),
        agentId,
        serverId: 'guild-1',
      } as unknown as World);
      await updateWorld(driver, { id, agentId, serverId: 'guild-2' } as unknown as World);
      expect(await getWorld(driver, id)).toMatchObject({ serverId: 'guild-2', messageServerId: null });
      await updateWorld(driver, { id, agentId, messageServerId } as World);
      expect(await getWorld(driver, id)).toMatchObject({ serverId: 'guild-2', messageServerId });
      await expectElizaError(
        createWorld(driver, agentId, { id: uuid(), agentId, messageServerId: 'server1' } as unknown as World),
        'INVALID_INPUT',
      );
    });

    it('leaves an existing world unchanged on a second create with the same id', async () => {
      const id = uuid();
      await createWorld(driver, agentId, { id, agentId, name: 'first' });
      await expect(createWorld(driver, agentId, { id, agentId, name: 'second' })).resolves.toBe(id);
      expect((await getWorld(driver, id))?.name).toBe('first');
    });

    it('returns null for an unknown world and lists only the agent’s worlds', async () => {
      expect(await getWorld(driver, uuid())).toBeNull();
      const other = await seedAgent(driver, 'other');
      const mine = await createWorld(driver, agentId, { id: uuid(), agentId, name: 'mine' });
      const theirs = await createWorld(driver, other, { id: uuid(), agentId: other, name: 'theirs' });
      const ids = (await getAllWorlds(driver, agentId)).map((w) => w.id);
      expect(ids).toContain(mine);
      expect(ids).not.toContain(theirs);
      expect((await getAllWorlds(driver, other)).map((w) => w.id)).toEqual([theirs]);
    });

    it('updates only the given fields', async () => {
      const id = await createWorld(driver, agentId, {
        id: uuid(),
        agentId,
        name: 'before',
        metadata: { a: 1 },
      });
      await updateWorld(driver, { id, agentId, name: 'after' });
      expect(await getWorld(driver, id)).toMatchObject({ name: 'after', metadata: { a: 1 } });
      await updateWorld(driver, { id, agentId, metadata: { b: [1, 'x', null] } });
      expect(await getWorld(driver, id)).toMatchObject({ name: 'after', metadata: { b: [1, 'x', null] } });
    });

    it('removes a world with its components, keeping rooms (as the reference)', async () => {
      const worldId = await createWorld(driver, agentId, { id: uuid(), agentId, name: 'doomed' });
      const entityId = await seedEntity(driver, agentId);
      const roomId = await seedRoom(driver, agentId, worldId);
      await seedRoomContents(driver, agentId, roomId, entityId, worldId);
      expect(await countWhere(driver, 'components', 'world_id', worldId)).toBe(1);
      await removeWorld(driver, worldId);
      expect(await getWorld(driver, worldId)).toBeNull();
      expect(await countWhere(driver, 'components', 'world_id', worldId)).toBe(0);
      expect(await countWhere(driver, 'rooms', 'id', roomId)).toBe(1);
    });

    it('removes atomically: when the world delete fails, its components stay', async () => {
      const worldId = await createWorld(driver, agentId, { id: uuid(), agentId, name: 'protected' });
      const entityId = await seedEntity(driver, agentId);
      const roomId = await seedRoom(driver, agentId, worldId);
      await seedRoomContents(driver, agentId, roomId, entityId, worldId);
      await driver.query(`CREATE FUNCTION forbid_world_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF OLD.name = 'protected' THEN RAISE EXCEPTION 'world is protected'; END IF; RETURN OLD; END $$`);
      await driver.query(
        'CREATE TRIGGER forbid_world_delete BEFORE DELETE ON worlds FOR EACH ROW EXECUTE FUNCTION forbid_world_delete()',
      );
      try {
        await expectRejection(removeWorld(driver, worldId), /world is protected/);
        expect(await countWhere(driver, 'components', 'world_id', worldId)).toBe(1);
        expect(await getWorld(driver, worldId)).not.toBeNull();
      } finally {
        await driver.query('DROP TRIGGER forbid_world_delete ON worlds');
        await driver.query('DROP FUNCTION forbid_world_delete()');
      }
    });

    it('rejects ids carrying SQL and malformed worlds as INVALID_INPUT', async () => {
      for (const bad of BAD_IDS) {
        await expectElizaError(getWorld(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(removeWorld(driver, bad as UUID), 'INVALID_INPUT');
        if (bad !== '') {
          await expectElizaError(createWorld(driver, agentId, { id: bad as UUID, agentId }), 'INVALID_INPUT');
        }
      }
      await expectElizaError(getAllWorlds(driver, 'x' as UUID), 'INVALID_INPUT');
      await expectElizaError(createWorld(driver, agentId, null as unknown as World), 'INVALID_INPUT');
      await expectElizaError(
        createWorld(driver, agentId, { id: uuid(), agentId, metadata: { n: Number.NaN } }),
        'INVALID_INPUT',
      );
    });

    it('rejects NUL characters as UNSTORABLE_VALUE before writing', async () => {
      const id = uuid();
      await expectElizaError(
        createWorld(driver, agentId, { id, agentId, name: 'a\u0000b' }),
        'UNSTORABLE_VALUE',
      );
      await expectElizaError(
        createWorld(driver, agentId, { id, agentId, metadata: { k: 'x\u0000' } }),
        'UNSTORABLE_VALUE',
      );
      expect(await getWorld(driver, id)).toBeNull();
    });
  });
}
