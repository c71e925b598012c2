/**
 * Bad input across the facade's public API, table-driven, on PGlite and PostgreSQL. Each case ends
 * in a clear typed error (a stable `code`) or a faithful round trip: never a crash, a corrupted row,
 * or a lost neighbour. A sentinel memory is stored before each case and checked intact after it.
 */
import { uuid } from '@eliza-sql/test-support';
import { ChannelType, type Memory, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isElizaSqlError } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

/** Codes a caller may receive for bad input: the facade's own, and the shared typed errors. */
const TYPED_CODES = [
  'INVALID_INPUT',
  'EMBEDDING_DIMENSION_MISMATCH',
  'UNSTORABLE_VALUE',
  'UNSUPPORTED_EMBEDDING_DIMENSION',
  'INVALID_EMBEDDING_VECTOR',
];

interface Ctx extends AdapterFixture {
  memory(overrides?: Partial<Memory>): Memory & { id: UUID };
}

type Expectation =
  /** Must fail with exactly this code. */
  | { readonly error: string }
  /** Must succeed; `verify` proves the round trip. */
  | { readonly verify: (value: unknown, ctx: Ctx) => Promise<void> | void };

interface Case {
  readonly name: string;
  run(ctx: Ctx): Promise<unknown>;
  readonly expect: Expectation;
}

const bad = <T>(value: unknown) => value as T;
const sqlish = "x'); DROP TABLE memories; --";
const deep = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
};
const depthOf = (value: unknown): number => {
  let depth = 0;
  let node = value;
  while (node && typeof node === 'object' && 'd' in node) {
    node = (node as { d: unknown }).d;
    depth++;
  }
  return depth;
};
const tenMb = 'é🙂a'.repeat(Math.ceil((10 * 2 ** 20) / 4));

const roundTripMemory =
  (overrides: Partial<Memory>, check?: (read: Memory) => void): Case['run'] =>
  async (ctx) => {
    const memory = ctx.memory(overrides);
    await ctx.adapter.createMemory(memory, 'messages');
    const read = await ctx.adapter.getMemoryById(memory.id);
    expect(read?.content).toEqual(memory.content);
    if (memory.metadata) expect(read?.metadata).toMatchObject(memory.metadata);
    check?.(read as Memory);
    return read;
  };
const ok: Expectation = { verify: () => {} };

