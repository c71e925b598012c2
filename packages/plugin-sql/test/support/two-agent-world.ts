/**
 * Two agents (A and B) sharing one database, with rows of every kind the read methods return: two
 * entities plus one more, worlds and rooms of each agent (B has a room in A's world), and logs, runs,
 * memories, relationships, components, tasks, cache entries and participants of both agents. Every row
 * is described by a {@link SeededRow} (its name and what it belongs to), so a test can say which rows a
 * read must return as a predicate over these descriptions.
 */
import { uuid } from '@eliza-sql/test-support';
import type { Memory, UUID } from '@elizaos/core';
import { ChannelType } from '@elizaos/core';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import type { TestBackend } from './backends.js';
import { axisVector } from './fixtures.js';

/** The embedding dimension of both agents. */
export const WORLD_DIMENSION = 384;

/** Which agent a row belongs to. */
export type AgentName = 'A' | 'B';

/** The kinds of rows seeded, one per family of read methods. */
export type RowKind =
  | 'entity'
  | 'log'
  | 'run'
  | 'memory'
  | 'relationship'
  | 'component'
  | 'task'
  | 'room'
  | 'world'
  | 'participant'
  | 'cache';

/** What a seeded row is and belongs to (names, not ids: `E1`, `R1`, `W1`, ...). */
export interface SeededRow {
  readonly kind: RowKind;
  /** The row's name, what a read's result is mapped back to. */
  readonly name: string;
  readonly agent: AgentName;
  readonly entity?: string;
  readonly room?: string;
  readonly world?: string;
  /** Log type, memory table, component type. */
  readonly type?: string;
  readonly unique?: boolean;
  readonly createdAt?: number;
  /** Relationship and task tags; an entity's names. */
  readonly tags?: readonly string[];
  readonly source?: string;
  readonly target?: string;
  readonly status?: string;
  /** For runs: whether its events were logged after `TwoAgentWorld.midway`. */
  readonly late?: boolean;
}

