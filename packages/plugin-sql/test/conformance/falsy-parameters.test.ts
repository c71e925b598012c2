/**
 * Falsy parameters mean what they say: for every parameter of every IDatabaseAdapter method, `0`,
 * `''`, `false` and `[]` are values (count: 0 is none, end: 0 is the epoch, match_threshold: 0 is a
 * threshold, type: '' is the type '', unique: false does not restrict, [] is an empty list), never
 * "not given"; an id of `''` is a malformed id (INVALID_INPUT), not an absent one; and a string that
 * looks like JSON ('null', '123', '') is a string and comes back as one.
 */
import { uuid } from '@eliza-sql/test-support';
import type { Memory, UUID } from '@elizaos/core';
import { ChannelType } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isElizaSqlError } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

const D = 384;
const TABLE = 'falsy';
/** Values a parameter or a stored field may hold that are falsy or look like something else. */
const TRICKY_STRINGS = ['', 'null', '123', 'false', '[]', '{}', 'undefined', '0'];

interface Seeded extends AdapterFixture {
  /** A room of its own, holding the memories, logs and runs below. */
  readonly room: UUID;
  /** Memories by name: EPOCH (createdAt 0, along the query), BEFORE (-1000 ms, opposite it, unique),
   * LATER (2023, orthogonal to it, not unique). */
  readonly memory: Record<'EPOCH' | 'BEFORE' | 'LATER', UUID>;
  readonly otherEntity: UUID;
}

/** What a case expects: a value (compared with toEqual) or a typed error code. */
type Expected = { value: unknown } | { error: string };

interface FalsyCase {
  /** The call, as the test name shows it. */
  readonly name: string;
  readonly run: (s: Seeded) => Promise<unknown>;
  readonly expected: (s: Seeded) => Expected;
}

const value = (v: unknown): Expected => ({ value: v });
const invalid: Expected = { error: 'INVALID_INPUT' };
const query = axisVector(D, 0);
const ids = (list: ReadonlyArray<{ id?: string }> | null) => (list ?? []).map((item) => item.id).sort();
const sorted = (list: Array<string | undefined>) => [...list].sort();

