/**
 * The bulk insert path (createMemories / createMemory): one unnest statement per chunk, chunks
 * pipelined in one transaction. Batches here span several statements, so chunk boundaries, the
 * pipelining and the rollback of statements already run are all exercised on both backends.
 */
import { uuid } from '@eliza-sql/test-support';
import type { Memory, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElizaSqlErrorCode } from '../../src/errors.js';
import { isElizaSqlError } from '../../src/index.js';
import { planMemoryChunks } from '../../src/stores/insert-memory-rows.js';
import { prepareMemory } from '../../src/stores/memory-row.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture, seededRandom } from '../support/fixtures.js';

const D = 384;

/** Values float32 storage must get exactly right: specials, extremes, ties between two float32s. */
const SPECIAL_VALUES = [
  0,
  -0,
  1,
  -1,
  0.1,
  1 / 3,
  -2 / 3,
  1.4e-45, // smallest float32 denormal
  1e-46, // underflows to 0
  -1.2e-40, // a denormal
  1.1754943508222875e-38, // smallest normal
  3.4028234663852886e38, // largest float32
  3.4028235e38, // rounds to the largest float32
  -3.4028234663852886e38,
  1 + 2 ** -24, // exactly between 1 and the next float32: ties to even (1)
  1 + 3 * 2 ** -24, // exactly between two float32s: ties to even (up)
  16777217, // 2^24 + 1: not a float32
  123456789.123,
  -9.87654321e-20,
];

/** A 384-d vector: the specials first (vector 0 only), then values of every magnitude and sign. */
function awkwardVector(next: () => number, index: number): number[] {
  const v = Array.from({ length: D }, () => {
    const magnitude = 10 ** Math.floor(next() * 84 - 45);
    return (next() < 0.5 ? -1 : 1) * next() * magnitude;
  });
  if (index === 0) v.splice(0, SPECIAL_VALUES.length, ...SPECIAL_VALUES);
  return v;
}

/** JSON that exercises the array-literal quoting and jsonb: what JSON.stringify/parse would give back. */
function awkwardContent(i: number): Memory['content'] {
  return {
    text: `bulk ${i} "quoted" \\back\\slash {braces}, commas, NULL, é🌍 \u2028 tab\t nl\n`,
    nested: [[1, [2, [3, []]]], { '': null, 'k"ey': [true, false] }],
    numbers: [1e308, -0, 5e-324, 2 ** 53 + 2, -1.5e-7, 0.1 + 0.2, i],
    NULL: 'NULL',
    empty: '',
  } as Memory['content'];
}

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const sameFloat32 = (a: number, b: number) => Object.is(Math.fround(a), Math.fround(b));

