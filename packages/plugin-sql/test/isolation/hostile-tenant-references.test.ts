/**
 * A hostile tenant's references (PostgreSQL, the non-owner application role, two servers on one
 * database): server B writing rows that reference server A's rooms, agents, entities and worlds is
 * refused exactly as for ids that exist nowhere (same error, same constraint, and in the same time);
 * deletes by one server never cascade into the other's rows; a create with an id the other server
 * holds is ID_CONFLICT. Every probe ends with the other server's rows checksummed unchanged.
 */
import { performance } from 'node:perf_hooks';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import { ChannelType, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ElizaSqlError,
  getOrCreateRlsServer,
  installDataIsolation,
  isElizaSqlError,
  type SqlDatabaseAdapter,
} from '../../src/index.js';
import { axisVector } from '../support/fixtures.js';
import {
  createIsolatedDatabase,
  type IsolatedDatabase,
  type SeededServer,
  seedServer,
  snapshotServerRows,
} from './isolation-fixture.js';

const url = testPostgresUrl();

/**
 * What a call answered, as a caller can tell outcomes apart: a value's kind, or the error's code,
 * SQLSTATE, constraint, table and detail along its cause chain, with the referenced id (`ref`)
 * replaced, so an outcome for another server's id and for an unknown id compare equal only when
 * nothing tells them apart.
 */
async function outcomeOf(call: Promise<unknown>, ref: string): Promise<string> {
  try {
    const value = await call;
    return `resolved:${typeof value === 'boolean' ? value : typeof value}`;
  } catch (err) {
    const parts: string[] = [];
    for (let e: unknown = err; e !== null && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
      const f = e as Record<string, unknown>;
      const message = isElizaSqlError(e) ? String(f.message) : '';
      parts.push([f.name, f.code, f.constraint_name, f.table_name, f.detail, message].map(String).join('|'));
    }
    return `rejected:${parts.join(' <- ').replaceAll(ref, '<ref>')}`;
  }
}

/** One write of `writer` (server B) that references an id of the kind `kind`. */
interface ReferenceProbe {
  readonly name: string;
  readonly kind: 'room' | 'agent' | 'entity' | 'world' | 'channel' | 'messageServer';
  /** Whether the write is refused for an id that exists nowhere (no foreign key: stored either way). */
  readonly refused: boolean;
  readonly write: (writer: Writer, ref: UUID) => Promise<unknown>;
}

/** Server B's adapters: its own, and one per agent id (for rows whose agent is the adapter's). */
interface Writer {
  readonly adapter: SqlDatabaseAdapter;
  readonly own: SeededServer;
  asAgent(agentId: UUID): Promise<SqlDatabaseAdapter>;
}

const memoryOf = (w: Writer, refs: { entityId?: UUID; agentId?: UUID; roomId?: UUID }) => ({
  id: uuid(),
  entityId: refs.entityId ?? w.own.userId,
  agentId: refs.agentId ?? w.own.agentId,
  roomId: refs.roomId ?? w.own.roomId,
  content: { text: 'probe' },
  embedding: axisVector(384, 9),
});

const componentOf = (
  w: Writer,
  refs: Partial<Record<'entityId' | 'agentId' | 'roomId' | 'worldId' | 'sourceEntityId', UUID>>,
) => ({
  id: uuid(),
  entityId: w.own.userId,
  agentId: w.own.agentId,
  roomId: w.own.roomId,
  worldId: w.own.worldId,
  sourceEntityId: w.own.agentId,
  type: `probe-${uuid()}`,
  data: {},
  createdAt: Date.now(),
  ...refs,
});