const readCases: FalsyCase[] = [
  // Counts, limits and offsets: 0 is zero rows / no rows skipped.
  {
    name: 'getLogs({ count: 0 })',
    run: (s) => s.adapter.getLogs({ roomId: s.room, count: 0 }),
    expected: () => value([]),
  },
  {
    name: 'getLogs({ offset: 0 })',
    run: async (s) => (await s.adapter.getLogs({ roomId: s.room, type: 'x', offset: 0 })).map((l) => l.body),
    expected: () => value([{ kind: 'x' }]),
  },
  {
    name: "log({ type: '' }) / getLogs({ type: '' }): the logs of type ''",
    run: async (s) => {
      const body = { kind: 'empty type', zero: 0, no: false, none: [], text: '' };
      await s.adapter.log({ body, entityId: s.userId, roomId: s.room, type: '' });
      return (await s.adapter.getLogs({ roomId: s.room, type: '' })).map((l) => [l.type, l.body]);
    },
    expected: () => value([['', { kind: 'empty type', zero: 0, no: false, none: [], text: '' }]]),
  },
  {
    name: "getLogs({ entityId: '' })",
    run: (s) => s.adapter.getLogs({ entityId: '' as UUID }),
    expected: () => invalid,
  },
  {
    name: "getLogs({ roomId: '' })",
    run: (s) => s.adapter.getLogs({ roomId: '' as UUID }),
    expected: () => invalid,
  },
  {
    name: 'getMemories({ count: 0 })',
    run: (s) => s.adapter.getMemories({ tableName: TABLE, roomId: s.room, count: 0 }),
    expected: () => value([]),
  },
  {
    name: 'getMemories({ count: 1, offset: 0 }): the newest',
    run: async (s) =>
      ids(await s.adapter.getMemories({ tableName: TABLE, roomId: s.room, count: 1, offset: 0 })),
    expected: (s) => value([s.memory.LATER]),
  },
  {
    name: 'getMemories({ start: 0 }): from the epoch on',
    run: async (s) => ids(await s.adapter.getMemories({ tableName: TABLE, roomId: s.room, start: 0 })),
    expected: (s) => value(sorted([s.memory.EPOCH, s.memory.LATER])),
  },
  {
    name: 'getMemories({ end: 0 }): up to the epoch',
    run: async (s) => ids(await s.adapter.getMemories({ tableName: TABLE, roomId: s.room, end: 0 })),
    expected: (s) => value(sorted([s.memory.EPOCH, s.memory.BEFORE])),
  },
  {
    name: 'getMemories({ start: 0, end: 0 }): the epoch itself',
    run: async (s) =>
      ids(await s.adapter.getMemories({ tableName: TABLE, roomId: s.room, start: 0, end: 0 })),
    expected: (s) => value([s.memory.EPOCH]),
  },
  {
    name: 'getMemories({ unique: false }): unique and not',
    run: async (s) => ids(await s.adapter.getMemories({ tableName: TABLE, roomId: s.room, unique: false })),
    expected: (s) => value(sorted(Object.values(s.memory))),
  },
  {
    name: "getMemories({ entityId: '' })",
    run: (s) => s.adapter.getMemories({ tableName: TABLE, entityId: '' as UUID }),
    expected: () => invalid,
  },
  {
    name: "getMemories({ worldId: '' })",
    run: (s) => s.adapter.getMemories({ tableName: TABLE, worldId: '' as UUID }),
    expected: () => invalid,
  },
  {
    name: 'getMemoriesByRoomIds({ roomIds: [] })',
    run: (s) => s.adapter.getMemoriesByRoomIds({ tableName: TABLE, roomIds: [] }),
    expected: () => value([]),
  },
  {
    name: 'getMemoriesByRoomIds({ limit: 0 })',
    run: (s) => s.adapter.getMemoriesByRoomIds({ tableName: TABLE, roomIds: [s.room], limit: 0 }),
    expected: () => value([]),
  },
  {
    name: 'getMemoriesByWorldId({ count: 0 })',
    run: (s) => s.adapter.getMemoriesByWorldId({ worldId: s.worldId, tableName: TABLE, count: 0 }),
    expected: () => value([]),
  },
  { name: 'getMemoriesByIds([])', run: (s) => s.adapter.getMemoriesByIds([]), expected: () => value([]) },
  {
    name: 'searchMemories({ match_threshold: 0 }): similarity >= 0',
    run: async (s) =>
      ids(
        await s.adapter.searchMemories({
          tableName: TABLE,
          embedding: query,
          roomId: s.room,
          match_threshold: 0,
        }),
      ),
    expected: (s) => value(sorted([s.memory.EPOCH, s.memory.LATER])),
  },
  {
    name: 'searchMemories({ count: 0 })',
    run: (s) => s.adapter.searchMemories({ tableName: TABLE, embedding: query, roomId: s.room, count: 0 }),
    expected: () => value([]),
  },
  {
    name: 'searchMemories({ unique: false }): unique and not',
    run: async (s) =>
      ids(
        await s.adapter.searchMemories({ tableName: TABLE, embedding: query, roomId: s.room, unique: false }),
      ),
    expected: (s) => value(sorted(Object.values(s.memory))),
  },
  {
    name: "searchMemories({ entityId: '' })",
    run: (s) => s.adapter.searchMemories({ tableName: TABLE, embedding: query, entityId: '' as UUID }),
    expected: () => invalid,
  },
  {
    name: 'countMemories(roomId, false, tableName): unique and not',
    run: (s) => s.adapter.countMemories(s.room, false, TABLE),
    expected: () => value(3),
  },
  {
    name: 'getCachedEmbeddings({ query_threshold: 0 }): exact matches only',
    run: async (s) =>
      (
        await s.adapter.getCachedEmbeddings({
          query_table_name: TABLE,
          query_threshold: 0,
          query_input: 'epoch',
          query_field_name: 'content',
          query_field_sub_name: 'text',
          query_match_count: 10,
        })
      ).map((hit) => [hit.levenshtein_score, hit.embedding.indexOf(1)]),
    expected: () => value([[0, 0]]),
  },
  {
    name: 'getCachedEmbeddings({ query_match_count: 0 })',
    run: (s) =>
      s.adapter.getCachedEmbeddings({
        query_table_name: TABLE,
        query_threshold: 100,
        query_input: 'epoch',
        query_field_name: 'content',
        query_field_sub_name: 'text',
        query_match_count: 0,
      }),
    expected: () => value([]),
  },
  {
    name: 'getAgentRunSummaries({ limit: 0 }): no runs, still counted',
    run: (s) => s.adapter.getAgentRunSummaries({ roomId: s.room, limit: 0 }),
    expected: () => value({ runs: [], total: 1, hasMore: true }),
  },
  {
    name: 'getAgentRunSummaries({ from: 0 }): every run since the epoch',
    run: async (s) => (await s.adapter.getAgentRunSummaries({ roomId: s.room, from: 0 })).total,
    expected: () => value(1),
  },
  {
    name: 'getAgentRunSummaries({ to: 0 }): none logged before the epoch',
    run: (s) => s.adapter.getAgentRunSummaries({ roomId: s.room, to: 0 }),
    expected: () => value({ runs: [], total: 0, hasMore: false }),
  },
  {
    name: "getAgentRunSummaries({ roomId: '' })",
    run: (s) => s.adapter.getAgentRunSummaries({ roomId: '' as UUID }),
    expected: () => invalid,
  },
  // Empty lists are empty.
  {
    name: 'getRoomsForParticipants([])',
    run: (s) => s.adapter.getRoomsForParticipants([]),
    expected: () => value([]),
  },
  { name: 'getEntitiesByIds([])', run: (s) => s.adapter.getEntitiesByIds([]), expected: () => value([]) },
  { name: 'getRoomsByIds([])', run: (s) => s.adapter.getRoomsByIds([]), expected: () => value([]) },
  {
    name: 'getTasks({ tags: [] }): every task carries all of no tags',
    run: async (s) => sorted((await s.adapter.getTasks({ roomId: s.room, tags: [] })).map((t) => t.name)),
    expected: () => value(['plain', 'tagged']),
  },
  {
    name: "updateMemory({ content: '' }): not content, and not ignored",
    run: (s) => s.adapter.updateMemory({ id: s.memory.LATER, content: '' as never }),
    expected: () => invalid,
  },
  {
    name: "createComponent({ id: '' })",
    run: (s) =>
      s.adapter.createComponent({
        id: '' as UUID,
        entityId: s.userId,
        agentId: s.agentId,
        roomId: s.room,
        worldId: s.worldId,
        sourceEntityId: s.agentId,
        type: 'no id',
        data: {},
        createdAt: 0,
      }),
    expected: () => invalid,
  },
  {
    name: "createWorld({ id: '' })",
    run: (s) => s.adapter.createWorld({ id: '' as UUID, agentId: s.agentId }),
    expected: () => invalid,
  },
  {
    name: "createMemory({ id: '' })",
    run: (s) =>
      s.adapter.createMemory(
        { id: '' as UUID, entityId: s.userId, roomId: s.room, content: { text: 'no id' } },
        TABLE,
      ),
    expected: () => invalid,
  },
  {
    name: 'getRelationships({ tags: [] }): no relationship shares a tag with none',
    run: (s) => s.adapter.getRelationships({ entityId: s.userId, tags: [] }),
    expected: () => value([]),
  },
  {
    name: "getTasks({ roomId: '' })",
    run: (s) => s.adapter.getTasks({ roomId: '' as UUID }),
    expected: () => invalid,
  },
  // '' as a name, key or type is that name, key or type.
  {
    name: "createTask({ name: '' }) / getTasksByName(''): the task named ''",
    run: async (s) => {
      await s.adapter.createTask({ name: '', description: '', worldId: s.worldId, tags: [] });
      return (await s.adapter.getTasksByName('')).map((t) => [t.name, t.description, t.tags]);
    },
    expected: () => value([['', '', []]]),
  },
  {
    name: "createComponent({ type: '', worldId: '' }) / getComponent(entityId, '') / getComponents(entityId, '')",
    run: async (s) => {
      // A component without a world reads back with worldId '', so '' selects the components without one.
      await s.adapter.createComponent({
        id: uuid(),
        entityId: s.userId,
        agentId: s.agentId,
        roomId: s.room,
        worldId: '' as UUID,
        sourceEntityId: '' as UUID,
        type: '',
        data: {},
        createdAt: 0,
      });
      const one = await s.adapter.getComponent(s.userId, '');
      const withoutWorld = await s.adapter.getComponents(s.userId, '' as UUID);
      return [one && [one.type, one.data, one.worldId, one.sourceEntityId], withoutWorld.map((c) => c.type)];
    },
    expected: () => value([['', {}, '', ''], ['']]),
  },
  {
    name: "setCache('') / getCache('')",
    run: async (s) => {
      await s.adapter.setCache('', 'under the empty key');
      return s.adapter.getCache('');
    },
    expected: () => value('under the empty key'),
  },
];

