/**
 * Compatibility: every object the adapter returns has the keys the reference's has, with `null` where
 * the reference returns `null` (callers such as the elizaOS server pass these objects on as JSON, so a
 * missing key and a `null` are different answers). The same calls, with the same inputs, run on the
 * reference (@elizaos/plugin-sql@1.7.2) and on ours, in the same test on the same backend; the value
 * kinds (string, number, Date, null, object, array...) are compared key by key.
 */
import { createReferenceDatabase, uuid } from '@eliza-sql/test-support';
import { ChannelType, type IDatabaseAdapter, type UUID } from '@elizaos/core';
import * as reference from '@elizaos/plugin-sql';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabaseAdapter, type SqlDatabaseAdapter } from '../../src/index.js';
import { testConfigBackends } from '../support/config-backends.js';

/** The messaging part of the adapter (not in `IDatabaseAdapter`; the server calls it). */
type Adapter = IDatabaseAdapter & Pick<SqlDatabaseAdapter, MessagingMethod>;
type MessagingMethod =
  | 'createMessageServer'
  | 'getMessageServers'
  | 'getMessageServerById'
  | 'createChannel'
  | 'getChannelsForMessageServer'
  | 'getChannelDetails'
  | 'updateChannel'
  | 'findOrCreateDmChannel'
  | 'createMessage'
  | 'getMessagesForChannel'
  | 'updateMessage'
  | 'getAgentRunSummaries';

type Shape = string | Shape[] | { [key: string]: Shape };
type ShapeObject = { [key: string]: Shape };

/** The kind of every value, key by key (keys whose value is `undefined` are absent, as in JSON). */
function shape(value: unknown): Shape {
  if (value === null) return 'null';
  if (value instanceof Date) return 'Date';
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof value;
}

/** Applies `fn` to the returned object, or to each returned object of a list. */
function eachRecord(s: Shape, fn: (record: ShapeObject) => ShapeObject): Shape {
  if (Array.isArray(s)) return s.map((x) => eachRecord(x, fn));
  return typeof s === 'object' ? fn({ ...s }) : s;
}

