/**
 * Every filter filters, every scope scopes: two agents share one database (test/support/two-agent-world.ts),
 * and for each read method of IDatabaseAdapter the agent scope and each filter parameter must return
 * exactly the seeded rows they select. Each case states which rows as a predicate over the seeded
 * rows' descriptions, and must exclude at least one row of its kind, so no case can pass by returning
 * everything.
 */
import type { Memory } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabaseAdapter } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { axisVector } from '../support/fixtures.js';
import {
  type AgentName,
  createTwoAgentWorld,
  type RowKind,
  type SeededRow,
  type TwoAgentWorld,
  WORLD_DIMENSION,
} from '../support/two-agent-world.js';

interface ScopeCase {
  /** The call, as the test name shows it. */
  readonly name: string;
  readonly kind: RowKind;
  /** Calls the method and maps what it returns to seeded row names. */
  readonly read: (w: TwoAgentWorld) => Promise<string[]>;
  /** The seeded rows of `kind` the call must return. */
  readonly returns: (row: SeededRow) => boolean;
  /** What of a returned row the result shows (default: its name). */
  readonly pick?: (row: SeededRow) => string;
}

const as = (w: TwoAgentWorld, agent: AgentName): SqlDatabaseAdapter => w.adapters[agent];
const named = (w: TwoAgentWorld, list: ReadonlyArray<{ id?: string }> | null) =>
  (list ?? []).map((item) => w.nameOf(item.id));
const memoryNames = (w: TwoAgentWorld, list: Memory[]) => named(w, list);
const involves = (row: SeededRow, entity: string) => row.source === entity || row.target === entity;
/** The memory an embedding belongs to: the seeded memories are axis vectors, memory i along axis i. */
const memoryOfVector = (vector: number[]) => `M${vector.indexOf(Math.max(...vector)) + 1}`;

const logCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getLogs({}) as ${agent}: only the agent's logs`,
    kind: 'log' as const,
    read: async (w: TwoAgentWorld) =>
      (await as(w, agent).getLogs({ count: 100 })).map((l) => String(l.body.name)),
    returns: (r: SeededRow) => r.agent === agent,
  })),
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getLogs({ type }) as ${agent}`,
    kind: 'log' as const,
    read: async (w: TwoAgentWorld) =>
      (await as(w, agent).getLogs({ type: 't1' })).map((l) => String(l.body.name)),
    returns: (r: SeededRow) => r.agent === agent && r.type === 't1',
  })),
  {
    name: 'getLogs({ entityId }) as A',
    kind: 'log',
    read: async (w) =>
      (await as(w, 'A').getLogs({ entityId: w.id('E2'), count: 100 })).map((l) => String(l.body.name)),
    returns: (r) => r.agent === 'A' && r.entity === 'E2',
  },
  {
    name: 'getLogs({ roomId }) as A',
    kind: 'log',
    read: async (w) =>
      (await as(w, 'A').getLogs({ roomId: w.id('R2'), count: 100 })).map((l) => String(l.body.name)),
    returns: (r) => r.agent === 'A' && r.room === 'R2',
  },
  {
    name: "getLogs({ roomId }) as A, for B's room",
    kind: 'log',
    read: async (w) =>
      (await as(w, 'A').getLogs({ roomId: w.id('RB'), count: 100 })).map((l) => String(l.body.name)),
    returns: () => false,
  },
  {
    name: 'getLogs({ entityId, type }) as A',
    kind: 'log',
    read: async (w) =>
      (await as(w, 'A').getLogs({ entityId: w.id('E1'), type: 't2' })).map((l) => String(l.body.name)),
    returns: (r) => r.agent === 'A' && r.entity === 'E1' && r.type === 't2',
  },
];

const runs = async (w: TwoAgentWorld, agent: AgentName, params: Record<string, unknown>) =>
  (await as(w, agent).getAgentRunSummaries(params)).runs.map((run) => w.nameOf(run.runId));
const runCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getAgentRunSummaries({}) as ${agent}: only the agent's runs`,
    kind: 'run' as const,
    read: (w: TwoAgentWorld) => runs(w, agent, {}),
    returns: (r: SeededRow) => r.agent === agent,
  })),
  {
    name: 'getAgentRunSummaries({ roomId }) as A',
    kind: 'run',
    read: (w) => runs(w, 'A', { roomId: w.id('R1') }),
    returns: (r) => r.agent === 'A' && r.room === 'R1',
  },
  {
    name: 'getAgentRunSummaries({ entityId }) as A',
    kind: 'run',
    read: (w) => runs(w, 'A', { entityId: w.id('E2') }),
    returns: (r) => r.agent === 'A' && r.entity === 'E2',
  },
  {
    name: 'getAgentRunSummaries({ status }) as A',
    kind: 'run',
    read: (w) => runs(w, 'A', { status: 'completed' }),
    returns: (r) => r.agent === 'A' && r.status === 'completed',
  },
  {
    name: 'getAgentRunSummaries({ from }) as A',
    kind: 'run',
    read: (w) => runs(w, 'A', { from: w.midway }),
    returns: (r) => r.agent === 'A' && r.late === true,
  },
  {
    name: 'getAgentRunSummaries({ to }) as A',
    kind: 'run',
    read: (w) => runs(w, 'A', { to: w.midway }),
    returns: (r) => r.agent === 'A' && r.late === false,
  },
];

