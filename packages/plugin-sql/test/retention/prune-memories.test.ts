import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { pruneMemories } from '../../src/retention/prune-memories.js';
import { testBackends } from '../support/backends.js';
import { expectElizaError, seedAgent, seedRoom } from '../stores/store-fixtures.js';
import {
  DAY_MS,
  embeddedMemoryIds,
  memoryIds,
  type SeededMemory,
  seedMemory,
  sorted,
} from './retention-fixtures.js';

/** The memories a per-room limit keeps: the newest `n` by createdAt, then id, in each room. */
function newestPerRoom(memories: readonly SeededMemory[], n: number): SeededMemory[] {
  const byRoom = new Map<string | null, SeededMemory[]>();
  for (const m of memories) byRoom.set(m.roomId, [...(byRoom.get(m.roomId) ?? []), m]);
  return [...byRoom.values()].flatMap((room) =>
    [...room]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, n),
  );
}

for (const backend of testBackends) {
  describe(`pruneMemories [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agent: UUID;
    let other: UUID;
    let roomA: UUID;
    let roomB: UUID;
    let otherRoom: UUID;

    beforeEach(async () => {
      driver ??= await backend.open();
      await driver.query('DELETE FROM agents');
      agent = await seedAgent(driver, 'pruned');
      other = await seedAgent(driver, 'other');
      roomA = await seedRoom(driver, agent);
      roomB = await seedRoom(driver, agent);
      otherRoom = await seedRoom(driver, other);
    });
    afterAll(() => backend.cleanup());

    it('removes exactly the agent’s memories older than maxAgeMs in the given tables, with their embeddings', async () => {
      const all: SeededMemory[] = [];
      for (const ageDays of [0.5, 2, 9, 10, 30]) {
        for (const table of ['messages', 'facts']) {
          all.push(
            await seedMemory(driver, { agentId: agent, roomId: roomA, table, ageMs: ageDays * DAY_MS }),
          );
          all.push(
            await seedMemory(driver, { agentId: agent, roomId: roomB, table, ageMs: ageDays * DAY_MS }),
          );
          all.push(
            await seedMemory(driver, { agentId: agent, roomId: null, table, ageMs: ageDays * DAY_MS }),
          );
          all.push(
            await seedMemory(driver, { agentId: other, roomId: otherRoom, table, ageMs: ageDays * DAY_MS }),
          );
        }
      }
      const cutoff = Date.now() - 5 * DAY_MS;
      const doomed = all.filter(
        (m) => m.agentId === agent && m.table === 'messages' && m.createdAt.getTime() < cutoff,
      );
      const report = await pruneMemories(driver, {
        agentId: agent,
        tables: ['messages'],
        maxAgeMs: 5 * DAY_MS,
        batchSize: 2,
      });
      const kept = sorted(all.filter((m) => !doomed.includes(m)).map((m) => m.id));
      expect(await memoryIds(driver)).toEqual(kept);
      expect(await embeddedMemoryIds(driver)).toEqual(kept);
      expect(report.total).toBe(doomed.length);
      expect(report.interrupted).toBe(false);
      expect(sortRemovals(report.removed)).toEqual(
        sortRemovals([
          { table: 'messages', roomId: roomA, count: 3 },
          { table: 'messages', roomId: roomB, count: 3 },
          { table: 'messages', roomId: null, count: 3 },
        ]),
      );
    });

    it('keeps exactly the newest maxPerRoom of each room, ties on createdAt cut by id, other agents and tables untouched', async () => {
      const tie = new Date(Date.now() - DAY_MS);
      const all: SeededMemory[] = [];
      for (const roomId of [roomA, roomB, null]) {
        for (let i = 0; i < 7; i++) {
          // Four share one creation time, so the limit of 3 falls inside a tie.
          const at = i < 4 ? tie : new Date(tie.getTime() - (i + 1) * 60_000);
          all.push(await seedMemory(driver, { agentId: agent, roomId, table: 'messages', at }));
        }
      }
      for (let i = 0; i < 5; i++) {
        all.push(
          await seedMemory(driver, { agentId: agent, roomId: roomA, table: 'facts', ageMs: i * 1000 }),
        );
        all.push(
          await seedMemory(driver, { agentId: other, roomId: otherRoom, table: 'messages', ageMs: i * 1000 }),
        );
      }
      const mine = all.filter((m) => m.agentId === agent && m.table === 'messages');
      const keptMine = newestPerRoom(mine, 3);
      const report = await pruneMemories(driver, {
        agentId: agent,
        tables: ['messages'],
        maxPerRoom: 3,
        batchSize: 1,
      });
      const expected = sorted(all.filter((m) => !mine.includes(m) || keptMine.includes(m)).map((m) => m.id));
      expect(await memoryIds(driver)).toEqual(expected);
      expect(await embeddedMemoryIds(driver)).toEqual(expected);
      expect(report.total).toBe(12);
      expect(sortRemovals(report.removed)).toEqual(
        sortRemovals([
          { table: 'messages', roomId: roomA, count: 4 },
          { table: 'messages', roomId: roomB, count: 4 },
          { table: 'messages', roomId: null, count: 4 },
        ]),
      );
      // A second run finds nothing more to do.
      const again = await pruneMemories(driver, { agentId: agent, tables: ['messages'], maxPerRoom: 3 });
      expect(again.total).toBe(0);
    });

    it('applies both limits together', async () => {
      const all: SeededMemory[] = [];
      for (let i = 0; i < 6; i++) {
        all.push(
          await seedMemory(driver, { agentId: agent, roomId: roomA, table: 'messages', ageMs: i * DAY_MS }),
        );
      }
      await pruneMemories(driver, {
        agentId: agent,
        tables: ['messages'],
        maxAgeMs: 4.5 * DAY_MS,
        maxPerRoom: 2,
      });
      expect(await memoryIds(driver)).toEqual(sorted(all.slice(0, 2).map((m) => m.id)));
    });

    it('stops before its next batch when the signal aborts, and reports it', async () => {
      for (let i = 0; i < 5; i++) {
        await seedMemory(driver, { agentId: agent, roomId: roomA, table: 'messages', ageMs: 10 * DAY_MS });
      }
      const controller = new AbortController();
      const report = await pruneMemories(driver, {
        agentId: agent,
        tables: ['messages'],
        maxAgeMs: DAY_MS,
        batchSize: 2,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      expect(report).toMatchObject({ total: 2, interrupted: true });
      expect(await memoryIds(driver)).toHaveLength(3);
    });

    it('removes nothing without a limit, and refuses bad options with INVALID_INPUT', async () => {
      await seedMemory(driver, { agentId: agent, roomId: roomA, table: 'messages', ageMs: 100 * DAY_MS });
      expect((await pruneMemories(driver, { agentId: agent, tables: ['messages'] })).total).toBe(0);
      await expectElizaError(pruneMemories(driver, { tables: ['messages'], maxAgeMs: 1 }), 'INVALID_INPUT');
      await expectElizaError(
        pruneMemories(driver, { agentId: 'x' as UUID, tables: ['messages'], maxAgeMs: 1 }),
        'INVALID_INPUT',
      );
      await expectElizaError(
        pruneMemories(driver, { agentId: agent, tables: [''], maxAgeMs: 1 }),
        'INVALID_INPUT',
      );
      await expectElizaError(
        pruneMemories(driver, { agentId: agent, tables: ['messages'], maxPerRoom: 0 }),
        'INVALID_INPUT',
      );
      await expectElizaError(
        pruneMemories(driver, { agentId: agent, tables: ['messages'], maxAgeMs: -1 }),
        'INVALID_INPUT',
      );
      await expectElizaError(
        pruneMemories(driver, { agentId: agent, tables: ['messages'], maxAgeMs: 1, batchSize: 0 }),
        'INVALID_INPUT',
      );
      expect(await memoryIds(driver)).toHaveLength(1);
    });

    if (backend.name === 'postgres') {
      it('each batch finds its rows through an index (EXPLAIN), never a sequential scan of memories', async () => {
        await driver.query(`INSERT INTO memories (id, type, created_at, content, agent_id, room_id)
          SELECT gen_random_uuid(), CASE WHEN g % 3 = 0 THEN 'facts' ELSE 'messages' END,
            now() - (g || ' minutes')::interval, '{}'::jsonb,
            CASE WHEN g % 2 = 0 THEN '${agent}'::uuid ELSE '${other}'::uuid END,
            CASE WHEN g % 2 = 0 THEN '${roomA}'::uuid ELSE '${otherRoom}'::uuid END
          FROM generate_series(1, 20000) g`);
        await driver.query('ANALYZE memories');
        const byAge = await plan(
          driver,
          `SELECT id FROM memories WHERE agent_id = '${agent}' AND type = 'messages'
             AND created_at < now() - interval '1 day' ORDER BY created_at, id LIMIT 500`,
        );
        expect(byAge).toContain('idx_memories_agent_type_created');
        expect(byAge).not.toMatch(/Seq Scan on memories/);
        const byRoom = await plan(
          driver,
          `SELECT id FROM memories WHERE room_id = '${roomA}' AND type = 'messages' AND agent_id = '${agent}'
             ORDER BY created_at DESC, id DESC OFFSET 100 LIMIT 500`,
        );
        expect(byRoom).toMatch(/idx_memories_(room|agent)_type_created/);
        expect(byRoom).not.toMatch(/Seq Scan on memories/);
      });
    }
  });
}

async function plan(driver: DatabaseDriver, query: string): Promise<string> {
  const rows = await driver.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

function sortRemovals<T extends { roomId: string | null; table: string }>(removals: readonly T[]): T[] {
  return [...removals].sort((a, b) => `${a.table}${a.roomId}`.localeCompare(`${b.table}${b.roomId}`));
}