function without(record: ShapeObject, ...keys: string[]): ShapeObject {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

/** The same object with its keys in order (so an added key compares equal). */
function sorted(record: ShapeObject): ShapeObject {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The deliberate differences (each is in the README's differences table), by the calls they concern:
 * how ours differs from the reference's shape. Everything else must be the same.
 */
const DELIBERATE: ReadonlyArray<{
  readonly calls: readonly string[];
  /** Applied to ours before comparing. */
  readonly ours?: (record: ShapeObject) => ShapeObject;
  /** Applied to the reference's before comparing. */
  readonly reference?: (record: ShapeObject) => ShapeObject;
}> = [
  {
    // Memories carry the worldId they were stored with (the reference drops it, except in searches),
    // and every read says which table they are in (`type`), not only getMemories and searches.
    calls: ['memories', 'memory', 'memoriesByIds', 'memoriesByRoomIds', 'memoriesByWorldId', 'search'],
    ours: (r) => without(r, 'worldId'),
    reference: (r) => sorted({ ...without(r, 'worldId'), type: r.type ?? 'string' }),
  },
  {
    // Components inside entities have the shape getComponents gives (createdAt in ms, a missing
    // world or source as ''), where the reference returns the raw rows (a Date, nulls).
    calls: ['entities', 'entitiesForRoom', 'participantsForEntity'],
    reference: (r) => {
      const entity = (r.entity ?? r) as ShapeObject;
      const components = Array.isArray(entity.components)
        ? entity.components.map((c) => ({
            ...(c as ShapeObject),
            createdAt: 'number',
            worldId: 'string',
            sourceEntityId: 'string',
          }))
        : entity.components;
      const mapped = components ? { ...entity, components } : entity;
      return r.entity ? { ...r, entity: mapped } : mapped;
    },
  },
  {
    // Worlds carry serverId, the deprecated alias of messageServerId, as rooms do in both.
    calls: ['world', 'bareWorld', 'worlds'],
    ours: (r) => without(r, 'serverId'),
  },
  {
    // getRelationships does not repeat each column under its snake_case name.
    calls: ['relationships'],
    reference: (r) => without(r, 'agent_id', 'created_at', 'source_entity_id', 'target_entity_id'),
  },
  {
    // Tasks give back the entityId they were created with (null when none); the reference drops it.
    calls: ['task', 'bareTask', 'tasks', 'tasksByName'],
    ours: (r) => without(r, 'entityId'),
  },
];

/** Lists sorted by id (both adapters got the same ids), so elements are compared pairwise. */
function byId<T>(list: T[] | null | undefined): T[] | null | undefined {
  if (!Array.isArray(list)) return list;
  return [...list].sort((a, b) =>
    String((a as { id?: unknown }).id).localeCompare(String((b as { id?: unknown }).id)),
  );
}

const ID_NAMES = [
  'agentId',
  'userId',
  'worldId',
  'bareWorldId',
  'roomId',
  'bareRoomId',
  'serverId',
  'componentId',
  'bareComponentId',
  'memoryId',
  'bareMemoryId',
  'taskId',
  'bareTaskId',
  'messageServerId',
  'channelId',
  'messageId',
] as const;
type Ids = Record<(typeof ID_NAMES)[number], UUID>;

/** The same writes through `adapter`, then every read: `{ call name: result }`. */
async function exercise(adapter: Adapter, ids: Ids): Promise<Record<string, unknown>> {
  const { agentId, userId, worldId, bareWorldId, roomId, bareRoomId, serverId } = ids;
  const out: Record<string, unknown> = {};
  await adapter.createAgent({ id: agentId, name: 'Shapes', bio: ['b'], username: 'shapes' } as never);
  await adapter.createEntities([
    { id: agentId, names: ['Shapes'], agentId, metadata: {} },
    { id: userId, names: ['User'], agentId, metadata: {} },
  ]);
  await adapter.createWorld({
    id: worldId,
    name: 'W',
    agentId,
    messageServerId: serverId,
    metadata: { a: 1 },
  });
  await adapter.createWorld({ id: bareWorldId, name: 'Bare', agentId } as never);
  await adapter.createRooms([
    {
      id: roomId,
      name: 'R',
      agentId,
      source: 'test',
      type: ChannelType.GROUP,
      worldId,
      channelId: 'channel-1',
      messageServerId: serverId,
      metadata: { r: 1 },
    },
    { id: bareRoomId, source: 'test', type: ChannelType.DM } as never,
  ]);
  await adapter.addParticipantsRoom([agentId, userId], roomId);
  await adapter.setParticipantUserState(roomId, userId, 'FOLLOWED');
  await adapter.createComponent({
    id: ids.componentId,
    entityId: userId,
    agentId,
    roomId,
    worldId,
    sourceEntityId: agentId,
    type: 'profile',
    data: { x: 1 },
    createdAt: 1_700_000_000_000,
  });
  await adapter.createComponent({
    id: ids.bareComponentId,
    entityId: userId,
    agentId,
    roomId,
    type: 'bare',
    data: {},
  } as never);
  await adapter.ensureEmbeddingDimension(384);
  const embedding = Array.from({ length: 384 }, (_, i) => (i === 0 ? 1 : 0));
  await adapter.createMemory(
    {
      id: ids.memoryId,
      entityId: userId,
      agentId,
      roomId,
      worldId,
      content: { text: 'hello', source: 'test' },
      metadata: { type: 'message' },
      embedding,
      createdAt: 1_700_000_000_000,
    },
    'messages',
  );
  await adapter.createMemory(
    { id: ids.bareMemoryId, entityId: userId, roomId, content: { text: 'bare' } },
    'messages',
  );
  await adapter.createRelationship({ sourceEntityId: agentId, targetEntityId: userId, tags: ['t'] });
  await adapter.createTask({
    id: ids.taskId,
    name: 'task',
    description: 'd',
    roomId,
    worldId,
    entityId: userId,
    tags: ['q'],
    metadata: { n: 1 },
  });
  await adapter.createTask({ id: ids.bareTaskId, name: 'bare-task', tags: [], worldId } as never);
  await adapter.log({
    body: { runId: 'r1', status: 'started' },
    entityId: userId,
    roomId,
    type: 'run_event',
  });
  await adapter.log({ body: { a: 1 }, entityId: userId, roomId, type: 'action' });
  await adapter.setCache('k', { v: [1, 'two'] });

  out.agent = await adapter.getAgent(agentId);
  out.agents = await adapter.getAgents();
  out.entities = byId(await adapter.getEntitiesByIds([agentId, userId]));
  out.entitiesForRoom = byId(await adapter.getEntitiesForRoom(roomId, true));
  out.component = await adapter.getComponent(userId, 'profile', worldId, agentId);
  out.components = byId(await adapter.getComponents(userId));
  out.rooms = byId(await adapter.getRoomsByIds([roomId, bareRoomId]));
  out.roomsByWorld = await adapter.getRoomsByWorld(worldId);
  out.world = await adapter.getWorld(worldId);
  out.bareWorld = await adapter.getWorld(bareWorldId);
  out.worlds = byId(await adapter.getAllWorlds());
  out.participantsForEntity = await adapter.getParticipantsForEntity(userId);
  out.participantsForRoom = (await adapter.getParticipantsForRoom(roomId)).sort();
  out.userState = await adapter.getParticipantUserState(roomId, userId);
  out.memories = byId(await adapter.getMemories({ roomId, tableName: 'messages' }));
  out.memory = await adapter.getMemoryById(ids.memoryId);
  out.memoriesByIds = byId(await adapter.getMemoriesByIds([ids.memoryId, ids.bareMemoryId]));
  out.memoriesByRoomIds = byId(
    await adapter.getMemoriesByRoomIds({ roomIds: [roomId], tableName: 'messages' }),
  );
  out.memoriesByWorldId = byId(await adapter.getMemoriesByWorldId({ worldId, tableName: 'messages' }));
  out.search = await adapter.searchMemories({ tableName: 'messages', embedding, roomId, count: 1 });
  out.relationship = await adapter.getRelationship({ sourceEntityId: agentId, targetEntityId: userId });
  out.relationships = await adapter.getRelationships({ entityId: agentId });
  out.task = await adapter.getTask(ids.taskId);
  out.bareTask = await adapter.getTask(ids.bareTaskId);
  out.tasks = byId(await adapter.getTasks({}));
  out.tasksByName = await adapter.getTasksByName('task');
  out.logs = [...(await adapter.getLogs({ entityId: userId, roomId }))].sort((a, b) =>
    a.type.localeCompare(b.type),
  );
  out.cache = await adapter.getCache('k');

  out.createdServer = await adapter.createMessageServer({
    id: ids.messageServerId,
    name: 'S',
    sourceType: 'test',
  });
  out.messageServers = byId(await adapter.getMessageServers());
  out.messageServer = await adapter.getMessageServerById(ids.messageServerId);
  out.createdChannel = await adapter.createChannel(
    { id: ids.channelId, messageServerId: ids.messageServerId, name: 'C', type: 'GROUP' },
    [userId],
  );
  out.channels = await adapter.getChannelsForMessageServer(ids.messageServerId);
  out.channel = await adapter.getChannelDetails(ids.channelId);
  out.updatedChannel = await adapter.updateChannel(ids.channelId, { name: 'C2' });
  out.dmChannel = await adapter.findOrCreateDmChannel(userId, agentId, ids.messageServerId);
  out.createdMessage = await adapter.createMessage({
    messageId: ids.messageId,
    channelId: ids.channelId,
    authorId: userId,
    content: 'hi',
  });
  out.messages = await adapter.getMessagesForChannel(ids.channelId);
  out.updatedMessage = await adapter.updateMessage(ids.messageId, { content: 'hi!' });
  return out;
}

for (const backend of testConfigBackends) {
  describe(`row shapes as the reference's [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('every object read back has the reference keys, with null where it has null', async () => {
      const ids = Object.fromEntries(ID_NAMES.map((name) => [name, uuid()])) as Ids;
      const expected = await createReferenceDatabase({
        reference,
        location: await backend.open(),
        agentId: ids.agentId,
        fill: (adapter: Adapter) => exercise(adapter, ids),
      });
      const ours = createDatabaseAdapter(await backend.open(), ids.agentId) as Adapter;
      try {
        await ours.init();
        const actual = await exercise(ours, ids);
        expect(Object.keys(actual)).toEqual(Object.keys(expected));
        for (const [call, value] of Object.entries(expected)) {
          let ours = shape(actual[call]);
          let theirs = shape(value);
          for (const rule of DELIBERATE.filter((r) => r.calls.includes(call))) {
            if (rule.ours) ours = eachRecord(ours, rule.ours);
            if (rule.reference) theirs = eachRecord(theirs, rule.reference);
          }
          expect.soft(ours, call).toEqual(theirs);
        }
      } finally {
        await ours.close();
      }
    });
  });
}