const PROBES: readonly ReferenceProbe[] = [
  {
    name: 'createMemory roomId',
    kind: 'room',
    refused: true,
    write: (w, ref) => w.adapter.createMemory(memoryOf(w, { roomId: ref }), 'messages'),
  },
  {
    name: 'createMemory entityId',
    kind: 'entity',
    refused: true,
    write: (w, ref) => w.adapter.createMemory(memoryOf(w, { entityId: ref }), 'messages'),
  },
  {
    name: 'createMemory agentId',
    kind: 'agent',
    refused: true,
    write: (w, ref) => w.adapter.createMemory(memoryOf(w, { agentId: ref }), 'messages'),
  },
  {
    name: 'createComponent entityId',
    kind: 'entity',
    refused: true,
    write: (w, ref) => w.adapter.createComponent(componentOf(w, { entityId: ref })),
  },
  {
    name: 'createComponent sourceEntityId',
    kind: 'entity',
    refused: true,
    write: (w, ref) => w.adapter.createComponent(componentOf(w, { sourceEntityId: ref })),
  },
  {
    name: 'createComponent agentId',
    kind: 'agent',
    refused: true,
    write: (w, ref) => w.adapter.createComponent(componentOf(w, { agentId: ref })),
  },
  {
    name: 'createComponent roomId',
    kind: 'room',
    refused: true,
    write: (w, ref) => w.adapter.createComponent(componentOf(w, { roomId: ref })),
  },
  {
    name: 'createComponent worldId',
    kind: 'world',
    refused: true,
    write: (w, ref) => w.adapter.createComponent(componentOf(w, { worldId: ref })),
  },
  {
    name: 'addParticipantsRoom roomId',
    kind: 'room',
    refused: true,
    write: (w, ref) => w.adapter.addParticipantsRoom([w.own.userId], ref),
  },
  {
    name: 'addParticipantsRoom entityId',
    kind: 'entity',
    refused: true,
    write: (w, ref) => w.adapter.addParticipantsRoom([ref], w.own.roomId),
  },
  {
    name: 'addParticipantsRoom agent',
    kind: 'agent',
    refused: true,
    write: async (w, ref) => {
      // a room of its own the entity is not in yet, so a participant row is written under agent `ref`
      const room = {
        id: uuid(),
        name: 'probe',
        agentId: w.own.agentId,
        source: 'test',
        type: ChannelType.GROUP,
      };
      const [roomId] = (await w.adapter.createRooms([room])) as [UUID];
      return (await w.asAgent(ref)).addParticipantsRoom([w.own.userId], roomId);
    },
  },
  {
    name: 'log roomId',
    kind: 'room',
    refused: true,
    write: (w, ref) => w.adapter.log({ body: {}, entityId: w.own.userId, roomId: ref, type: 'probe' }),
  },
  {
    name: 'log entityId',
    kind: 'entity',
    refused: true,
    write: (w, ref) => w.adapter.log({ body: {}, entityId: ref, roomId: w.own.roomId, type: 'probe' }),
  },
  {
    name: 'createTask roomId (no key: stored as a plain value)',
    kind: 'room',
    refused: false,
    write: (w, ref) =>
      w.adapter.createTask({
        id: uuid(),
        name: 'probe',
        description: 'd',
        roomId: ref,
        worldId: w.own.worldId,
        tags: [],
      }),
  },
  {
    name: 'createTask worldId (no key: stored as a plain value)',
    kind: 'world',
    refused: false,
    write: (w, ref) =>
      w.adapter.createTask({
        id: uuid(),
        name: 'probe',
        description: 'd',
        roomId: w.own.roomId,
        worldId: ref,
        tags: [],
      }),
  },
  {
    name: 'createTask agent',
    kind: 'agent',
    refused: true,
    write: async (w, ref) =>
      (await w.asAgent(ref)).createTask({
        id: uuid(),
        name: 'probe',
        description: 'd',
        roomId: w.own.roomId,
        worldId: w.own.worldId,
        tags: [],
      }),
  },
  {
    name: 'createEntities agentId',
    kind: 'agent',
    refused: true,
    write: (w, ref) =>
      w.adapter.createEntities([{ id: uuid(), names: ['probe'], agentId: ref, metadata: {} }]),
  },
  {
    name: 'createWorld agentId',
    kind: 'agent',
    refused: true,
    write: (w, ref) => w.adapter.createWorld({ id: uuid(), name: 'probe', agentId: ref }),
  },
  {
    name: 'createRooms agent',
    kind: 'agent',
    refused: true,
    write: async (w, ref) =>
      (await w.asAgent(ref)).createRooms([
        { id: uuid(), name: 'probe', agentId: ref, source: 'test', type: ChannelType.GROUP },
      ]),
  },
  {
    name: 'createRelationship sourceEntityId',
    kind: 'entity',
    refused: true,
    write: (w, ref) =>
      w.adapter.createRelationship({ sourceEntityId: ref, targetEntityId: w.own.userId, tags: [] }),
  },
  {
    name: 'setCache agent',
    kind: 'agent',
    refused: true,
    write: async (w, ref) => (await w.asAgent(ref)).setCache(`probe-${uuid()}`, 1),
  },
  {
    name: 'createChannel messageServerId',
    kind: 'messageServer',
    refused: true,
    write: (w, ref) =>
      w.adapter.createChannel({ id: uuid(), messageServerId: ref, name: 'probe', type: ChannelType.GROUP }),
  },
  {
    name: 'addAgentToMessageServer messageServerId',
    kind: 'messageServer',
    refused: true,
    write: (w, ref) => w.adapter.addAgentToMessageServer(ref, w.own.agentId),
  },
  {
    name: 'addAgentToMessageServer agentId',
    kind: 'agent',
    refused: true,
    write: (w, ref) => w.adapter.addAgentToMessageServer(w.own.messageServerId, ref),
  },
  {
    name: 'createMessage channelId',
    kind: 'channel',
    refused: true,
    write: (w, ref) => w.adapter.createMessage({ channelId: ref, authorId: w.own.userId, content: 'probe' }),
  },
  {
    name: 'addChannelParticipants channelId',
    kind: 'channel',
    refused: true,
    write: (w, ref) => w.adapter.addChannelParticipants(ref, [w.own.userId]),
  },
];