const relationshipName = (rel: { metadata?: Record<string, unknown> } | null) =>
  rel ? [String(rel.metadata?.name)] : [];
const relationshipCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getRelationships({ entityId }) as ${agent}`,
    kind: 'relationship' as const,
    read: async (w: TwoAgentWorld) =>
      (await as(w, agent).getRelationships({ entityId: w.id('E1') })).flatMap(relationshipName),
    returns: (r: SeededRow) => r.agent === agent && involves(r, 'E1'),
  })),
  {
    name: 'getRelationships({ entityId, tags }) as A',
    kind: 'relationship',
    read: async (w) =>
      (await as(w, 'A').getRelationships({ entityId: w.id('E1'), tags: ['x'] })).flatMap(relationshipName),
    returns: (r) => r.agent === 'A' && involves(r, 'E1') && (r.tags ?? []).includes('x'),
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getRelationship({ sourceEntityId, targetEntityId }) as ${agent}`,
    kind: 'relationship' as const,
    read: async (w: TwoAgentWorld) =>
      relationshipName(
        await as(w, agent).getRelationship({ sourceEntityId: w.id('E1'), targetEntityId: w.id('E2') }),
      ),
    returns: (r: SeededRow) => r.agent === agent && r.source === 'E1' && r.target === 'E2',
  })),
  {
    name: "getRelationship as B, for A's relationship",
    kind: 'relationship',
    read: async (w) =>
      relationshipName(
        await as(w, 'B').getRelationship({ sourceEntityId: w.id('E3'), targetEntityId: w.id('E1') }),
      ),
    returns: () => false,
  },
];

const componentCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getComponents(entityId) as ${agent}: only the agent's components`,
    kind: 'component' as const,
    read: async (w: TwoAgentWorld) => named(w, await as(w, agent).getComponents(w.id('E1'))),
    returns: (r: SeededRow) => r.agent === agent && r.entity === 'E1',
  })),
  {
    name: 'getComponents(entityId, worldId) as A',
    kind: 'component',
    read: async (w) => named(w, await as(w, 'A').getComponents(w.id('E1'), w.id('W1'))),
    returns: (r) => r.agent === 'A' && r.entity === 'E1' && r.world === 'W1',
  },
  {
    name: 'getComponents(entityId, undefined, sourceEntityId) as A',
    kind: 'component',
    read: async (w) => named(w, await as(w, 'A').getComponents(w.id('E1'), undefined, w.id('E2'))),
    returns: (r) => r.agent === 'A' && r.entity === 'E1' && r.source === 'E2',
  },
  {
    name: 'getComponent(entityId, type, worldId) as A',
    kind: 'component',
    read: async (w) =>
      named(
        w,
        [await as(w, 'A').getComponent(w.id('E1'), 'profile', w.id('W2'))].flatMap((c) => c ?? []),
      ),
    returns: (r) => r.agent === 'A' && r.entity === 'E1' && r.world === 'W2',
  },
  {
    name: 'getComponent(entityId, type) as B',
    kind: 'component',
    read: async (w) =>
      named(
        w,
        [await as(w, 'B').getComponent(w.id('E1'), 'profile')].flatMap((c) => c ?? []),
      ),
    returns: (r) => r.agent === 'B' && r.entity === 'E1',
  },
  {
    name: "getEntitiesForRoom(roomId, true) as A: the entities with the agent's components",
    kind: 'component',
    read: async (w) =>
      named(
        w,
        (await as(w, 'A').getEntitiesForRoom(w.id('R1'), true)).flatMap((entity) => entity.components ?? []),
      ),
    // E1 and E2 are in R1.
    returns: (r) => r.agent === 'A' && (r.entity === 'E1' || r.entity === 'E2'),
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getEntitiesByIds([entityId]) as ${agent}: the entity with the agent's components`,
    kind: 'component' as const,
    read: async (w: TwoAgentWorld) =>
      named(w, (await as(w, agent).getEntitiesByIds([w.id('E1')]))?.[0]?.components ?? []),
    returns: (r: SeededRow) => r.agent === agent && r.entity === 'E1',
  })),
];

const roomCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getRoomsByWorld(worldId) as ${agent}: only the agent's rooms`,
    kind: 'room' as const,
    read: async (w: TwoAgentWorld) => named(w, await as(w, agent).getRoomsByWorld(w.id('W1'))),
    returns: (r: SeededRow) => r.agent === agent && r.world === 'W1',
  })),
  {
    name: 'getRoomsByIds(roomIds) as A',
    kind: 'room',
    read: async (w) => named(w, await as(w, 'A').getRoomsByIds([w.id('R1'), w.id('RB')])),
    returns: (r) => r.agent === 'A' && r.name === 'R1',
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getAllWorlds() as ${agent}`,
    kind: 'world' as const,
    read: async (w: TwoAgentWorld) => named(w, await as(w, agent).getAllWorlds()),
    returns: (r: SeededRow) => r.agent === agent,
  })),
];

const entityCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getEntitiesByNames({ names, agentId: ${agent} })`,
    kind: 'entity' as const,
    read: async (w: TwoAgentWorld) =>
      named(w, await as(w, 'A').getEntitiesByNames({ names: ['E1'], agentId: w.id(agent) })),
    returns: (r: SeededRow) => r.agent === agent && (r.tags ?? []).includes('E1'),
  })),
  ...(['A', 'B'] as const).map((agent) => ({
    name: `searchEntitiesByName({ query, agentId: ${agent} })`,
    kind: 'entity' as const,
    read: async (w: TwoAgentWorld) =>
      named(w, await as(w, 'A').searchEntitiesByName({ query: 'e', agentId: w.id(agent), limit: 100 })),
    returns: (r: SeededRow) => r.agent === agent && (r.tags ?? []).some((n) => n.toLowerCase().includes('e')),
  })),
];

const participantCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getParticipantsForEntity(entityId) as ${agent}: participations in the agent's rooms`,
    kind: 'participant' as const,
    read: async (w: TwoAgentWorld) =>
      (await as(w, agent).getParticipantsForEntity(w.id('E1'))).map((p) => w.nameOf(p.entity.id)),
    returns: (r: SeededRow) => r.agent === agent && r.entity === 'E1',
    pick: (r: SeededRow) => String(r.entity),
  })),
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getRoomsForParticipant(entityId) as ${agent}`,
    kind: 'participant' as const,
    read: async (w: TwoAgentWorld) =>
      (await as(w, agent).getRoomsForParticipant(w.id('E1'))).map((id) => w.nameOf(id)),
    returns: (r: SeededRow) => r.agent === agent && r.entity === 'E1',
    pick: (r: SeededRow) => String(r.room),
  })),
  {
    name: 'getParticipantsForRoom(roomId) as A',
    kind: 'participant',
    read: async (w) => (await as(w, 'A').getParticipantsForRoom(w.id('R1'))).map((id) => w.nameOf(id)),
    returns: (r) => r.room === 'R1',
    pick: (r) => String(r.entity),
  },
  {
    name: 'getEntitiesForRoom(roomId) as A',
    kind: 'participant',
    read: async (w) => named(w, await as(w, 'A').getEntitiesForRoom(w.id('R1'))),
    returns: (r) => r.agent === 'A' && r.room === 'R1',
    pick: (r) => String(r.entity),
  },
  {
    name: 'getRoomsForParticipants(entityIds) as A',
    kind: 'participant',
    read: async (w) => (await as(w, 'A').getRoomsForParticipants([w.id('E2')])).map((id) => w.nameOf(id)),
    returns: (r) => r.agent === 'A' && r.entity === 'E2',
    pick: (r) => String(r.room),
  },
];

const getMemories = async (w: TwoAgentWorld, agent: AgentName, params: Record<string, unknown>) =>
  memoryNames(w, await as(w, agent).getMemories({ tableName: 'messages', ...params }));
const search = async (w: TwoAgentWorld, agent: AgentName, params: Record<string, unknown>) =>
  memoryNames(
    w,
    await as(w, agent).searchMemories({
      tableName: 'messages',
      embedding: axisVector(WORLD_DIMENSION, 0),
      ...params,
    }),
  );
const messagesOf = (agent: AgentName) => (r: SeededRow) => r.agent === agent && r.type === 'messages';
const memoryCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getMemories({ tableName }) as ${agent}: only the agent's memories`,
    kind: 'memory' as const,
    read: (w: TwoAgentWorld) => getMemories(w, agent, {}),
    returns: messagesOf(agent),
  })),
  {
    name: "getMemories({ agentId }) as A: the named agent's memories",
    kind: 'memory',
    read: (w) => getMemories(w, 'A', { agentId: w.id('B') }),
    returns: messagesOf('B'),
  },
  {
    name: 'getMemories({ tableName: other table }) as A',
    kind: 'memory',
    read: (w) => getMemories(w, 'A', { tableName: 'facts' }),
    returns: (r) => r.agent === 'A' && r.type === 'facts',
  },
  {
    name: 'getMemories({ roomId }) as A',
    kind: 'memory',
    read: (w) => getMemories(w, 'A', { roomId: w.id('R1') }),
    returns: (r) => messagesOf('A')(r) && r.room === 'R1',
  },
  {
    name: 'getMemories({ worldId }) as A',
    kind: 'memory',
    read: (w) => getMemories(w, 'A', { worldId: w.id('W2') }),
    returns: (r) => messagesOf('A')(r) && r.world === 'W2',
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getMemories({ entityId }) as ${agent}`,
    kind: 'memory' as const,
    read: (w: TwoAgentWorld) => getMemories(w, agent, { entityId: w.id('E1') }),
    returns: (r: SeededRow) => messagesOf(agent)(r) && r.entity === 'E1',
  })),
  {
    name: 'getMemories({ unique: true }) as A',
    kind: 'memory',
    read: (w) => getMemories(w, 'A', { unique: true }),
    returns: (r) => messagesOf('A')(r) && r.unique === true,
  },
  {
    name: 'getMemories({ start, end }) as A (inclusive)',
    kind: 'memory',
    read: (w) => getMemories(w, 'A', { start: w.memoryTime + 1000, end: w.memoryTime + 2000 }),
    returns: (r) =>
      messagesOf('A')(r) &&
      (r.createdAt ?? 0) >= 1_700_000_001_000 &&
      (r.createdAt ?? 0) <= 1_700_000_002_000,
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getMemoriesByRoomIds({ roomIds }) as ${agent}`,
    kind: 'memory' as const,
    read: async (w: TwoAgentWorld) =>
      memoryNames(
        w,
        await as(w, agent).getMemoriesByRoomIds({ tableName: 'messages', roomIds: [w.id('R1'), w.id('RB')] }),
      ),
    returns: (r: SeededRow) => messagesOf(agent)(r) && (r.room === 'R1' || r.room === 'RB'),
  })),
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getMemoriesByWorldId({ worldId }) as ${agent}: the agent's memories in its rooms of the world`,
    kind: 'memory' as const,
    read: async (w: TwoAgentWorld) =>
      memoryNames(w, await as(w, agent).getMemoriesByWorldId({ worldId: w.id('W1') })),
    // The agent's rooms in W1: R1 is A's, RB is B's (B's memory M7 in A's room R1 is in neither).
    returns: (r: SeededRow) => messagesOf(agent)(r) && r.room === (agent === 'A' ? 'R1' : 'RB'),
  })),
  {
    name: 'getMemoriesByWorldId({ worldId, tableName }) as A',
    kind: 'memory',
    read: async (w) =>
      memoryNames(w, await as(w, 'A').getMemoriesByWorldId({ worldId: w.id('W1'), tableName: 'facts' })),
    returns: (r) => r.agent === 'A' && r.type === 'facts' && r.room === 'R1',
  },
  {
    name: 'getMemoriesByIds(ids, tableName) as A',
    kind: 'memory',
    read: async (w) =>
      memoryNames(w, await as(w, 'A').getMemoriesByIds([w.id('M1'), w.id('M4'), w.id('M5')], 'facts')),
    returns: (r) => ['M1', 'M4', 'M5'].includes(r.name) && r.type === 'facts',
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `searchMemories({ tableName, embedding }) as ${agent}: only the agent's memories`,
    kind: 'memory' as const,
    read: (w: TwoAgentWorld) => search(w, agent, {}),
    returns: messagesOf(agent),
  })),
  {
    name: 'searchMemories({ roomId }) as A',
    kind: 'memory',
    read: (w) => search(w, 'A', { roomId: w.id('R1') }),
    returns: (r) => messagesOf('A')(r) && r.room === 'R1',
  },
  {
    name: 'searchMemories({ worldId }) as A',
    kind: 'memory',
    read: (w) => search(w, 'A', { worldId: w.id('W2') }),
    returns: (r) => messagesOf('A')(r) && r.world === 'W2',
  },
  {
    name: 'searchMemories({ entityId }) as A',
    kind: 'memory',
    read: (w) => search(w, 'A', { entityId: w.id('E1') }),
    returns: (r) => messagesOf('A')(r) && r.entity === 'E1',
  },
  {
    name: 'searchMemories({ unique: true }) as A',
    kind: 'memory',
    read: (w) => search(w, 'A', { unique: true }),
    returns: (r) => messagesOf('A')(r) && r.unique === true,
  },
  {
    name: 'searchMemories({ match_threshold }) as A',
    kind: 'memory',
    // Only M1 lies along the query's axis (similarity 1); the others are orthogonal (0).
    read: (w) => search(w, 'A', { match_threshold: 0.5 }),
    returns: (r) => r.name === 'M1',
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getCachedEmbeddings({ query_table_name }) as ${agent}: only the agent's embeddings`,
    kind: 'memory' as const,
    read: async (w: TwoAgentWorld) =>
      (
        await as(w, agent).getCachedEmbeddings({
          query_table_name: 'messages',
          query_threshold: 20,
          query_input: 'hello',
          query_field_name: 'content',
          query_field_sub_name: 'text',
          query_match_count: 100,
        })
      ).map((hit) => memoryOfVector(hit.embedding)),
    returns: messagesOf(agent),
  })),
];