/** Writes a value and reads it back: it must come back as written. */
const roundTripCases: FalsyCase[] = [
  ...[
    0,
    '',
    false,
    [],
    null,
    {},
    ...TRICKY_STRINGS,
    { zero: 0, empty: '', no: false, none: [], nil: null },
  ].map((stored) => ({
    name: `setCache / getCache of ${JSON.stringify(stored)}`,
    run: async (s: Seeded) => {
      const key = `falsy-${JSON.stringify(stored)}`;
      await s.adapter.setCache(key, stored);
      return s.adapter.getCache(key);
    },
    expected: () => value(stored),
  })),
  {
    name: 'createMemory({ createdAt: 0 }) keeps the epoch',
    run: async (s) => (await s.adapter.getMemoryById(s.memory.EPOCH))?.createdAt,
    expected: () => value(0),
  },
  {
    name: 'createMemory(memory, tableName, false) stores a memory that is not unique',
    run: async (s) => {
      const id = await s.adapter.createMemory(
        { entityId: s.userId, roomId: s.roomId, content: { text: 'not unique' } },
        'falsy-unique',
        false,
      );
      return (await s.adapter.getMemoryById(id))?.unique;
    },
    expected: () => value(false),
  },
  {
    name: 'createMemory content and metadata with falsy and JSON-looking values',
    run: async (s) => {
      const content = { text: '', values: TRICKY_STRINGS, zero: 0, no: false, none: [], nil: null };
      const id = await s.adapter.createMemory(
        { entityId: s.userId, roomId: s.roomId, content, metadata: { type: '', source: 'null' } },
        'falsy-content',
      );
      const got = await s.adapter.getMemoryById(id);
      return [got?.content, got?.metadata];
    },
    expected: () =>
      value([
        { text: '', values: TRICKY_STRINGS, zero: 0, no: false, none: [], nil: null },
        { type: '', source: 'null' },
      ]),
  },
  {
    name: "updateMemory({ content: { text: '' } })",
    run: async (s) => {
      const id = await s.adapter.createMemory(
        { entityId: s.userId, roomId: s.roomId, content: { text: 'before' } },
        'falsy-update',
      );
      await s.adapter.updateMemory({ id, content: { text: '' } });
      return (await s.adapter.getMemoryById(id))?.content;
    },
    expected: () => value({ text: '' }),
  },
  ...TRICKY_STRINGS.map((serverId) => ({
    name: `createWorld({ name: '', serverId: ${JSON.stringify(serverId)} }) / getWorld`,
    run: async (s: Seeded) => {
      const id = await s.adapter.createWorld({
        id: uuid(),
        name: '',
        agentId: s.agentId,
        serverId: serverId as UUID,
      });
      const world = await s.adapter.getWorld(id);
      return { name: world?.name, serverId: world?.serverId, messageServerId: world?.messageServerId };
    },
    expected: () => value({ name: '', serverId, messageServerId: null }),
  })),
  {
    name: "updateWorld({ name: '', metadata: {} })",
    run: async (s) => {
      await s.adapter.updateWorld({ id: s.worldId, agentId: s.agentId, name: '', metadata: {} });
      const world = await s.adapter.getWorld(s.worldId);
      return [world?.name, world?.metadata];
    },
    expected: () => value(['', {}]),
  },
  ...TRICKY_STRINGS.map((text) => ({
    name: `createRooms([{ name, channelId, serverId: ${JSON.stringify(text)} }]) / getRoomsByIds`,
    run: async (s: Seeded) => {
      const [id] = await s.adapter.createRooms([
        {
          id: uuid(),
          name: text,
          channelId: text,
          serverId: text as UUID,
          source: text,
          type: ChannelType.GROUP,
          worldId: s.worldId,
          metadata: {},
        },
      ]);
      const [room] = (await s.adapter.getRoomsByIds([id as UUID])) ?? [];
      return [room?.name, room?.channelId, room?.serverId, room?.source, room?.metadata];
    },
    expected: () => value([text, text, text, text, {}]),
  })),
  {
    name: "updateRoom({ name: '' })",
    run: async (s) => {
      const [room] = (await s.adapter.getRoomsByIds([s.room])) ?? [];
      if (!room) throw new Error('the seeded room is missing');
      await s.adapter.updateRoom({ ...room, name: '' });
      return (await s.adapter.getRoomsByIds([s.room]))?.[0]?.name;
    },
    expected: () => value(''),
  },
  {
    name: 'createEntities names and metadata with falsy and JSON-looking values',
    run: async (s) => {
      const id = uuid();
      await s.adapter.createEntities([
        { id, names: TRICKY_STRINGS, agentId: s.agentId, metadata: { zero: 0, no: false, none: [] } },
      ]);
      const [entity] = (await s.adapter.getEntitiesByIds([id])) ?? [];
      return [entity?.names, entity?.metadata];
    },
    expected: () => value([TRICKY_STRINGS, { zero: 0, no: false, none: [] }]),
  },
  {
    name: 'createEntities([{ names: [] }])',
    run: async (s) => {
      const id = uuid();
      await s.adapter.createEntities([{ id, names: [], agentId: s.agentId, metadata: {} }]);
      return (await s.adapter.getEntitiesByIds([id]))?.[0]?.names;
    },
    expected: () => value([]),
  },
  {
    name: 'createRelationship({ tags: [], metadata }) / getRelationship',
    run: async (s) => {
      await s.adapter.createRelationship({
        sourceEntityId: s.otherEntity,
        targetEntityId: s.userId,
        tags: [],
        metadata: { zero: 0, text: 'null' },
      });
      const rel = await s.adapter.getRelationship({
        sourceEntityId: s.otherEntity,
        targetEntityId: s.userId,
      });
      return [rel?.tags, rel?.metadata];
    },
    expected: () => value([[], { zero: 0, text: 'null' }]),
  },
  {
    name: 'createRelationship tags that look like JSON',
    run: async (s) => {
      await s.adapter.createRelationship({
        sourceEntityId: s.userId,
        targetEntityId: s.otherEntity,
        tags: TRICKY_STRINGS,
      });
      return (await s.adapter.getRelationship({ sourceEntityId: s.userId, targetEntityId: s.otherEntity }))
        ?.tags;
    },
    expected: () => value(TRICKY_STRINGS),
  },
  {
    name: 'createTask tags and metadata with falsy and JSON-looking values',
    run: async (s) => {
      const id = await s.adapter.createTask({
        name: 'tricky',
        description: 'null',
        worldId: s.worldId,
        tags: TRICKY_STRINGS,
        metadata: { updateInterval: 0, blocking: false, options: [] },
      });
      const task = await s.adapter.getTask(id);
      return [task?.description, task?.tags, task?.metadata];
    },
    expected: () => value(['null', TRICKY_STRINGS, { updateInterval: 0, blocking: false, options: [] }]),
  },
  {
    name: "updateTask(id, { name: '', description: '', tags: [], metadata: {} })",
    run: async (s) => {
      const id = await s.adapter.createTask({
        name: 'before',
        description: 'before',
        worldId: s.worldId,
        tags: ['t'],
        metadata: { n: 1 },
      });
      await s.adapter.updateTask(id, { name: '', description: '', tags: [], metadata: {} });
      const task = await s.adapter.getTask(id);
      return [task?.name, task?.description, task?.tags, task?.metadata];
    },
    expected: () => value(['', '', [], {}]),
  },
  {
    name: 'log / getLogs: a body with falsy and JSON-looking values',
    run: async (s) => {
      const body = { values: TRICKY_STRINGS, zero: 0, no: false, none: [], nil: null };
      await s.adapter.log({ body, entityId: s.userId, roomId: s.roomId, type: 'null' });
      return (await s.adapter.getLogs({ roomId: s.roomId, type: 'null' })).map((l) => l.body);
    },
    expected: () => value([{ values: TRICKY_STRINGS, zero: 0, no: false, none: [], nil: null }]),
  },
  {
    name: 'updateAgent(id, { enabled: false, settings with falsy values })',
    run: async (s) => {
      await s.adapter.updateAgent(s.agentId, { enabled: false, settings: { zero: 0, empty: '', no: false } });
      const agent = await s.adapter.getAgent(s.agentId);
      return [agent?.enabled, agent?.settings];
    },
    expected: () => value([false, { zero: 0, empty: '', no: false }]),
  },
];

