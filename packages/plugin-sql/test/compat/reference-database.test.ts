/**
 * Compatibility: a database created and filled by @elizaos/plugin-sql@1.7.2 is opened by ours, and
 * every row reads back through the same adapter methods.
 */
import { createReferenceDatabase, embedText, uuid } from '@eliza-sql/test-support';
import { ChannelType, type IDatabaseAdapter, type UUID } from '@elizaos/core';
import * as reference from '@elizaos/plugin-sql';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabaseAdapter } from '../../src/index.js';
import { testConfigBackends } from '../support/config-backends.js';

interface Seeded {
  agentId: UUID;
  userId: UUID;
  worldId: UUID;
  roomId: UUID;
  memoryIds: UUID[];
  taskId: UUID;
}

async function seedWithReference(ref: IDatabaseAdapter, agentId: UUID): Promise<Seeded> {
  const userId = uuid();
  const worldId = uuid();
  const roomId = uuid();
  await ref.createAgent({
    id: agentId,
    name: 'Legacy',
    username: 'legacy',
    bio: ['made by the reference'],
    settings: { model: 'x', secrets: { KEY: 'v' } },
  });
  await ref.ensureEmbeddingDimension(384);
  await ref.createEntities([
    { id: agentId, names: ['Legacy'], agentId, metadata: {} },
    { id: userId, names: ['Alice', 'Al'], agentId, metadata: { test: { id: 'a1' } } },
  ]);
  await ref.createWorld({
    id: worldId,
    name: 'Old World',
    agentId,
    messageServerId: uuid(),
    metadata: { w: 1 },
  });
  await ref.createRooms([
    { id: roomId, name: 'Old Room', agentId, source: 'test', type: ChannelType.GROUP, worldId },
    {
      id: uuid(),
      name: 'Old Channel',
      agentId,
      source: 'test',
      type: ChannelType.GROUP,
      worldId,
      messageServerId: uuid(),
    },
  ]);
  await ref.addParticipantsRoom([agentId, userId], roomId);
  await ref.createComponent({
    id: uuid(),
    entityId: userId,
    agentId,
    roomId,
    worldId,
    sourceEntityId: agentId,
    type: 'profile',
    data: { likes: ['tea'] },
    createdAt: Date.now(),
  });
  await ref.createRelationship({
    sourceEntityId: agentId,
    targetEntityId: userId,
    tags: ['friend'],
    metadata: { since: 1 },
  });
  const texts = ['the old cat sleeps', 'tea is served at five', 'mountains in the fog'];
  const memoryIds: UUID[] = [];
  for (const [i, text] of texts.entries()) {
    memoryIds.push(
      await ref.createMemory(
        {
          id: uuid(),
          entityId: userId,
          agentId,
          roomId,
          worldId,
          content: { text, source: 'test' },
          metadata: { type: 'message' },
          embedding: embedText(text),
          createdAt: 1_700_000_000_000 + i * 1000,
        },
        'messages',
      ),
    );
  }
  await ref.setCache('legacy-cache', { nested: { list: [1, 'two'] } });
  const taskId = await ref.createTask({
    name: 'legacy-task',
    description: 'old',
    roomId,
    worldId,
    tags: ['queue'],
    metadata: { n: 1 },
  });
  await ref.log({ body: { runId: 'r1', status: 'started' }, entityId: userId, roomId, type: 'run_event' });
  return { agentId, userId, worldId, roomId, memoryIds, taskId };
}