const tasks = async (w: TwoAgentWorld, agent: AgentName, params: Record<string, unknown>) =>
  (await as(w, agent).getTasks(params)).map((task) => task.description);
const taskCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getTasks({}) as ${agent}: only the agent's tasks`,
    kind: 'task' as const,
    read: (w: TwoAgentWorld) => tasks(w, agent, {}),
    returns: (r: SeededRow) => r.agent === agent,
  })),
  {
    name: 'getTasks({ roomId }) as A',
    kind: 'task',
    read: (w) => tasks(w, 'A', { roomId: w.id('R1') }),
    returns: (r) => r.agent === 'A' && r.room === 'R1',
  },
  {
    name: "getTasks({ roomId }) as A, for B's room",
    kind: 'task',
    read: (w) => tasks(w, 'A', { roomId: w.id('RB') }),
    returns: () => false,
  },
  {
    name: 'getTasks({ entityId }) as A',
    kind: 'task',
    read: (w) => tasks(w, 'A', { entityId: w.id('E2') }),
    returns: (r) => r.agent === 'A' && r.entity === 'E2',
  },
  {
    name: 'getTasks({ tags }) as A (every listed tag)',
    kind: 'task',
    read: (w) => tasks(w, 'A', { tags: ['a', 'b'] }),
    returns: (r) => r.agent === 'A' && (r.tags ?? []).includes('b'),
  },
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getTasksByName(name) as ${agent}`,
    kind: 'task' as const,
    read: async (w: TwoAgentWorld) =>
      (await as(w, agent).getTasksByName('job')).map((task) => task.description),
    returns: (r: SeededRow) => r.agent === agent,
  })),
  {
    name: "getTask(id) as A, for B's task",
    kind: 'task',
    read: async (w) => [await as(w, 'A').getTask(w.id('T3'))].flatMap((task) => task?.description ?? []),
    returns: () => false,
  },
];

const cacheCases: ScopeCase[] = [
  ...(['A', 'B'] as const).map((agent) => ({
    name: `getCache(key) as ${agent}: the agent's own value`,
    kind: 'cache' as const,
    read: async (w: TwoAgentWorld) =>
      [await as(w, agent).getCache<string>('shared-key')].flatMap((v) => v ?? []),
    returns: (r: SeededRow) => r.agent === agent && r.type === 'shared-key',
  })),
  {
    name: "getCache(key) as A, for B's key",
    kind: 'cache',
    read: async (w) => [await as(w, 'A').getCache<string>('b-only')].flatMap((v) => v ?? []),
    returns: () => false,
  },
];

