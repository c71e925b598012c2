import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { Task, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTask,
  deleteTask,
  getTask,
  getTasks,
  getTasksByName,
  updateTask,
} from '../../src/stores/task-store.js';
import { testBackends } from '../support/backends.js';
import { BAD_IDS, expectElizaError, seedAgent } from './store-fixtures.js';

for (const backend of testBackends) {
  describe(`task store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agentId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      agentId = await seedAgent(driver);
    });
    afterAll(() => backend.cleanup());

    function task(overrides: Partial<Task> = {}): Task {
      return { name: 'TASK', description: 'does things', worldId: uuid(), tags: [], ...overrides };
    }

    it('creates a task with a given id and reads it back exactly', async () => {
      const t = task({
        id: uuid(),
        roomId: uuid(),
        entityId: uuid(),
        tags: ['queue', 'repeat'],
        metadata: {
          updateInterval: 60_000,
          options: [{ name: 'a', description: 'b' }],
          blob: { x: [1, null] },
        },
      });
      await expect(createTask(driver, agentId, t)).resolves.toBe(t.id);
      expect(await getTask(driver, agentId, t.id as UUID)).toEqual(t);
    });

    it('generates an id; an absent description reads as "" and metadata as {}', async () => {
      const id = await createTask(driver, agentId, {
        name: 'bare',
        worldId: uuid(),
        tags: [],
      } as unknown as Task);
      expect(await getTask(driver, agentId, id)).toMatchObject({
        id,
        name: 'bare',
        description: '',
        metadata: {},
        tags: [],
      });
    });

    it('requires worldId (as the reference)', async () => {
      await expectElizaError(createTask(driver, agentId, task({ worldId: undefined })), 'INVALID_INPUT');
    });

    it('filters by room, entity and tags (a task must carry every listed tag)', async () => {
      const q = `queue-${uuid()}`;
      const r = `repeat-${uuid()}`;
      const roomId = uuid();
      const entityId = uuid();
      const a = await createTask(driver, agentId, task({ name: 'a', roomId, tags: [q, r] }));
      const b = await createTask(driver, agentId, task({ name: 'b', roomId, entityId, tags: [q] }));
      const c = await createTask(driver, agentId, task({ name: 'c', tags: [r] }));
      const other = await seedAgent(driver, 'other');
      await createTask(driver, other, task({ name: 'theirs', roomId, tags: [q] }));
      const ids = async (params: Parameters<typeof getTasks>[2]) =>
        (await getTasks(driver, agentId, params)).map((t) => t.id).sort();
      expect(await ids({ roomId })).toEqual([a, b].sort());
      expect(await ids({ tags: [q] })).toEqual([a, b].sort());
      expect(await ids({ tags: [q, r] })).toEqual([a]);
      expect(await ids({ tags: [r] })).toEqual([a, c].sort());
      expect(await ids({ tags: ['nope'] })).toEqual([]);
      expect(await ids({ entityId })).toEqual([b]);
      expect(await ids({ roomId, tags: [r] })).toEqual([a]);
      expect(await ids({})).toEqual(expect.arrayContaining([a, b, c]));
      expect(await ids({ tags: [] })).toEqual(await ids({}));
    });

    it('lists tasks by name for the agent only', async () => {
      const name = `named-${uuid()}`;
      const a = await createTask(driver, agentId, task({ name }));
      const b = await createTask(driver, agentId, task({ name }));
      const other = await seedAgent(driver, 'other');
      await createTask(driver, other, task({ name }));
      expect((await getTasksByName(driver, agentId, name)).map((t) => t.id).sort()).toEqual([a, b].sort());
      expect(await getTasksByName(driver, agentId, "x' OR '1'='1")).toEqual([]);
    });

    it('updates only the given fields and replaces metadata whole', async () => {
      const id = await createTask(driver, agentId, task({ name: 'old', tags: ['a'], metadata: { keep: 1 } }));
      await updateTask(driver, agentId, id, { metadata: { updatedAt: 123, other: 'x' } });
      expect(await getTask(driver, agentId, id)).toMatchObject({
        name: 'old',
        tags: ['a'],
        metadata: { updatedAt: 123, other: 'x' },
      });
      expect((await getTask(driver, agentId, id))?.metadata).not.toHaveProperty('keep');
      await updateTask(driver, agentId, id, { name: 'new', tags: ['b', 'c'], description: 'changed' });
      expect(await getTask(driver, agentId, id)).toMatchObject({
        name: 'new',
        tags: ['b', 'c'],
        description: 'changed',
      });
    });

    it('does not touch another agent’s task', async () => {
      const other = await seedAgent(driver, 'other');
      const id = await createTask(driver, other, task({ name: 'theirs' }));
      expect(await getTask(driver, agentId, id)).toBeNull();
      await updateTask(driver, agentId, id, { name: 'hijacked' });
      await deleteTask(driver, agentId, id);
      expect((await getTask(driver, other, id))?.name).toBe('theirs');
    });

    it('deletes a task', async () => {
      const id = await createTask(driver, agentId, task());
      await deleteTask(driver, agentId, id);
      expect(await getTask(driver, agentId, id)).toBeNull();
      await expect(deleteTask(driver, agentId, id)).resolves.toBeUndefined();
    });

    it('rejects bad ids, bad tags and NULs before writing', async () => {
      for (const bad of BAD_IDS) {
        await expectElizaError(getTask(driver, agentId, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(deleteTask(driver, agentId, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(getTasks(driver, agentId, { roomId: bad as UUID }), 'INVALID_INPUT');
      }
      await expectElizaError(
        getTasks(driver, agentId, { tags: 'queue' as unknown as string[] }),
        'INVALID_INPUT',
      );
      const name = `nul-${uuid()}`;
      await expectElizaError(
        createTask(driver, agentId, task({ name, description: 'a\u0000' })),
        'UNSTORABLE_VALUE',
      );
      await expectElizaError(
        createTask(driver, agentId, task({ name, tags: ['\u0000'] })),
        'UNSTORABLE_VALUE',
      );
      expect(await getTasksByName(driver, agentId, name)).toEqual([]);
    });
  });
}