/** What both adapters must return alike, normalised to the fields the interface defines. */
async function snapshot(adapter: IDatabaseAdapter, s: Seeded) {
  const memories = await adapter.getMemories({ roomId: s.roomId, tableName: 'messages' });
  const entities = (await adapter.getEntitiesByIds([s.agentId, s.userId])) ?? [];
  const hits = await adapter.searchMemories({
    tableName: 'messages',
    embedding: embedText('where is the cat'),
    roomId: s.roomId,
    count: 1,
  });
  const agent = await adapter.getAgent(s.agentId);
  return {
    agent: {
      id: agent?.id,
      name: agent?.name,
      username: agent?.username,
      bio: agent?.bio,
      settings: agent?.settings,
    },
    entities: entities
      .map((e) => ({
        id: e.id,
        names: e.names,
        metadata: e.metadata,
        components: e.components?.map((c) => c.data),
      }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id))),
    world: await adapter.getWorld(s.worldId).then((w) => ({
      id: w?.id,
      name: w?.name,
      metadata: w?.metadata,
      messageServerId: w?.messageServerId,
    })),
    rooms: (await adapter.getRoomsByWorld(s.worldId))
      .map((r) => ({
        id: r.id,
        name: r.name,
        worldId: r.worldId,
        type: r.type,
        messageServerId: r.messageServerId ?? null,
        serverId: r.serverId ?? null,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    participants: (await adapter.getParticipantsForRoom(s.roomId)).sort(),
    relationship: await adapter
      .getRelationship({ sourceEntityId: s.agentId, targetEntityId: s.userId })
      .then((r) => ({ tags: r?.tags, metadata: r?.metadata })),
    memories: memories.map((m) => ({
      id: m.id,
      content: m.content,
      metadata: m.metadata,
      entityId: m.entityId,
      roomId: m.roomId,
      createdAt: m.createdAt,
      unique: m.unique,
      embedding: m.embedding?.slice(0, 8).map((x) => Math.round(x * 1e4) / 1e4),
    })),
    byId: await adapter.getMemoryById(s.memoryIds[0] as UUID).then((m) => m?.content),
    count: await adapter.countMemories(s.roomId, false, 'messages'),
    nearest: hits.map((m) => ({
      text: m.content.text,
      similarity: Math.round((m.similarity ?? 0) * 1e4) / 1e4,
    })),
    cache: await adapter.getCache('legacy-cache'),
    task: await adapter
      .getTask(s.taskId)
      .then((t) => ({ name: t?.name, tags: t?.tags, metadata: t?.metadata })),
    logs: (await adapter.getLogs({ roomId: s.roomId, type: 'run_event' })).map((l) => l.body),
  };
}

for (const target of testConfigBackends) {
  describe(`database created by @elizaos/plugin-sql@1.7.2, opened by ours [${target.name}]`, () => {
    afterAll(() => target.cleanup());

    it('every row reads back through the same methods', async () => {
      const config = await target.open();
      const agentId = uuid();
      const { seeded, expected } = await createReferenceDatabase({
        reference,
        location: config,
        agentId,
        async fill(ref: IDatabaseAdapter) {
          const seeded = await seedWithReference(ref, agentId);
          return { seeded, expected: await snapshot(ref, seeded) };
        },
      });

      const ours = createDatabaseAdapter(config, agentId);
      await ours.init(); // brings the reference's database up to our schema (additive only)
      await ours.ensureEmbeddingDimension(384);
      const actual = await snapshot(ours, seeded);
      expect(actual).toEqual(expected);
      expect(actual.memories).toHaveLength(3);
      expect(actual.nearest[0]?.text).toBe('the old cat sleeps');
      // and it keeps working on that database
      await ours.createMemory(
        {
          entityId: seeded.userId,
          roomId: seeded.roomId,
          content: { text: 'new on old' },
          embedding: embedText('new on old'),
        },
        'messages',
      );
      expect(await ours.countMemories(seeded.roomId, false, 'messages')).toBe(4);
      // The migration added platform_server_id, so a platform's own server id is kept as given.
      const platformWorld = await ours.createWorld({
        id: uuid(),
        name: 'Platform',
        agentId,
        serverId: 'server1' as UUID,
      });
      expect((await ours.getWorld(platformWorld))?.serverId).toBe('server1');
      await ours.close();
    });
  });
}