const cases: Case[] = [
  // Malformed UUIDs
  {
    name: 'getMemoryById: not a UUID',
    run: (c) => c.adapter.getMemoryById(bad('not-a-uuid')),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemoryById: SQL in the id',
    run: (c) => c.adapter.getMemoryById(bad(sqlish)),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'createMemory: malformed roomId',
    run: (c) => c.adapter.createMemory(c.memory({ roomId: bad('1234') }), 'messages'),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'createMemory: malformed id (non-hex)',
    run: (c) =>
      c.adapter.createMemory(c.memory({ id: bad('00000000-0000-0000-0000-00000000000g') }), 'messages'),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getRoomsByIds: one malformed id',
    run: (c) => c.adapter.getRoomsByIds([c.roomId, bad('room')]),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getEntitiesByIds: malformed id',
    run: (c) => c.adapter.getEntitiesByIds([bad('{}')]),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'deleteMemory: malformed id',
    run: (c) => c.adapter.deleteMemory(bad("' or 1=1 --")),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'deleteManyMemories: malformed id among valid ones',
    run: (c) => c.adapter.deleteManyMemories([uuid(), bad('x')]),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemories: malformed roomId',
    run: (c) => c.adapter.getMemories({ tableName: 'messages', roomId: bad('r') }),
    expect: { error: 'INVALID_INPUT' },
  },
  // Wrong types
  {
    name: 'createMemory: content is a JSON number (stored and read back as given)',
    run: roundTripMemory({ content: bad(42) }),
    expect: ok,
  },
  {
    name: 'createMemory: content is non-JSON text',
    run: (c) => c.adapter.createMemory(c.memory({ content: bad('not json') }), 'messages'),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'createMemory: metadata is non-JSON text',
    run: (c) => c.adapter.createMemory(c.memory({ metadata: bad('not json') }), 'messages'),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'createMemory: tableName is a number',
    run: (c) => c.adapter.createMemory(c.memory(), bad(7)),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'createMemory: createdAt is not a time',
    run: (c) => c.adapter.createMemory(c.memory({ createdAt: bad('yesterday') }), 'messages'),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemories: count is a string',
    run: (c) => c.adapter.getMemories({ tableName: 'messages', count: bad('10') }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'searchMemories: embedding is a string',
    run: (c) => c.adapter.searchMemories({ tableName: 'messages', embedding: bad('[1,2,3]') }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'setCache: undefined value',
    run: (c) => c.adapter.setCache('k-undefined', undefined),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'setCache: circular value',
    run: (c) => {
      const v: Record<string, unknown> = {};
      v.self = v;
      return c.adapter.setCache('k-circular', v);
    },
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  // 10 MB content
  {
    name: 'createMemory: 10 MB of multi-byte text round-trips',
    run: roundTripMemory({ content: { text: tenMb } }, (read) =>
      expect(read.content.text?.length).toBe(tenMb.length),
    ),
    expect: ok,
  },
  {
    name: 'setCache: 10 MB string round-trips',
    run: async (c) => {
      await c.adapter.setCache('big', tenMb);
      expect(await c.adapter.getCache('big')).toBe(tenMb);
    },
    expect: ok,
  },
  // NUL bytes
  {
    name: 'createMemory: NUL in content text',
    run: (c) => c.adapter.createMemory(c.memory({ content: { text: 'a\u0000b' } }), 'messages'),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'createMemory: NUL in a metadata key',
    run: (c) => c.adapter.createMemory(c.memory({ metadata: bad({ 'k\u0000': 1 }) }), 'messages'),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'createMemory: NUL in tableName',
    run: (c) => c.adapter.createMemory(c.memory(), 'mess\u0000ages'),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'createEntities: NUL in a name',
    run: (c) =>
      c.adapter.createEntities([{ id: uuid(), names: ['a\u0000'], agentId: c.agentId, metadata: {} }]),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'log: NUL in the body',
    run: (c) => c.adapter.log({ body: { text: '\u0000' }, entityId: c.userId, roomId: c.roomId, type: 't' }),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'setCache: NUL in the key',
    run: (c) => c.adapter.setCache('k\u0000', 1),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'createWorld: NUL in the name',
    run: (c) =>
      c.adapter.createWorld({ id: uuid(), name: 'w\u0000', agentId: c.agentId, messageServerId: uuid() }),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'createMemory: escaped "\\u0000" text (not a NUL) round-trips',
    run: roundTripMemory({ content: { text: '\\u0000 and \\\\' } }),
    expect: ok,
  },
  // Deeply nested JSON
  {
    name: 'createMemory: content nested 100 deep round-trips',
    run: roundTripMemory({ content: bad({ text: 'deep', nested: deep(100) }) }, (read) =>
      expect(depthOf((read.content as { nested: unknown }).nested)).toBe(100),
    ),
    expect: ok,
  },
  {
    name: 'createMemory: content nested 1,000 deep is refused before any statement (PGlite would crash on it)',
    run: (c) =>
      c.adapter.createMemory(c.memory({ content: bad({ text: 'deep', nested: deep(1000) }) }), 'messages'),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'createMemory: content nested 10,000 deep is refused (no stack overflow)',
    run: (c) =>
      c.adapter.createMemory(c.memory({ content: bad({ text: 'deep', nested: deep(10_000) }) }), 'messages'),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  {
    name: 'setCache: value nested 10,000 deep is refused (no stack overflow)',
    run: (c) => c.adapter.setCache('deep', deep(10_000)),
    expect: { error: 'UNSTORABLE_VALUE' },
  },
  // SQL-looking strings in every string field
  {
    name: 'SQL-looking strings round-trip in every string field',
    run: async (c) => {
      const read = await roundTripMemory({
        content: { text: sqlish, source: sqlish, [sqlish]: sqlish },
        metadata: { type: sqlish, [sqlish]: sqlish } as never,
      })(c);
      await c.adapter.createMemory(c.memory(), sqlish);
      expect(await c.adapter.getMemories({ tableName: sqlish, roomId: c.roomId })).toHaveLength(1);
      const entityId = uuid();
      await c.adapter.createEntities([
        { id: entityId, names: [sqlish, "%' OR 1=1 --"], agentId: c.agentId, metadata: { [sqlish]: sqlish } },
      ]);
      expect((await c.adapter.getEntitiesByIds([entityId]))?.[0]?.names).toEqual([sqlish, "%' OR 1=1 --"]);
      expect(
        (await c.adapter.searchEntitiesByName({ query: "%' OR 1=1 --", agentId: c.agentId })).map(
          (e) => e.id,
        ),
      ).toEqual([entityId]);
      // LIKE wildcards in the query are literal: '_' matches no name here.
      expect(await c.adapter.searchEntitiesByName({ query: '_', agentId: c.agentId })).toEqual([]);
      await c.adapter.setCache(sqlish, sqlish);
      expect(await c.adapter.getCache(sqlish)).toBe(sqlish);
      const worldId = await c.adapter.createWorld({
        id: uuid(),
        name: sqlish,
        agentId: c.agentId,
        messageServerId: uuid(),
      });
      expect((await c.adapter.getWorld(worldId))?.name).toBe(sqlish);
      const [roomId] = await c.adapter.createRooms([
        {
          id: uuid(),
          name: sqlish,
          agentId: c.agentId,
          source: sqlish,
          type: ChannelType.GROUP,
          worldId,
          channelId: sqlish,
        },
      ]);
      expect((await c.adapter.getRoomsByIds([roomId as UUID]))?.[0]).toMatchObject({
        name: sqlish,
        source: sqlish,
        channelId: sqlish,
      });
      const taskId = await c.adapter.createTask({
        name: sqlish,
        description: sqlish,
        roomId: c.roomId,
        worldId: c.worldId,
        tags: [sqlish],
      });
      expect((await c.adapter.getTasksByName(sqlish)).map((t) => t.id)).toEqual([taskId]);
      expect((await c.adapter.getTasks({ tags: [sqlish] })).map((t) => t.id)).toEqual([taskId]);
      await c.adapter.log({ body: { [sqlish]: sqlish }, entityId: c.userId, roomId: c.roomId, type: sqlish });
      expect((await c.adapter.getLogs({ type: sqlish, roomId: c.roomId })).map((l) => l.body)).toEqual([
        { [sqlish]: sqlish },
      ]);
      expect(await c.adapter.createAgent({ id: uuid(), name: sqlish, bio: [sqlish], username: sqlish })).toBe(
        true,
      );
      return read;
    },
    expect: ok,
  },
  // Negative or huge counts and offsets
  {
    name: 'getMemories: negative count',
    run: (c) => c.adapter.getMemories({ tableName: 'messages', count: -1 }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemories: negative offset',
    run: (c) => c.adapter.getMemories({ tableName: 'messages', offset: -5 }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemories: fractional count',
    run: (c) => c.adapter.getMemories({ tableName: 'messages', count: 2.5 }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemories: count beyond safe integers',
    run: (c) => c.adapter.getMemories({ tableName: 'messages', count: 2 ** 60 }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemories: Infinity offset',
    run: (c) => c.adapter.getMemories({ tableName: 'messages', offset: Number.POSITIVE_INFINITY }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemories: huge (safe) count and offset return nothing wrong',
    run: async (c) => {
      expect(
        await c.adapter.getMemories({
          tableName: 'messages',
          roomId: c.roomId,
          offset: Number.MAX_SAFE_INTEGER,
          count: Number.MAX_SAFE_INTEGER,
        }),
      ).toEqual([]);
    },
    expect: ok,
  },
  {
    name: 'searchMemories: count of a billion',
    run: (c) =>
      c.adapter.searchMemories({ tableName: 'messages', embedding: axisVector(384, 1), count: 1e9 }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'searchMemories: NaN threshold',
    run: (c) =>
      c.adapter.searchMemories({
        tableName: 'messages',
        embedding: axisVector(384, 1),
        match_threshold: Number.NaN,
      }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getLogs: negative count',
    run: (c) => c.adapter.getLogs({ roomId: c.roomId, count: -1 }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'getMemoriesByRoomIds: negative limit',
    run: (c) => c.adapter.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [c.roomId], limit: -3 }),
    expect: { error: 'INVALID_INPUT' },
  },
  {
    name: 'searchEntitiesByName: negative limit',
    run: (c) => c.adapter.searchEntitiesByName({ query: 'a', agentId: c.agentId, limit: -1 }),
    expect: { error: 'INVALID_INPUT' },
  },
  // Empty and oversized arrays
  {
    name: 'getMemoriesByIds: empty array',
    run: async (c) => {
      expect(await c.adapter.getMemoriesByIds([])).toEqual([]);
    },
    expect: ok,
  },
  {
    name: 'deleteManyMemories: empty array deletes nothing',
    run: (c) => c.adapter.deleteManyMemories([]),
    expect: ok,
  },
  {
    name: 'getRoomsByIds: empty array',
    run: async (c) => {
      expect(await c.adapter.getRoomsByIds([])).toEqual([]);
    },
    expect: ok,
  },
  {
    name: 'getMemoriesByIds: 70,000 unknown ids (over the bind limit)',
    run: async (c) => {
      expect(await c.adapter.getMemoriesByIds(Array.from({ length: 70_000 }, () => uuid()))).toEqual([]);
    },
    expect: ok,
  },
  {
    name: 'getEntitiesByIds: 40,000 unknown ids',
    run: async (c) => {
      expect(await c.adapter.getEntitiesByIds(Array.from({ length: 40_000 }, () => uuid()))).toEqual([]);
    },
    expect: ok,
  },
  {
    name: 'deleteManyMemories: 40,000 unknown ids deletes nothing',
    run: (c) => c.adapter.deleteManyMemories(Array.from({ length: 40_000 }, () => uuid())),
    expect: ok,
  },
  {
    name: 'createMemories: empty list',
    run: async (c) => {
      expect(await c.adapter.createMemories([], 'messages')).toEqual([]);
    },
    expect: ok,
  },
  {
    name: 'createMemories: one bad memory among 2,000 stores none',
    run: async (c) => {
      const list = Array.from({ length: 2000 }, (_, i) => c.memory({ embedding: axisVector(384, i) }));
      list[1500] = { ...(list[1500] as Memory & { id: UUID }), embedding: [Number.NaN] };
      const error = await c.adapter.createMemories(list, 'messages').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EMBEDDING_DIMENSION_MISMATCH' });
      expect(await c.adapter.getMemoriesByIds(list.map((m) => m.id))).toEqual([]);
    },
    expect: ok,
  },
  // Embeddings of the wrong length or with NaN
  {
    name: 'createMemory: embedding of 383 numbers',
    run: (c) => c.adapter.createMemory(c.memory({ embedding: axisVector(383, 1) }), 'messages'),
    expect: { error: 'EMBEDDING_DIMENSION_MISMATCH' },
  },
  {
    name: 'createMemory: empty embedding',
    run: (c) => c.adapter.createMemory(c.memory({ embedding: [] }), 'messages'),
    expect: { error: 'EMBEDDING_DIMENSION_MISMATCH' },
  },
  {
    name: 'createMemory: embedding with NaN',
    run: (c) =>
      c.adapter.createMemory(
        c.memory({ embedding: axisVector(384, 1).map((x, i) => (i === 9 ? Number.NaN : x)) }),
        'messages',
      ),
    expect: { error: 'INVALID_EMBEDDING_VECTOR' },
  },
  {
    name: 'createMemory: embedding with Infinity',
    run: (c) =>
      c.adapter.createMemory(
        c.memory({ embedding: axisVector(384, 1).map((x, i) => (i === 0 ? Number.POSITIVE_INFINITY : x)) }),
        'messages',
      ),
    expect: { error: 'INVALID_EMBEDDING_VECTOR' },
  },
  {
    name: 'createMemory: embedding of strings',
    run: (c) =>
      c.adapter.createMemory(
        c.memory({ embedding: bad(Array.from({ length: 384 }, () => '1')) }),
        'messages',
      ),
    expect: { error: 'INVALID_EMBEDDING_VECTOR' },
  },
  {
    name: 'searchMemories: embedding of the wrong length',
    run: (c) => c.adapter.searchMemories({ tableName: 'messages', embedding: axisVector(1536, 1) }),
    expect: { error: 'EMBEDDING_DIMENSION_MISMATCH' },
  },
  {
    name: 'updateMemory: NaN embedding leaves the memory unchanged',
    run: async (c) => {
      const memory = c.memory({ embedding: axisVector(384, 3) });
      await c.adapter.createMemory(memory, 'messages');
      const error = await c.adapter
        .updateMemory({
          id: memory.id,
          content: { text: 'changed' },
          embedding: axisVector(384, 4).map(() => Number.NaN),
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_EMBEDDING_VECTOR' });
      const read = await c.adapter.getMemoryById(memory.id);
      expect(read?.content).toEqual(memory.content);
      expect(read?.embedding?.[3]).toBeCloseTo(1, 5);
    },
    expect: ok,
  },
  {
    name: 'ensureEmbeddingDimension: unsupported size',
    run: (c) => c.adapter.ensureEmbeddingDimension(1000),
    expect: { error: 'INVALID_INPUT' },
  },
];

for (const backend of testBackends) {
  describe(`bad input through the facade [${backend.name}]`, () => {
    const open = async (): Promise<Ctx & { sentinels: Array<Memory & { id: UUID }> }> => {
      const fixture = await createAdapterFixture(backend);
      return {
        ...fixture,
        sentinels: [],
        memory: (overrides = {}) =>
          ({
            id: uuid(),
            entityId: fixture.userId,
            agentId: fixture.agentId,
            roomId: fixture.roomId,
            content: { text: 'a memory' },
            ...overrides,
          }) as Memory & { id: UUID },
      };
    };
    let shared: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      shared = await open();
    });
    afterAll(() => backend.cleanup());

    for (const [index, testCase] of cases.entries()) {
      it(testCase.name, async () => {
        const ctx = shared;
        // A neighbour stored just before the case, with an embedding.
        const sentinel = ctx.memory({
          content: { text: `sentinel ${index}` },
          embedding: axisVector(384, index),
        });
        const { adapter, sentinels } = ctx;
        await adapter.createMemory(sentinel, 'messages');
        sentinels.push(sentinel);

        const outcome = await testCase.run(ctx).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        if ('error' in testCase.expect) {
          expect(outcome.ok, 'expected a typed error, the call succeeded').toBe(false);
          const error = (outcome as { error: unknown }).error;
          expect(error).toBeInstanceOf(Error);
          expect(TYPED_CODES).toContain((error as { code?: unknown }).code);
          expect((error as { code?: unknown }).code).toBe(testCase.expect.error);
          if (testCase.expect.error !== 'UNSUPPORTED_EMBEDDING_DIMENSION')
            expect(isElizaSqlError(error)).toBe(true);
          expect((error as Error).message.length).toBeGreaterThan(10);
          expect((error as Error).message.length).toBeLessThan(2000); // never dumps 10 MB into a message
        } else {
          if (!outcome.ok) throw outcome.error;
          await testCase.expect.verify(outcome.value, ctx);
        }

        // Every neighbour stored so far is intact: content and embedding.
        const found = await adapter.getMemoriesByIds(sentinels.map((s) => s.id));
        expect(found).toHaveLength(sentinels.length);
        for (const read of found) {
          const i = Number(read.content.text?.split(' ')[1]);
          expect(read.content).toEqual({ text: `sentinel ${i}` });
          expect(read.embedding?.[i % 384]).toBeCloseTo(1, 5);
        }
        // And the tables are all still there.
        const driver = await adapter.getDriver();
        const [tables] = await driver.query<{ n: number }>(
          "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
        );
        expect(tables?.n).toBeGreaterThanOrEqual(18);
      });
    }
  });
}