/** Seeds the rows the read cases select from. */
async function seed(f: AdapterFixture): Promise<Seeded> {
  await f.adapter.ensureEmbeddingDimension(D);
  const [room] = await f.adapter.createRooms([
    { id: uuid(), name: 'falsy', source: 'test', type: ChannelType.GROUP, worldId: f.worldId },
  ]);
  const roomId = room as UUID;
  const otherEntity = uuid();
  await f.adapter.createEntities([{ id: otherEntity, names: ['Other'], agentId: f.agentId, metadata: {} }]);
  await f.adapter.addParticipantsRoom([f.userId, otherEntity], roomId);
  const memory = async (text: string, createdAt: number, embedding: number[], unique: boolean) => {
    const m: Memory = {
      entityId: f.userId,
      roomId,
      worldId: f.worldId,
      content: { text },
      createdAt,
      embedding,
      unique,
    };
    return f.adapter.createMemory(m, TABLE);
  };
  const memories = {
    EPOCH: await memory('epoch', 0, query, true),
    BEFORE: await memory(
      'before',
      -1000,
      query.map((x) => -x),
      true,
    ),
    LATER: await memory('later', 1_700_000_000_000, axisVector(D, 1), false),
  };
  await f.adapter.log({ body: { kind: 'x' }, entityId: f.userId, roomId, type: 'x' });
  await f.adapter.log({
    body: { runId: uuid(), status: 'started' },
    entityId: f.userId,
    roomId,
    type: 'run_event',
  });
  await f.adapter.createTask({ name: 'plain', description: 'plain', roomId, worldId: f.worldId, tags: [] });
  await f.adapter.createTask({
    name: 'tagged',
    description: 'tagged',
    roomId,
    worldId: f.worldId,
    tags: ['a'],
  });
  await f.adapter.createRelationship({ sourceEntityId: f.userId, targetEntityId: f.agentId, tags: ['t'] });
  await f.adapter.createComponent({
    id: uuid(),
    entityId: f.userId,
    agentId: f.agentId,
    roomId,
    worldId: f.worldId,
    sourceEntityId: f.agentId,
    type: 'profile',
    data: { in: 'a world' },
    createdAt: 0,
  });
  return { ...f, room: roomId, memory: memories, otherEntity };
}

