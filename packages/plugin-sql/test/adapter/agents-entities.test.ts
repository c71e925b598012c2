import { uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

for (const backend of testBackends) {
  describe(`agents, entities, components [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    });
    afterAll(() => backend.cleanup());

    it('createAgent / getAgent / getAgents / updateAgent (deep-merged settings) / countAgents', async () => {
      const id = uuid();
      const agent = {
        id,
        name: 'Ada',
        username: 'ada',
        system: 'You are Ada.',
        bio: ['one', 'two'],
        topics: ['math'],
        messageExamples: [[{ name: 'u', content: { text: 'hi' } }]],
        settings: { model: 'x', nested: { a: 1, b: 2 }, secrets: { KEY: 'v' } },
        style: { all: ['brief'] },
        createdAt: 1_700_000_000_000,
        updatedAt: 1_700_000_000_000,
      };
      expect(await f.adapter.createAgent(agent)).toBe(true);
      expect(await f.adapter.createAgent(agent)).toBe(false);
      const got = await f.adapter.getAgent(id);
      expect(got).toMatchObject({ ...agent, enabled: true });
      expect((await f.adapter.getAgents()).find((a) => a.id === id)).toEqual({
        id,
        name: 'Ada',
        bio: ['one', 'two'],
      });
      expect(
        await f.adapter.updateAgent(id, {
          settings: { nested: { a: null, c: 3 }, model: null } as never,
          name: 'Ada L.',
        }),
      ).toBe(true);
      const updated = await f.adapter.getAgent(id);
      expect(updated?.name).toBe('Ada L.');
      expect(updated?.settings).toEqual({ nested: { b: 2, c: 3 }, secrets: { KEY: 'v' } });
      expect(updated?.updatedAt).toBeGreaterThan(agent.updatedAt);
      expect(await f.adapter.updateAgent(uuid(), { name: 'ghost' })).toBe(false);
      expect(await f.adapter.countAgents()).toBe(2);
      expect(await f.adapter.getAgent(uuid())).toBeNull();
      await expect(f.adapter.getAgent('not-a-uuid' as UUID)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('deleteAgent removes the agent and everything it owns atomically', async () => {
      const g = await createAdapterFixture(backend);
      await g.adapter.createMemory(
        { entityId: g.userId, roomId: g.roomId, content: { text: 'bye' }, embedding: axisVector(384, 1) },
        'messages',
      );
      await g.adapter.setCache('k', { v: 1 });
      expect(await g.adapter.deleteAgent(g.agentId)).toBe(true);
      expect(await g.adapter.getAgent(g.agentId)).toBeNull();
      for (const table of [
        'memories',
        'embeddings',
        'rooms',
        'worlds',
        'entities',
        'cache',
        'participants',
      ]) {
        expect(await g.driver.query(`SELECT 1 FROM ${table}`), table).toEqual([]);
      }
      expect(await g.adapter.deleteAgent(g.agentId)).toBe(false);
    });

    it('entities: create (idempotent), get with components, for room, update, by names, search, delete', async () => {
      const e1 = uuid();
      const e2 = uuid();
      expect(
        await f.adapter.createEntities([
          { id: e1, names: ['Alice', 'Ally'], agentId: f.agentId, metadata: { src: { discord: 'a#1' } } },
          { id: e2, names: ['Bob'], agentId: f.agentId, metadata: {} },
        ]),
      ).toBe(true);
      expect(
        await f.adapter.createEntities([{ id: e1, names: ['Other'], agentId: f.agentId, metadata: {} }]),
      ).toBe(true);
      await f.adapter.createComponent({
        id: uuid(),
        entityId: e1,
        agentId: f.agentId,
        roomId: f.roomId,
        worldId: f.worldId,
        sourceEntityId: e2,
        type: 'profile',
        data: { bio: 'hi', n: [1, 2] },
        createdAt: 0,
      });
      const [alice] = (await f.adapter.getEntitiesByIds([e1])) ?? [];
      expect(alice?.names).toEqual(['Alice', 'Ally']);
      expect(alice?.metadata).toEqual({ src: { discord: 'a#1' } });
      expect(alice?.components?.map((c) => c.data)).toEqual([{ bio: 'hi', n: [1, 2] }]);
      await f.adapter.addParticipantsRoom([e1], f.roomId);
      const inRoom = await f.adapter.getEntitiesForRoom(f.roomId, true);
      expect(inRoom.map((e) => e.id).sort()).toEqual([e1, f.agentId, f.userId].sort());
      expect(inRoom.find((e) => e.id === e1)?.components).toHaveLength(1);
      expect(
        (await f.adapter.getEntitiesForRoom(f.roomId)).find((e) => e.id === e1)?.components,
      ).toBeUndefined();
      await f.adapter.updateEntity({
        id: e2,
        names: ['Robert', 'Bob'],
        agentId: f.agentId,
        metadata: { x: 1 },
      });
      expect((await f.adapter.getEntitiesByIds([e2]))?.[0]).toMatchObject({
        names: ['Robert', 'Bob'],
        metadata: { x: 1 },
      });
      expect(
        (await f.adapter.getEntitiesByNames({ names: ['Robert'], agentId: f.agentId })).map((e) => e.id),
      ).toEqual([e2]);
      expect(
        (await f.adapter.searchEntitiesByName({ query: 'lic', agentId: f.agentId })).map((e) => e.id),
      ).toEqual([e1]);
      expect(await f.adapter.searchEntitiesByName({ query: '%', agentId: f.agentId })).toEqual([]);
      expect(
        await f.adapter.ensureEntityExists({ id: e2, names: ['x'], agentId: f.agentId, metadata: {} }),
      ).toBe(true);
      await f.adapter.deleteEntity(e2);
      expect(await f.adapter.getEntitiesByIds([e2])).toEqual([]);
      expect(await f.adapter.getComponents(e1)).toEqual([]); // sourced from the deleted entity
      await expect(
        f.adapter.createEntities([
          { id: uuid(), names: ['ok'], agentId: f.agentId, metadata: {} },
          { id: 'bad' as UUID, names: [], agentId: f.agentId, metadata: {} },
        ]),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('components: get by type/world/source, getComponents, update, delete', async () => {
      const e = uuid();
      const src = uuid();
      await f.adapter.createEntities([
        { id: e, names: ['E'], agentId: f.agentId, metadata: {} },
        { id: src, names: ['S'], agentId: f.agentId, metadata: {} },
      ]);
      const id = uuid();
      const base = { entityId: e, agentId: f.agentId, roomId: f.roomId, createdAt: 0 };
      expect(
        await f.adapter.createComponent({
          ...base,
          id,
          worldId: f.worldId,
          sourceEntityId: src,
          type: 'a',
          data: { v: 1 },
        }),
      ).toBe(true);
      await f.adapter.createComponent({
        ...base,
        id: uuid(),
        worldId: '' as UUID,
        sourceEntityId: '' as UUID,
        type: 'b',
        data: {},
      });
      expect(await f.adapter.getComponent(e, 'a')).toMatchObject({
        id,
        data: { v: 1 },
        worldId: f.worldId,
        sourceEntityId: src,
      });
      expect(await f.adapter.getComponent(e, 'a', uuid())).toBeNull();
      expect(await f.adapter.getComponent(e, 'a', f.worldId, src)).toMatchObject({ id });
      expect(await f.adapter.getComponent(e, 'b')).toMatchObject({ worldId: '', sourceEntityId: '' });
      expect((await f.adapter.getComponents(e)).map((c) => c.type).sort()).toEqual(['a', 'b']);
      expect((await f.adapter.getComponents(e, f.worldId)).map((c) => c.type)).toEqual(['a']);
      await f.adapter.updateComponent({
        ...base,
        id,
        worldId: f.worldId,
        sourceEntityId: src,
        type: 'a',
        data: { v: 2 },
      });
      expect((await f.adapter.getComponent(e, 'a'))?.data).toEqual({ v: 2 });
      await f.adapter.deleteComponent(id);
      expect(await f.adapter.getComponent(e, 'a')).toBeNull();
    });
  });
}
