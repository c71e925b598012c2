/**
 * Walks every public read, update and delete method of `other` (server B's adapter) with `target`'s
 * ids (server A's rows) and asserts each read sees none of them. Updates and deletes may resolve
 * (reporting "not found") or be refused; the caller proves they changed nothing by snapshotting A's rows.
 * Returns the names of the methods called.
 */
import { ChannelType } from '@elizaos/core';
import { expect } from 'vitest';
import { isElizaSqlError, type SqlDatabaseAdapter } from '../../src/index.js';
import { axisVector } from '../support/fixtures.js';
import type { SeededServer } from './isolation-fixture.js';

export async function walkOtherServer(
  other: SqlDatabaseAdapter,
  target: SeededServer,
  own: SeededServer,
): Promise<string[]> {
  const called: string[] = [];
  const read = async <T>(name: string, fn: () => Promise<T>, check: (value: T) => void) => {
    called.push(name);
    check(await fn());
  };
  const change = async (name: string, fn: () => Promise<unknown>) => {
    called.push(name);
    // resolving ("not found") or a refusal (not found / row-level security / a foreign key that, scoped
    // to the server, finds no such row) are all fine; anything else fails. The caller's snapshot proves
    // nothing changed.
    await fn().catch((err: unknown) => {
      let text = '';
      for (let e: unknown = err; e instanceof Error; e = e.cause) text += `${e.message}\n`;
      const refusal =
        isElizaSqlError(err, 'INVALID_INPUT') ||
        /violates row-level security|violates foreign key constraint/.test(text);
      if (!refusal) throw err;
    });
  };
  const none = (v: unknown) => expect(v ?? []).toEqual([]);
  const nothing = (v: unknown) => expect(v ?? null).toBeNull();
  const t = target;
  const embedding = axisVector(384, 3);

  await read('getAgent', () => other.getAgent(t.agentId), nothing);
  await read(
    'getAgents',
    () => other.getAgents(),
    (v) => expect(v.map((a) => a.id)).toEqual([own.agentId]),
  );
  await read(
    'countAgents',
    () => other.countAgents(),
    (v) => expect(v).toBe(1),
  );
  await read('getEntitiesByIds', () => other.getEntitiesByIds([t.userId, t.agentId]), none);
  await read('getEntityByIds', () => other.getEntityByIds([t.userId]), none);
  await read('getEntitiesForRoom', () => other.getEntitiesForRoom(t.roomId, true), none);
  await read(
    'getEntitiesByNames',
    () => other.getEntitiesByNames({ names: [...t.names], agentId: t.agentId }),
    none,
  );
  await read(
    'searchEntitiesByName',
    () => other.searchEntitiesByName({ query: 'user', agentId: t.agentId }),
    none,
  );
  await read('getComponent', () => other.getComponent(t.userId, 'profile', t.worldId, t.agentId), nothing);
  await read('getComponents', () => other.getComponents(t.userId), none);
  await read('getMemories', () => other.getMemories({ tableName: 'messages', roomId: t.roomId }), none);
  await read(
    'getMemories(entity)',
    () => other.getMemories({ tableName: 'messages', entityId: t.userId }),
    (v) => expect(v.map((m) => m.id)).not.toContain(t.memoryId),
  );
  await read('getMemoryById', () => other.getMemoryById(t.memoryId), nothing);
  await read('getMemoriesByIds', () => other.getMemoriesByIds([t.memoryId], 'messages'), none);
  await read(
    'getMemoriesByRoomIds',
    () => other.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [t.roomId] }),
    none,
  );
  await read('getMemoriesByWorldId', () => other.getMemoriesByWorldId({ worldId: t.worldId }), none);
  await read(
    'getMemoriesByServerId',
    () => other.getMemoriesByServerId({ serverId: t.messageServerId }),
    none,
  );
  const cached = {
    query_table_name: 'messages',
    query_threshold: 100,
    query_input: 'memory-a',
    query_field_name: 'content',
    query_field_sub_name: 'text',
    query_match_count: 10,
  };
  await read(
    'getCachedEmbeddings',
    () => other.getCachedEmbeddings(cached),
    (v) => expect(v.length).toBeLessThanOrEqual(1),
  );
  await read(
    'searchMemories',
    () => other.searchMemories({ tableName: 'messages', embedding, count: 10 }),
    (v) => expect(v.map((m) => m.id)).toEqual([own.memoryId]),
  );
  await read(
    'searchMemoriesByEmbedding',
    () => other.searchMemoriesByEmbedding(embedding, { tableName: 'messages', roomId: t.roomId, count: 5 }),
    none,
  );
  await read(
    'countMemories',
    () => other.countMemories(t.roomId, false, 'messages'),
    (v) => expect(v).toBe(0),
  );
  await read('getLogs(room)', () => other.getLogs({ roomId: t.roomId }), none);
  // getLogs ignores entityId as the reference does without RLS: B gets its own logs, never A's
  await read(
    'getLogs(entity)',
    () => other.getLogs({ entityId: t.userId }),
    (v) => expect(v.map((l) => l.id)).not.toContain(t.logId),
  );
  await read(
    'getAgentRunSummaries',
    () => other.getAgentRunSummaries({ roomId: t.roomId }),
    (v) => expect(v.runs).toEqual([]),
  );
  await read('getWorld', () => other.getWorld(t.worldId), nothing);
  await read(
    'getAllWorlds',
    () => other.getAllWorlds(),
    (v) => expect(v.map((w) => w.id)).toEqual([own.worldId]),
  );
  await read('getRoomsByIds', () => other.getRoomsByIds([t.roomId]), none);
  await read('getRoomsByWorld', () => other.getRoomsByWorld(t.worldId), none);
  await read('getRoomsForParticipant', () => other.getRoomsForParticipant(t.userId), none);
  await read('getRoomsForParticipants', () => other.getRoomsForParticipants([t.userId, t.agentId]), none);
  await read('getParticipantsForEntity', () => other.getParticipantsForEntity(t.userId), none);
  await read('getParticipantsForRoom', () => other.getParticipantsForRoom(t.roomId), none);
  await read(
    'isRoomParticipant',
    () => other.isRoomParticipant(t.roomId, t.userId),
    (v) => expect(v).toBe(false),
  );
  await read('getParticipantUserState', () => other.getParticipantUserState(t.roomId, t.userId), nothing);
  await read(
    'getRelationship',
    () => other.getRelationship({ sourceEntityId: t.userId, targetEntityId: t.agentId }),
    nothing,
  );
  await read('getRelationships', () => other.getRelationships({ entityId: t.userId }), none);
  await read(
    'getCache',
    () => other.getCache(t.cacheKey),
    (v) => expect(v).toBeUndefined(),
  );
  await read('getTasks(room)', () => other.getTasks({ roomId: t.roomId }), none);
  await read(
    'getTasks',
    () => other.getTasks({}),
    (v) => expect(v.map((x) => x.id)).toEqual([own.taskId]),
  );
  await read('getTask', () => other.getTask(t.taskId), nothing);
  await read('getTasksByName', () => other.getTasksByName(t.taskName), none);
  await read(
    'getMessageServers',
    () => other.getMessageServers(),
    (v) => expect(v.map((s) => s.id)).toEqual([own.messageServerId]),
  );
  await read('getMessageServerById', () => other.getMessageServerById(t.messageServerId), nothing);
  await read('getAgentsForMessageServer', () => other.getAgentsForMessageServer(t.messageServerId), none);
  await read('getChannelsForMessageServer', () => other.getChannelsForMessageServer(t.messageServerId), none);
  await read('getChannelDetails', () => other.getChannelDetails(t.channelId), nothing);
  await read('getChannelParticipants', () => other.getChannelParticipants(t.channelId), none);
  await read(
    'isChannelParticipant',
    () => other.isChannelParticipant(t.channelId, t.userId),
    (v) => expect(v).toBe(false),
  );
  await read('getMessageById', () => other.getMessageById(t.messageId), nothing);
  await read('getMessagesForChannel', () => other.getMessagesForChannel(t.channelId), none);
  await read(
    'getMessagesForChannelPage',
    () => other.getMessagesForChannelPage(t.channelId),
    (v) => expect(v).toEqual({ messages: [], nextCursor: null }),
  );

  await change('updateAgent', () => other.updateAgent(t.agentId, { name: 'hacked' }));
  await change('updateEntity', () =>
    other.updateEntity({ id: t.userId, names: ['hacked'], agentId: t.agentId, metadata: {} }),
  );
  await change('updateComponent', () =>
    other.updateComponent({
      id: t.componentId,
      entityId: t.userId,
      agentId: t.agentId,
      roomId: t.roomId,
      worldId: t.worldId,
      sourceEntityId: t.agentId,
      type: 'profile',
      data: { hacked: true },
      createdAt: Date.now(),
    }),
  );
  await change('updateMemory', () => other.updateMemory({ id: t.memoryId, content: { text: 'hacked' } }));
  await change('updateWorld', () =>
    other.updateWorld({
      id: t.worldId,
      name: 'hacked',
      agentId: t.agentId,
      messageServerId: t.messageServerId,
    }),
  );
  await change('updateRoom', () =>
    other.updateRoom({
      id: t.roomId,
      name: 'hacked',
      agentId: t.agentId,
      source: 'x',
      type: ChannelType.GROUP,
      worldId: t.worldId,
    }),
  );
  await change('setParticipantUserState', () => other.setParticipantUserState(t.roomId, t.userId, 'MUTED'));
  await change('updateRelationship', () =>
    other.updateRelationship({
      id: t.relationshipId,
      sourceEntityId: t.userId,
      targetEntityId: t.agentId,
      agentId: t.agentId,
      tags: ['hacked'],
      metadata: {},
    }),
  );
  await change('updateTask', () => other.updateTask(t.taskId, { name: 'hacked' }));
  await change('updateChannel', () => other.updateChannel(t.channelId, { name: 'hacked' }));
  await change('updateMessage', () => other.updateMessage(t.messageId, { content: 'hacked' }));
  await change('addParticipant', () => other.addParticipant(own.userId, t.roomId));
  await change('addChannelParticipants', () => other.addChannelParticipants(t.channelId, [own.userId]));
  await change('addAgentToMessageServer', () =>
    other.addAgentToMessageServer(t.messageServerId, own.agentId),
  );
  await change('deleteMessage', () => other.deleteMessage(t.messageId));
  await change('deleteChannel', () => other.deleteChannel(t.channelId));
  await change('removeAgentFromMessageServer', () =>
    other.removeAgentFromMessageServer(t.messageServerId, t.agentId),
  );
  await change('deleteCache', () => other.deleteCache(t.cacheKey));
  await change('deleteTask', () => other.deleteTask(t.taskId));
  await change('deleteLog', () => other.deleteLog(t.logId));
  await change('deleteComponent', () => other.deleteComponent(t.componentId));
  await change('removeParticipant', () => other.removeParticipant(t.userId, t.roomId));
  await change('deleteMemory', () => other.deleteMemory(t.memoryId));
  await change('deleteManyMemories', () => other.deleteManyMemories([t.memoryId]));
  await change('deleteAllMemories', () => other.deleteAllMemories(t.roomId, 'messages'));
  await change('deleteRoom', () => other.deleteRoom(t.roomId));
  await change('deleteRoomsByWorldId', () => other.deleteRoomsByWorldId(t.worldId));
  await change('removeWorld', () => other.removeWorld(t.worldId));
  await change('deleteEntity', () => other.deleteEntity(t.userId));
  await change('deleteAgent', () => other.deleteAgent(t.agentId));
  await change('cleanupAgents', () => other.cleanupAgents());
  await change('changeEmbeddingDimension', () => other.changeEmbeddingDimension(768));
  return called;
}