for (const backend of testBackends) {
  describe(`falsy parameters mean what they say [${backend.name}]`, () => {
    let s: Seeded;
    beforeAll(async () => {
      s = await seed(await createAdapterFixture(backend));
    });
    afterAll(() => backend.cleanup());

    for (const c of [...readCases, ...roundTripCases]) {
      it(c.name, async () => {
        const expected = c.expected(s);
        if ('error' in expected) {
          const err = await c.run(s).then(
            (got) => new Error(`expected ${expected.error}, got ${JSON.stringify(got)}`),
            (e: unknown) => e,
          );
          expect(isElizaSqlError(err) ? err.code : err).toBe(expected.error);
        } else {
          expect(await c.run(s)).toEqual(expected.value);
        }
      });
    }

    it('deleteManyMemories([]) deletes nothing; addParticipantsRoom([], room) adds nothing and succeeds', async () => {
      const before = await s.adapter.countMemories(s.room, false, TABLE);
      await s.adapter.deleteManyMemories([]);
      expect(await s.adapter.countMemories(s.room, false, TABLE)).toBe(before);
      const participants = await s.adapter.getParticipantsForRoom(s.room);
      expect(await s.adapter.addParticipantsRoom([], s.room)).toBe(true);
      expect(await s.adapter.getParticipantsForRoom(s.room)).toEqual(participants);
      expect(await s.adapter.createRooms([])).toEqual([]);
      expect(await s.adapter.createEntities([])).toBe(true);
    });
  });
}