for (const backend of testBackends) {
  describe(`createMemories bulk insert [${backend.name}]`, () => {
    let f: AdapterFixture;
    let otherRoom: UUID;
    const message = (text: string, extra: Partial<Memory> = {}): Memory => ({
      entityId: f.userId,
      agentId: f.agentId,
      roomId: f.roomId,
      worldId: f.worldId,
      content: { text },
      ...extra,
    });
    const statementsFor = (list: Memory[]) =>
      planMemoryChunks(list.map((m) => prepareMemory(m, 'bulk', f.agentId, D, (m.id ?? uuid()) as UUID)))
        .length;
    const stored = async (ids: UUID[]) => (await f.adapter.getMemoriesByIds(ids)).length;

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      await f.adapter.ensureEmbeddingDimension(D);
      const [room] = await f.adapter.createRooms([
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
      ]);
      otherRoom = room as UUID;
    });
    afterAll(() => backend.cleanup());

    it('a batch of several statements round-trips every field exactly (JSON as JSON gives it back, vectors as float32)', async () => {
      const next = seededRandom(7);
      const base = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
      const list: Memory[] = Array.from({ length: 1_200 }, (_, i) => ({
        id: uuid(),
        entityId: i % 3 === 0 ? f.agentId : f.userId,
        ...(i % 4 === 0 ? {} : { agentId: f.agentId }),
        roomId: i % 5 === 0 ? otherRoom : f.roomId,
        ...(i % 7 === 0 ? {} : { worldId: f.worldId }),
        content: awkwardContent(i),
        metadata: { type: 'custom', i, tags: ['a', 'b"c'], nested: { deep: [i, { x: 'y' }] } },
        createdAt: i % 9 === 0 ? -86_400_000 * 365 * 30 + i : base + i * 1_001,
        unique: i % 2 === 0,
        ...(i % 11 === 5 ? {} : { embedding: awkwardVector(next, i) }),
      }));
      expect(statementsFor(list)).toBeGreaterThan(3);
      const ids = await f.adapter.createMemories(list, 'bulk');
      expect(ids).toEqual(list.map((m) => m.id));
      const read = new Map((await f.adapter.getMemoriesByIds(ids)).map((m) => [m.id, m]));
      expect(read.size).toBe(list.length);
      for (const [i, m] of list.entries()) {
        const got = read.get(m.id as UUID);
        expect(got, `memory ${i}`).toBeDefined();
        expect(got?.content).toEqual(json(m.content));
        expect(got?.metadata).toEqual(json(m.metadata));
        expect(got?.createdAt).toBe(m.createdAt);
        expect(got?.unique).toBe(m.unique);
        expect(got?.entityId).toBe(m.entityId);
        expect(got?.agentId).toBe(f.agentId);
        expect(got?.roomId).toBe(m.roomId);
        expect(got?.worldId).toBe(m.worldId);
        if (!m.embedding) {
          expect(got?.embedding).toBeUndefined();
          continue;
        }
        expect(got?.embedding).toHaveLength(D);
        const wrong = m.embedding.findIndex((x, k) => !sameFloat32(got?.embedding?.[k] ?? Number.NaN, x));
        expect(wrong, `memory ${i} value ${wrong}: ${m.embedding[wrong]}`).toBe(-1);
      }
      // -0 stays -0 and a tie rounds to even, exactly as Math.fround.
      const specials = read.get(list[0]?.id as UUID)?.embedding ?? [];
      expect(Object.is(specials[1], -0)).toBe(true);
      expect(specials[14]).toBe(1);
      expect(Math.fround(specials[15] ?? 0)).toBe(Math.fround(1 + 4 * 2 ** -24));
    });

    it('a row the server refuses in the last statement rolls back the statements already run', async () => {
      const list = Array.from({ length: 900 }, (_, i) =>
        message(`fk ${i}`, { id: uuid(), embedding: axisVector(D, i), unique: true }),
      );
      expect(statementsFor(list)).toBeGreaterThan(2);
      list[899] = { ...(list[899] as Memory), roomId: uuid() }; // no such room: foreign key violation
      const error = await f.adapter.createMemories(list, 'bulk').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'REFERENCED_ROW_MISSING', sqlstate: '23503' }); // the refused row's error, not "transaction aborted"
      expect(await stored(list.map((m) => m.id as UUID))).toBe(0);
    });

    it('a row refused in the first statement is the error reported while later statements are already sent', async () => {
      const list = Array.from({ length: 900 }, (_, i) =>
        message(`fk first ${i}`, { id: uuid(), embedding: axisVector(D, i), unique: true }),
      );
      list[0] = { ...(list[0] as Memory), entityId: uuid() }; // no such entity
      const error = await f.adapter.createMemories(list, 'bulk').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'REFERENCED_ROW_MISSING', sqlstate: '23503' });
      expect(await stored(list.map((m) => m.id as UUID))).toBe(0);
      // The adapter is healthy afterwards.
      const [id] = await f.adapter.createMemories([message('after the failure')], 'bulk');
      expect(await stored([id as UUID])).toBe(1);
    });

    it('a bad value in the middle of a batch is refused with its typed error and nothing is written', async () => {
      const batch = () =>
        Array.from({ length: 900 }, (_, i) =>
          message(`bad ${i}`, { id: uuid(), embedding: axisVector(D, i), unique: true }),
        );
      const cases: Array<[ElizaSqlErrorCode, (m: Memory) => Memory]> = [
        ['UNSTORABLE_VALUE', (m) => ({ ...m, content: { text: 'a\u0000b' } })],
        ['UNSTORABLE_VALUE', (m) => ({ ...m, metadata: { type: 'custom', deep: nest(300) } as never })],
        ['INVALID_INPUT', (m) => ({ ...m, content: { n: Number.NaN } })],
        ['INVALID_EMBEDDING_VECTOR', (m) => ({ ...m, embedding: axisVector(D, 1).fill(1e39, 5, 6) })],
        ['EMBEDDING_DIMENSION_MISMATCH', (m) => ({ ...m, embedding: axisVector(D + 1, 1) })],
        ['INVALID_INPUT', (m) => ({ ...m, roomId: 'not-a-uuid' as UUID })],
      ];
      for (const [code, spoil] of cases) {
        const list = batch();
        list[450] = spoil(list[450] as Memory);
        const error = await f.adapter.createMemories(list, 'bulk').catch((e: unknown) => e);
        expect(isElizaSqlError(error, code), `${code}: ${String(error)}`).toBe(true);
        expect(await stored(list.map((m) => m.id as UUID))).toBe(0);
      }
    });

    it('an embedding value at the float32 limit is stored; past it is refused before any write', async () => {
      const ok = uuid();
      await f.adapter.createMemory(
        message('max', { id: ok, embedding: axisVector(D, 2).fill(3.4028235e38, 0, 1) }),
        'bulk',
      );
      // pgvector writes the largest float32 as 3.4028235e+38, which reads back as that float32.
      expect(Math.fround((await f.adapter.getMemoryById(ok))?.embedding?.[0] ?? 0)).toBe(
        3.4028234663852886e38,
      );
      const refused = uuid();
      const error = await f.adapter
        .createMemory(
          message('over', { id: refused, embedding: axisVector(D, 2).fill(3.5e38, 0, 1) }),
          'bulk',
        )
        .catch((e: unknown) => e);
      expect(isElizaSqlError(error, 'INVALID_EMBEDDING_VECTOR')).toBe(true);
      expect(String(error)).toMatch(/float32/);
      expect(await f.adapter.getMemoryById(refused)).toBeNull();
    });

    it('a repeated id is stored once, from its first occurrence, with one embedding; a stored id is left as it is', async () => {
      const existing = uuid();
      await f.adapter.createMemory(message('already stored', { id: existing, unique: true }), 'bulk');
      const repeated = uuid();
      const filler = Array.from({ length: 600 }, (_, i) =>
        message(`filler ${i}`, { embedding: axisVector(D, i), unique: true }),
      );
      // The same id twice in one statement, and again in a later statement.
      const list = [
        message('first', { id: repeated, embedding: axisVector(D, 1), unique: true }),
        message('second', { id: repeated, embedding: axisVector(D, 2), unique: true }),
        ...filler,
        message('third', { id: repeated, embedding: axisVector(D, 3), unique: true }),
        message('again', { id: existing, embedding: axisVector(D, 4), unique: true }),
      ];
      expect(statementsFor(list)).toBeGreaterThan(2);
      const ids = await f.adapter.createMemories(list, 'bulk');
      expect(ids).toHaveLength(list.length);
      expect([ids[0], ids[1], ids.at(-2), ids.at(-1)]).toEqual([repeated, repeated, repeated, existing]);
      const [first] = await f.adapter.getMemoriesByIds([repeated]);
      expect(first?.content.text).toBe('first');
      expect(first?.embedding?.[1]).toBe(1);
      const [kept] = await f.adapter.getMemoriesByIds([existing]);
      expect(kept?.content.text).toBe('already stored');
      expect(kept?.embedding).toBeUndefined();
      const counts = await f.driver.query<{ id: string; n: number }>(
        `SELECT memory_id AS id, count(*)::int AS n FROM embeddings WHERE memory_id IN ('${repeated}', '${existing}') GROUP BY memory_id`,
      );
      expect(counts).toEqual([{ id: repeated, n: 1 }]);
    });

    it('unique unset across several statements: each memory gets the near-duplicate rule against stored memories', async () => {
      const axis = 200;
      await f.adapter.createMemory(message('stored', { embedding: axisVector(D, axis), unique: true }), 'nd');
      const next = seededRandom(3);
      const far = () => Array.from({ length: D }, (_, k) => (k === axis ? 0 : next() - 0.5));
      const list = Array.from({ length: 900 }, (_, i) =>
        message(`nd ${i}`, { id: uuid(), embedding: far() }),
      );
      list[0] = { ...(list[0] as Memory), embedding: axisVector(D, axis, 0.01) };
      list[899] = { ...(list[899] as Memory), embedding: axisVector(D, axis, 0.02) };
      expect(statementsFor(list)).toBeGreaterThan(2);
      const ids = await f.adapter.createMemories(list, 'nd');
      const unique = new Map((await f.adapter.getMemoriesByIds(ids)).map((m) => [m.id, m.unique]));
      expect(unique.get(ids[0] as UUID)).toBe(false);
      expect(unique.get(ids[899] as UUID)).toBe(false);
      expect([...unique.values()].filter((u) => u === false)).toHaveLength(2);
    });

    it('createMemory (one statement, no transaction of its own) stores memory and embedding together', async () => {
      const id = await f.adapter.createMemory(
        message('single', { embedding: awkwardVector(seededRandom(9), 0), unique: true, createdAt: 42 }),
        'bulk',
      );
      const got = await f.adapter.getMemoryById(id);
      expect(got?.createdAt).toBe(42);
      expect(Object.is(got?.embedding?.[1], -0)).toBe(true);
      const refused = uuid();
      const error = await f.adapter
        .createMemory(
          message('bad room', { id: refused, roomId: uuid(), embedding: axisVector(D, 1), unique: true }),
          'bulk',
        )
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'REFERENCED_ROW_MISSING', sqlstate: '23503' });
      const rows = await f.driver.query(`SELECT 1 FROM embeddings WHERE memory_id = '${refused}'`);
      expect(rows).toEqual([]);
    });
  });
}

function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