const cases: ScopeCase[] = [
  ...logCases,
  ...runCases,
  ...relationshipCases,
  ...entityCases,
  ...componentCases,
  ...roomCases,
  ...participantCases,
  ...memoryCases,
  ...taskCases,
  ...cacheCases,
];

for (const backend of testBackends) {
  describe(`every filter filters, every scope scopes [${backend.name}]`, () => {
    let w: TwoAgentWorld;
    beforeAll(async () => {
      w = await createTwoAgentWorld(backend);
    });
    afterAll(() => backend.cleanup());

    for (const c of cases) {
      it(c.name, async () => {
        const ofKind = w.rows.filter((row) => row.kind === c.kind);
        const expected = ofKind.filter(c.returns).map(c.pick ?? ((row) => row.name));
        expect(expected.length, 'a case must exclude some seeded row').toBeLessThan(ofKind.length);
        expect((await c.read(w)).sort()).toEqual(expected.sort());
      });
    }

    it('countMemories(roomId, unique, tableName) counts only the agent’s memories of the room', async () => {
      const count = (agent: AgentName, unique: boolean) =>
        w.rows.filter(
          (r) =>
            r.kind === 'memory' &&
            r.agent === agent &&
            r.room === 'R1' &&
            r.type === 'messages' &&
            (!unique || r.unique),
        ).length;
      for (const agent of ['A', 'B'] as const) {
        for (const unique of [false, true]) {
          expect(
            await as(w, agent).countMemories(w.id('R1'), unique, 'messages'),
            `${agent} unique=${unique}`,
          ).toBe(count(agent, unique));
        }
      }
      // B's memory in A's room is B's, not A's.
      expect(count('A', false)).toBe(2);
      expect(count('B', false)).toBe(1);
    });

    it("a participant's room state is the agent's", async () => {
      await as(w, 'A').setParticipantUserState(w.id('R1'), w.id('E1'), 'FOLLOWED');
      expect(await as(w, 'A').getParticipantUserState(w.id('R1'), w.id('E1'))).toBe('FOLLOWED');
      expect(await as(w, 'B').getParticipantUserState(w.id('R1'), w.id('E1'))).toBeNull();
      expect(await as(w, 'A').isRoomParticipant(w.id('R1'), w.id('E1'))).toBe(true);
      expect(await as(w, 'A').isRoomParticipant(w.id('R1'), w.id('E3'))).toBe(false);
    });

    it("a run's counts come from the agent's logs only", async () => {
      const [run] = (await as(w, 'A').getAgentRunSummaries({ roomId: w.id('R1') })).runs;
      expect(run?.runId).toBe(w.id('RUN1'));
      expect(run?.counts?.actions).toBe(1);
    });
  });
}
