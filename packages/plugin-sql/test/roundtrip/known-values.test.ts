/**
 * The values issue #13 saw altered, through the public interface, on single and list reads: a real
 * backslash in `text[]` (PostgreSQL deleted it), a leading U+FEFF (PGlite dropped it), and strings
 * that look like JSON (they are strings and come back as strings).
 */
import { uuid } from '@eliza-sql/test-support';
import { randomBytes } from 'node:crypto';
import { ChannelType, type Task, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, createAdapterFixture } from '../support/fixtures.js';

/** The issue's example: `\x00` written with a real backslash. */
const ISSUE_TEXT = '$1 $$ \\x00 ->> @>';
const BOM_FIRST = '\uFEFFstarts with a byte-order mark';
const TEXTS = [
  ISSUE_TEXT,
  BOM_FIRST,
  '\uFEFF',
  'C:\\Users\\me\\',
  '\\',
  '"{a,b}"',
  'NULL',
  '',
  'null',
  '123',
];
const JSON_LOOKALIKES = ['null', '123', '-0', 'true', '{}', '[]', '"x"', '', '\uFEFF{}'];

for (const backend of testBackends) {
  describe(`known hard values [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    });
    afterAll(() => backend.cleanup());

    it('entity names, relationship tags and task tags keep every backslash and a leading U+FEFF', async () => {
      const entityId = uuid();
      await f.adapter.createEntities([{ id: entityId, names: TEXTS, agentId: f.agentId, metadata: {} }]);
      expect((await f.adapter.getEntitiesByIds([entityId]))?.[0]?.names).toEqual(TEXTS);
      const roomId = (
        await f.adapter.createRooms([
          {
            id: uuid(),
            name: 'r',
            agentId: f.agentId,
            source: 't',
            type: ChannelType.GROUP,
            worldId: f.worldId,
          },
        ])
      )[0] as UUID;
      await f.adapter.addParticipantsRoom([entityId], roomId);
      const inRoom = await f.adapter.getEntitiesForRoom(roomId);
      expect(inRoom.find((entity) => entity.id === entityId)?.names).toEqual(TEXTS);

      await f.adapter.createRelationship({ sourceEntityId: f.userId, targetEntityId: entityId, tags: TEXTS });
      const relationship = await f.adapter.getRelationship({
        sourceEntityId: f.userId,
        targetEntityId: entityId,
      });
      expect(relationship?.tags).toEqual(TEXTS);
      const listed = await f.adapter.getRelationships({ entityId });
      expect(listed.map((r) => r.tags)).toEqual([TEXTS]);

      const taskId = await f.adapter.createTask({
        name: 'task',
        roomId,
        worldId: f.worldId,
        tags: TEXTS,
      } as Task);
      expect((await f.adapter.getTask(taskId))?.tags).toEqual(TEXTS);
      expect((await f.adapter.getTasks({ roomId })).map((task) => task.tags)).toEqual([TEXTS]);
    });

    it('text fields keep a leading U+FEFF', async () => {
      const worldId = await f.adapter.createWorld({
        id: uuid(),
        name: BOM_FIRST,
        agentId: f.agentId,
      } as never);
      expect((await f.adapter.getWorld(worldId))?.name).toBe(BOM_FIRST);
      const [roomId] = await f.adapter.createRooms([
        {
          id: uuid(),
          name: BOM_FIRST,
          agentId: f.agentId,
          source: '\uFEFF',
          type: ChannelType.GROUP,
          worldId,
        },
      ]);
      expect((await f.adapter.getRoomsByIds([roomId as UUID]))?.[0]).toMatchObject({
        name: BOM_FIRST,
        source: '\uFEFF',
      });
      expect((await f.adapter.getRoomsByWorld(worldId))[0]?.name).toBe(BOM_FIRST);
      const taskId = await f.adapter.createTask({
        name: BOM_FIRST,
        description: '\uFEFF',
        roomId: roomId as UUID,
        worldId,
        tags: [],
      } as Task);
      expect(await f.adapter.getTask(taskId)).toMatchObject({ name: BOM_FIRST, description: '\uFEFF' });
      expect((await f.adapter.getTasksByName(BOM_FIRST)).map((task) => task.id)).toEqual([taskId]);
      const agentId = uuid();
      await f.adapter.createAgent({ id: agentId, name: BOM_FIRST, username: '\uFEFF', bio: BOM_FIRST });
      expect(await f.adapter.getAgent(agentId)).toMatchObject({
        name: BOM_FIRST,
        username: '\uFEFF',
        bio: BOM_FIRST,
      });
    });

    it('JSON string values and keys keep a leading U+FEFF and every backslash', async () => {
      const metadata = { [BOM_FIRST]: BOM_FIRST, issue: ISSUE_TEXT, list: TEXTS };
      const memoryId = await f.adapter.createMemory(
        {
          id: uuid(),
          entityId: f.userId,
          roomId: f.roomId,
          agentId: f.agentId,
          content: { text: BOM_FIRST, source: ISSUE_TEXT },
          metadata: { type: 'custom', ...metadata } as never,
        },
        'messages',
      );
      expect(await f.adapter.getMemoryById(memoryId)).toMatchObject({
        content: { text: BOM_FIRST, source: ISSUE_TEXT },
        metadata: { type: 'custom', ...metadata },
      });
      const listed = await f.adapter.getMemories({ roomId: f.roomId, tableName: 'messages' });
      expect(listed.find((memory) => memory.id === memoryId)?.content.text).toBe(BOM_FIRST);
      await f.adapter.setCache('bom', BOM_FIRST);
      expect(await f.adapter.getCache('bom')).toBe(BOM_FIRST);
      await f.adapter.setCache('object', metadata);
      expect(await f.adapter.getCache('object')).toEqual(metadata);
    });

    it('refuses a value too large to index with UNSTORABLE_VALUE naming the index and field; nothing is written', async () => {
      // Random hex: incompressible enough that PostgreSQL cannot squeeze it under its btree entry limit.
      const huge = randomBytes(4000).toString('hex');
      await expect(f.adapter.setCache(huge, 1)).rejects.toMatchObject({
        code: 'UNSTORABLE_VALUE',
        message: expect.stringContaining('cache.key'),
      });
      expect(await f.adapter.getCache(huge)).toBeUndefined();
      await expect(
        f.adapter.log({ entityId: f.userId, roomId: f.roomId, type: huge, body: {} }),
      ).rejects.toMatchObject({ code: 'UNSTORABLE_VALUE', message: expect.stringContaining('logs.type') });
      expect(await f.adapter.getLogs({ roomId: f.roomId, type: huge })).toEqual([]);
      const component = {
        id: uuid(),
        entityId: f.userId,
        agentId: f.agentId,
        roomId: f.roomId,
        worldId: f.worldId,
        sourceEntityId: f.userId,
        type: huge,
        data: {},
        createdAt: Date.now(),
      };
      await expect(f.adapter.createComponent(component)).rejects.toMatchObject({
        code: 'UNSTORABLE_VALUE',
        message: expect.stringContaining('components.type'),
      });
      expect(await f.adapter.getComponent(f.userId, huge)).toBeNull();
    });

    it('a string that looks like JSON is a string and comes back as one', async () => {
      for (const value of JSON_LOOKALIKES) {
        await f.adapter.setCache(`lookalike ${value}`, value);
        expect(await f.adapter.getCache(`lookalike ${value}`), value).toBe(value);
      }
      const entityId = uuid();
      const metadata = Object.fromEntries(JSON_LOOKALIKES.map((value, index) => [`k${index}`, value]));
      await f.adapter.createEntities([
        { id: entityId, names: JSON_LOOKALIKES, agentId: f.agentId, metadata },
      ]);
      expect((await f.adapter.getEntitiesByIds([entityId]))?.[0]).toMatchObject({
        names: JSON_LOOKALIKES,
        metadata,
      });
    });
  });
}