export interface TwoAgentWorld {
  readonly adapters: Record<AgentName, SqlDatabaseAdapter>;
  /** Ids by name (agents `A`/`B`, entities, rooms, worlds, memories, tasks, components, runs, ...). */
  readonly id: (name: string) => UUID;
  /** The name of an id (for readable results), or the id itself when it has none. */
  readonly nameOf: (id: string | undefined) => string;
  readonly rows: readonly SeededRow[];
  /** A time (ms) between the runs logged early and those logged late. */
  readonly midway: number;
  /** The base createdAt (ms) of the seeded memories. */
  readonly memoryTime: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seeds the two-agent world on a fresh database of `backend`. */
export async function createTwoAgentWorld(backend: TestBackend): Promise<TwoAgentWorld> {
  const driver = await backend.open();
  const ids = new Map<string, UUID>();
  const names = new Map<string, string>();
  const id = (name: string): UUID => {
    let value = ids.get(name);
    if (!value) {
      value = uuid();
      ids.set(name, value);
      names.set(value, name);
    }
    return value;
  };
  const nameOf = (value: string | undefined) =>
    value === undefined ? 'undefined' : (names.get(value) ?? value);
  const rows: SeededRow[] = [];
  const adapters = {} as Record<AgentName, SqlDatabaseAdapter>;
  for (const agent of ['A', 'B'] as const) {
    const adapter = new SqlDatabaseAdapter(id(agent), { driver, ownsDriver: false, logger: silentSqlLogger });
    await adapter.init();
    await adapter.createAgent({ id: id(agent), name: `Agent ${agent}`, bio: ['scope test'] });
    await adapter.ensureEmbeddingDimension(WORLD_DIMENSION);
    adapters[agent] = adapter;
  }
  const { A: a, B: b } = adapters;
  await a.createEntities(
    ['E1', 'E2', 'E3'].map((name) => ({ id: id(name), names: [name], agentId: id('A'), metadata: {} })),
  );
  // B's own entity, under a name A's E1 has too.
  await b.createEntities([{ id: id('EB'), names: ['E1', 'Bee'], agentId: id('B'), metadata: {} }]);
  rows.push(
    { kind: 'entity', name: 'E1', agent: 'A', tags: ['E1'] },
    { kind: 'entity', name: 'E2', agent: 'A', tags: ['E2'] },
    { kind: 'entity', name: 'E3', agent: 'A', tags: ['E3'] },
    { kind: 'entity', name: 'EB', agent: 'B', tags: ['E1', 'Bee'] },
  );

  const worlds: Array<[string, AgentName]> = [
    ['W1', 'A'],
    ['W2', 'A'],
    ['WB', 'B'],
  ];
  for (const [name, agent] of worlds) {
    await adapters[agent].createWorld({ id: id(name), name, agentId: id(agent) });
    rows.push({ kind: 'world', name, agent });
  }
  const rooms: Array<[string, AgentName, string]> = [
    ['R1', 'A', 'W1'],
    ['R2', 'A', 'W2'],
    ['RB', 'B', 'W1'],
    ['RB2', 'B', 'WB'],
  ];
  for (const [name, agent, world] of rooms) {
    await adapters[agent].createRooms([
      { id: id(name), name, source: 'test', type: ChannelType.GROUP, worldId: id(world) },
    ]);
    rows.push({ kind: 'room', name, agent, world });
  }
  const participants: Array<[AgentName, string, string]> = [
    ['A', 'E1', 'R1'],
    ['A', 'E2', 'R1'],
    ['A', 'E1', 'R2'],
    ['B', 'E1', 'RB'],
  ];
  for (const [agent, entity, room] of participants) {
    await adapters[agent].addParticipantsRoom([id(entity)], id(room));
    rows.push({ kind: 'participant', name: `${entity}@${room}`, agent, entity, room });
  }

  const logs: Array<[string, AgentName, string, string, string]> = [
    ['L1', 'A', 'R1', 'E1', 't1'],
    ['L2', 'A', 'R1', 'E2', 't2'],
    ['L3', 'A', 'R2', 'E1', 't2'],
    ['L4', 'A', 'R2', 'E2', 't1'],
    ['L5', 'B', 'RB', 'E1', 't1'],
    ['L6', 'B', 'RB', 'E2', 't2'],
  ];
  const log = async (
    name: string,
    agent: AgentName,
    room: string,
    entity: string,
    type: string,
    body: Record<string, unknown> = {},
  ) => {
    // log() has no agent: a log is the agent's whose room it was written in.
    await adapters[agent].log({ body: { name, ...body }, entityId: id(entity), roomId: id(room), type });
    rows.push({ kind: 'log', name, agent, room, entity, type });
  };
  for (const [name, agent, room, entity, type] of logs) await log(name, agent, room, entity, type);

  // Runs: run_event logs folded into summaries; B also logs an action under A's run id in its own room.
  const runEvent = (agent: AgentName, run: string, room: string, entity: string, status: string) =>
    log(`${run} ${status}`, agent, room, entity, 'run_event', {
      runId: id(run),
      status,
      messageId: uuid(),
      roomId: id(room),
      entityId: id(entity),
    });
  await runEvent('A', 'RUN1', 'R1', 'E1', 'started');
  await log('RUN1 action by A', 'A', 'R1', 'E1', 'action', { runId: id('RUN1') });
  await log('RUN1 action by B', 'B', 'RB', 'E1', 'action', { runId: id('RUN1') });
  await runEvent('A', 'RUN1', 'R1', 'E1', 'completed');
  await runEvent('B', 'RUNB', 'RB', 'E1', 'started');
  await runEvent('B', 'RUNB', 'RB', 'E1', 'completed');
  await pause(40);
  const midway = Date.now();
  await pause(40);
  await runEvent('A', 'RUN2', 'R2', 'E2', 'started');
  rows.push(
    { kind: 'run', name: 'RUN1', agent: 'A', room: 'R1', entity: 'E1', status: 'completed', late: false },
    { kind: 'run', name: 'RUNB', agent: 'B', room: 'RB', entity: 'E1', status: 'completed', late: false },
    { kind: 'run', name: 'RUN2', agent: 'A', room: 'R2', entity: 'E2', status: 'started', late: true },
  );

  const memoryTime = 1_700_000_000_000;
  const memories: Array<[string, AgentName, string, string, string, string, boolean]> = [
    ['M1', 'A', 'R1', 'W1', 'E1', 'messages', true],
    ['M2', 'A', 'R1', 'W1', 'E2', 'messages', false],
    ['M3', 'A', 'R2', 'W2', 'E1', 'messages', true],
    ['M4', 'A', 'R1', 'W1', 'E1', 'facts', true],
    ['M5', 'B', 'RB', 'W1', 'E1', 'messages', true],
    ['M6', 'B', 'RB2', 'WB', 'E2', 'messages', true],
    ['M7', 'B', 'R1', 'W1', 'E1', 'messages', true],
  ];
  for (const [index, [name, agent, room, world, entity, table, unique]] of memories.entries()) {
    const createdAt = memoryTime + index * 1000;
    const memory: Memory = {
      id: id(name),
      agentId: id(agent),
      entityId: id(entity),
      roomId: id(room),
      worldId: id(world),
      content: { text: `hello ${name}` },
      // Orthogonal vectors: no two are near duplicates, and axis i identifies the memory.
      embedding: axisVector(WORLD_DIMENSION, index),
      unique,
      createdAt,
    };
    await adapters[agent].createMemory(memory, table);
    rows.push({ kind: 'memory', name, agent, room, world, entity, type: table, unique, createdAt });
  }

  const relationships: Array<[string, AgentName, string, string, string[]]> = [
    ['REL1', 'A', 'E1', 'E2', ['x']],
    ['REL2', 'A', 'E3', 'E1', ['y']],
    ['REL3', 'B', 'E1', 'E2', ['x']],
  ];
  for (const [name, agent, source, target, tags] of relationships) {
    await adapters[agent].createRelationship({
      sourceEntityId: id(source),
      targetEntityId: id(target),
      tags,
      metadata: { name },
    });
    rows.push({ kind: 'relationship', name, agent, source, target, tags });
  }

  const components: Array<[string, AgentName, string, string, string | undefined]> = [
    ['C1', 'A', 'E1', 'W1', 'E2'],
    ['C2', 'A', 'E1', 'W2', undefined],
    ['C3', 'A', 'E2', 'W1', 'E1'],
    ['C4', 'B', 'E1', 'WB', 'E2'],
  ];
  for (const [name, agent, entity, world, source] of components) {
    await adapters[agent].createComponent({
      id: id(name),
      entityId: id(entity),
      agentId: id(agent),
      roomId: id(agent === 'A' ? 'R1' : 'RB'),
      worldId: id(world),
      sourceEntityId: (source === undefined ? undefined : id(source)) as UUID,
      type: 'profile',
      data: { name },
      createdAt: Date.now(),
    });
    rows.push({ kind: 'component', name, agent, entity, world, source, type: 'profile' });
  }

  const tasks: Array<[string, AgentName, string, string, string, string[]]> = [
    ['T1', 'A', 'R1', 'W1', 'E1', ['a', 'b']],
    ['T2', 'A', 'R2', 'W2', 'E2', ['a']],
    ['T3', 'B', 'RB', 'WB', 'E1', ['a', 'b']],
  ];
  for (const [name, agent, room, world, entity, tags] of tasks) {
    const taskId = await adapters[agent].createTask({
      name: 'job',
      description: name,
      roomId: id(room),
      worldId: id(world),
      entityId: id(entity),
      tags,
    });
    ids.set(name, taskId);
    names.set(taskId, name);
    rows.push({ kind: 'task', name, agent, room, world, entity, tags });
  }

  await a.setCache('shared-key', 'A value');
  await b.setCache('shared-key', 'B value');
  await b.setCache('b-only', 'B value');
  rows.push(
    { kind: 'cache', name: 'A value', agent: 'A', type: 'shared-key' },
    { kind: 'cache', name: 'B value', agent: 'B', type: 'shared-key' },
    { kind: 'cache', name: 'B value', agent: 'B', type: 'b-only' },
  );

  return { adapters, id, nameOf, rows, midway, memoryTime };
}