/** The id of `target`'s row of `kind`. */
function idOf(target: SeededServer, kind: ReferenceProbe['kind']): UUID {
  const ids = {
    room: target.roomId,
    agent: target.agentId,
    entity: target.userId,
    world: target.worldId,
    channel: target.channelId,
    messageServer: target.messageServerId,
  };
  return ids[kind];
}

const refusal = (outcome: string) => outcome.startsWith('rejected:') || outcome === 'resolved:false';

describe.runIf(url)('a hostile tenant referencing another tenant [postgres]', () => {
  let db: IsolatedDatabase;
  const opened: SqlDatabaseAdapter[] = [];
  const open = async (serverId: UUID, agentId?: UUID) => {
    const adapter = await db.tenantAdapter(serverId, agentId);
    opened.push(adapter);
    return adapter;
  };
  /** A server registered and seeded through its own adapter. */
  const tenant = async (label: string) => {
    const serverId = uuid();
    await getOrCreateRlsServer(db.owner, serverId);
    const adapter = await open(serverId);
    return { serverId, adapter, seed: await seedServer(adapter, label) };
  };
  const writerOf = (t: { serverId: UUID; adapter: SqlDatabaseAdapter; seed: SeededServer }): Writer => {
    const byAgent = new Map<UUID, Promise<SqlDatabaseAdapter>>();
    return {
      adapter: t.adapter,
      own: t.seed,
      asAgent(agentId) {
        const found = byAgent.get(agentId) ?? open(t.serverId, agentId);
        byAgent.set(agentId, found);
        return found;
      },
    };
  };

  beforeAll(async () => {
    db = await createIsolatedDatabase(url as string);
    await installDataIsolation(db.owner, { serverId: uuid() });
  });
  afterAll(async () => {
    for (const adapter of opened.splice(0)) await adapter.close();
    await db?.cleanup();
  });

  it('every foreign key between isolated tables pairs server_id with server_id', async () => {
    const keys = await db.owner.query<{ name: string; definition: string }>(`
      SELECT co.conname AS name, pg_get_constraintdef(co.oid) AS definition FROM pg_constraint co
      WHERE co.contype = 'f' AND co.connamespace = 'public'::regnamespace ORDER BY co.conname`);
    expect(keys.length).toBeGreaterThanOrEqual(20);
    for (const key of keys)
      expect(key.definition, key.name).toMatch(/^FOREIGN KEY \(server_id, .*REFERENCES \w+\(server_id, /);
    const nulling = keys.filter((k) => /SET NULL|SET DEFAULT/.test(k.definition));
    for (const key of nulling)
      expect(key.definition, key.name).toMatch(/SET (NULL|DEFAULT) \((?!.*server_id)[^)]+\)/);
    expect((await installDataIsolation(db.owner, { serverId: uuid() })).changes).toEqual([]); // a re-run: nothing to do
  });

  it("B's writes referencing A's rooms, agents, entities and worlds are refused exactly as unknown ids", async () => {
    const a = await tenant('a');
    const b = writerOf(await tenant('b'));
    const before = await snapshotServerRows(db.owner, a.serverId);
    for (const probe of PROBES) {
      const taken = idOf(a.seed, probe.kind);
      const fresh = uuid();
      const onTaken = await outcomeOf(probe.write(b, taken), taken);
      const onFresh = await outcomeOf(probe.write(b, fresh), fresh);
      expect(onTaken, probe.name).toBe(onFresh);
      expect(refusal(onFresh), `${probe.name}: ${onFresh}`).toBe(probe.refused);
    }
    expect(await snapshotServerRows(db.owner, a.serverId)).toEqual(before);
  });

  it("a failed insert takes as long for another tenant's id as for an unknown one", async ({
    annotate,
    task,
  }) => {
    const a = await tenant('timed-a');
    const b = writerOf(await tenant('timed-b'));
    const before = await snapshotServerRows(db.owner, a.serverId);
    const time = async (roomId: UUID) => {
      const start = performance.now();
      const outcome = await outcomeOf(
        b.adapter.log({ body: {}, entityId: b.own.userId, roomId, type: 'timed' }),
        roomId,
      );
      const elapsed = performance.now() - start;
      expect(outcome).toMatch(/^rejected:.*23503/);
      return elapsed;
    };
    for (let i = 0; i < 50; i++) await time(uuid()); // warm-up
    const taken: number[] = [];
    const unknown: number[] = [];
    // Interleaved, in alternating order, so drift in the machine's load falls on both series alike.
    for (let i = 0; i < 500; i++) {
      if (i % 2 === 0) taken.push(await time(a.seed.roomId));
      unknown.push(await time(uuid()));
      if (i % 2 === 1) taken.push(await time(a.seed.roomId));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    const [mTaken, mUnknown] = [median(taken), median(unknown)];
    const figures = `median failed insert (500 each): another tenant's room ${mTaken.toFixed(3)} ms, unknown room ${mUnknown.toFixed(3)} ms`;
    await annotate(figures);
    (task.meta as Record<string, unknown>).timing = figures; // kept by the JSON report
    // One index probe either way; a difference beyond noise would be a timing oracle.
    expect(Math.abs(mTaken - mUnknown)).toBeLessThan(0.25 * Math.max(mTaken, mUnknown) + 0.1);
    expect(await snapshotServerRows(db.owner, a.serverId)).toEqual(before);
  });

  it("deletes of agents, rooms, worlds and entities never cascade into the other tenant's rows", async () => {
    const a = await tenant('cascade-a');
    const b = await tenant('cascade-b');
    const attack = async (from: typeof a, target: SeededServer) => {
      const writer = writerOf(from);
      for (const probe of PROBES) await probe.write(writer, idOf(target, probe.kind)).catch(() => undefined);
    };
    const deleteAll = async (t: typeof a) => {
      await t.adapter.deleteEntity(t.seed.userId);
      await t.adapter.deleteRoom(t.seed.roomId);
      await t.adapter.removeWorld(t.seed.worldId);
      await t.adapter.deleteChannel(t.seed.channelId);
      await t.adapter.deleteAgent(t.seed.agentId);
    };
    // B references A's ids (refused), then A deletes its rows: B's rows stay as they were.
    await attack(b, a.seed);
    const bBefore = await snapshotServerRows(db.owner, b.serverId);
    await deleteAll(a);
    expect(await snapshotServerRows(db.owner, b.serverId)).toEqual(bBefore);
    // and the other way round, with A seeded again
    const a2 = { ...a, adapter: await open(a.serverId) };
    const seeded = { ...a2, seed: await seedServer(a2.adapter, 'cascade-a2') };
    await attack(seeded, b.seed);
    const aBefore = await snapshotServerRows(db.owner, a.serverId);
    await deleteAll(b);
    expect(await snapshotServerRows(db.owner, a.serverId)).toEqual(aBefore);
  });

  it("creates with an id the other tenant holds are ID_CONFLICT, naming only the caller's own value", async () => {
    const a = await tenant('held-a');
    const b = writerOf(await tenant('held-b'));
    const before = await snapshotServerRows(db.owner, a.serverId);
    const t = a.seed;
    const own = b.own;
    const conflicts: Array<[string, string, UUID, () => Promise<unknown>]> = [
      ['createAgent', 'agent.id', t.agentId, () => b.adapter.createAgent({ id: t.agentId, name: 'mine' })],
      [
        'createEntities',
        'entities[0].id',
        t.userId,
        () => b.adapter.createEntities([{ id: t.userId, names: ['x'], agentId: own.agentId, metadata: {} }]),
      ],
      [
        'ensureEntityExists',
        'entity.id',
        t.userId,
        () =>
          b.adapter.ensureEntityExists({ id: t.userId, names: ['x'], agentId: own.agentId, metadata: {} }),
      ],
      [
        'createMemory',
        'memory.id',
        t.memoryId,
        () => b.adapter.createMemory({ ...memoryOf(b, {}), id: t.memoryId }, 'messages'),
      ],
      [
        'createMemories',
        'memories[1].id',
        t.memoryId,
        () => b.adapter.createMemories([memoryOf(b, {}), { ...memoryOf(b, {}), id: t.memoryId }], 'messages'),
      ],
      [
        'createWorld',
        'world.id',
        t.worldId,
        () => b.adapter.createWorld({ id: t.worldId, name: 'x', agentId: own.agentId }),
      ],
      [
        'createRooms',
        'rooms[0].id',
        t.roomId,
        () =>
          b.adapter.createRooms([
            { id: t.roomId, name: 'x', agentId: own.agentId, source: 's', type: ChannelType.GROUP },
          ]),
      ],
      [
        'createComponent',
        'component.id',
        t.componentId,
        () => b.adapter.createComponent({ ...componentOf(b, {}), id: t.componentId }),
      ],
      [
        'createTask',
        'task.id',
        t.taskId,
        () =>
          b.adapter.createTask({
            id: t.taskId,
            name: 'x',
            description: 'd',
            roomId: own.roomId,
            worldId: own.worldId,
            tags: [],
          }),
      ],
      [
        'createMessageServer',
        'data.id',
        t.messageServerId,
        () => b.adapter.createMessageServer({ id: t.messageServerId, name: 'x', sourceType: 's' }),
      ],
      [
        'createChannel',
        'data.id',
        t.channelId,
        () =>
          b.adapter.createChannel(
            { id: t.channelId, messageServerId: own.messageServerId, name: 'x', type: ChannelType.GROUP },
            [own.userId],
          ),
      ],
      [
        'createMessage',
        'data.messageId',
        t.messageId,
        () =>
          b.adapter.createMessage({
            messageId: t.messageId,
            channelId: own.channelId,
            authorId: own.userId,
            content: 'x',
          }),
      ],
    ];
    for (const [method, field, id, call] of conflicts) {
      const err = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isElizaSqlError(err, 'ID_CONFLICT'), `${method}: ${String(err)}`).toBe(true);
      const message = (err as ElizaSqlError).message;
      expect(message).toContain(`${method}: ${field} "${id}"`);
      for (const secret of [
        a.serverId,
        ...[t.agentId, t.userId, t.roomId, t.worldId].filter((x) => x !== id),
      ]) {
        expect(message, method).not.toContain(secret);
      }
      expect(message).not.toMatch(/row-level security|policy|constraint|params/i);
    }
    expect(await snapshotServerRows(db.owner, a.serverId)).toEqual(before);
  });

  it("setCache under another tenant's agent answers the same for a key that tenant holds and a free key", async () => {
    const a = await tenant('cache-a');
    const b = writerOf(await tenant('cache-b'));
    const before = await snapshotServerRows(db.owner, a.serverId);
    const asA = await b.asAgent(a.seed.agentId);
    const held = await outcomeOf(asA.setCache(a.seed.cacheKey, { b: true }), a.seed.cacheKey);
    const free = `free-${uuid()}`;
    expect(held).toBe(await outcomeOf(asA.setCache(free, { b: true }), free));
    expect(held).toMatch(/^rejected:ElizaSqlError\|INVALID_INPUT/);
    // B's own agent holds its own row under the same key: a different row, stored
    expect(await b.adapter.setCache(a.seed.cacheKey, { b: true })).toBe(true);
    expect(await a.adapter.getCache(a.seed.cacheKey)).toEqual({ label: 'cache-a' });
    expect(await snapshotServerRows(db.owner, a.serverId)).toEqual(before);
  });
});
