import type { Participant, Relationship, Room, Task, UUID, World } from '@elizaos/core';
import { guardPublicMethods } from './boundary/guard-public-methods.js';
import { refusedAsFalse } from './refused-as-false.js';
import { CoreStoreAdapter } from './core-store-adapter.js';
import * as cache from './stores/cache-store.js';
import * as channels from './stores/channel-store.js';
import * as servers from './stores/message-server-store.js';
import * as messages from './stores/message-store.js';
import type {
  Channel,
  CreateChannelInput,
  CreateMessageInput,
  CreateMessageServerInput,
  Message,
  MessageServer,
  UpdateChannelInput,
  UpdateMessageInput,
} from './stores/messaging-types.js';
import * as participants from './stores/participant-store.js';
import * as relationships from './stores/relationship-store.js';
import * as rooms from './stores/room-store.js';
import * as tasks from './stores/task-store.js';
import * as worlds from './stores/world-store.js';

/**
 * The one `IDatabaseAdapter` of eliza-sql, for PGlite and PostgreSQL alike (the backend is a
 * `DatabaseDriver`). Every public method is one call through the resilience policy to an
 * executor-first store function; multi-statement operations run in one transaction.
 *
 * ```ts
 * const adapter = new SqlDatabaseAdapter(agentId, { connect: () => createPgliteDriver({ dataDir: 'memory://' }) });
 * await adapter.init(); // connects and migrates the core schema
 * ```
 */
export class SqlDatabaseAdapter extends CoreStoreAdapter {
  createWorld(world: World): Promise<UUID> {
    return this.write((ex) => worlds.createWorld(ex, this.agentId, world));
  }
  getWorld(id: UUID): Promise<World | null> {
    return this.read((ex) => worlds.getWorld(ex, id));
  }
  getAllWorlds(): Promise<World[]> {
    return this.read((ex) => worlds.getAllWorlds(ex, this.agentId));
  }
  updateWorld(world: World): Promise<void> {
    return this.run((ex) => worlds.updateWorld(ex, world), true);
  }
  removeWorld(id: UUID): Promise<void> {
    return this.run((ex) => worlds.removeWorld(ex, id), true);
  }

  getRoomsByIds(roomIds: UUID[]): Promise<Room[] | null> {
    return this.read((ex) => rooms.getRoomsByIds(ex, this.agentId, roomIds));
  }
  getRoomsByWorld(worldId: UUID): Promise<Room[]> {
    return this.read((ex) => rooms.getRoomsByWorld(ex, this.agentId, worldId));
  }
  createRooms(list: Room[]): Promise<UUID[]> {
    return this.write((ex) => rooms.createRooms(ex, this.agentId, list));
  }
  updateRoom(room: Room): Promise<void> {
    return this.run((ex) => rooms.updateRoom(ex, this.agentId, room), true);
  }
  deleteRoom(roomId: UUID): Promise<void> {
    return this.run((ex) => rooms.deleteRoom(ex, roomId), true);
  }
  deleteRoomsByWorldId(worldId: UUID): Promise<void> {
    return this.run((ex) => rooms.deleteRoomsByWorldId(ex, this.agentId, worldId), true);
  }

  getRoomsForParticipant(entityId: UUID): Promise<UUID[]> {
    return this.read((ex) => participants.getRoomsForParticipant(ex, this.agentId, entityId));
  }
  getRoomsForParticipants(entityIds: UUID[]): Promise<UUID[]> {
    return this.read((ex) => participants.getRoomsForParticipants(ex, this.agentId, entityIds));
  }
  /** One entity into a room (reference extension). */
  addParticipant(entityId: UUID, roomId: UUID): Promise<boolean> {
    return this.addParticipantsRoom([entityId], roomId);
  }
  /**
   * False when the room or an entity does not exist (nothing is added then). The store checks first; a
   * row deleted between its check and its insert is a refused write, logged.
   */
  addParticipantsRoom(entityIds: UUID[], roomId: UUID): Promise<boolean> {
    return refusedAsFalse(this.logger, 'addParticipantsRoom', () =>
      this.run((ex) => participants.addParticipantsRoom(ex, this.agentId, entityIds, roomId), true),
    );
  }
  removeParticipant(entityId: UUID, roomId: UUID): Promise<boolean> {
    return this.run((ex) => participants.removeParticipant(ex, entityId, roomId), true);
  }
  getParticipantsForEntity(entityId: UUID): Promise<Participant[]> {
    return this.read((ex) => participants.getParticipantsForEntity(ex, this.agentId, entityId));
  }
  getParticipantsForRoom(roomId: UUID): Promise<UUID[]> {
    return this.read((ex) => participants.getParticipantsForRoom(ex, roomId));
  }
  isRoomParticipant(roomId: UUID, entityId: UUID): Promise<boolean> {
    return this.read((ex) => participants.isRoomParticipant(ex, roomId, entityId));
  }
  getParticipantUserState(roomId: UUID, entityId: UUID): Promise<'FOLLOWED' | 'MUTED' | null> {
    return this.read((ex) => participants.getParticipantUserState(ex, this.agentId, roomId, entityId));
  }
  setParticipantUserState(roomId: UUID, entityId: UUID, state: 'FOLLOWED' | 'MUTED' | null): Promise<void> {
    return this.run(
      (ex) => participants.setParticipantUserState(ex, this.agentId, roomId, entityId, state),
      true,
    );
  }

  createRelationship(params: {
    sourceEntityId: UUID;
    targetEntityId: UUID;
    tags?: string[];
    metadata?: Record<string, unknown>;
  }): Promise<boolean> {
    // False (logged) for a duplicate or a missing entity, as the reference.
    return refusedAsFalse(this.logger, 'createRelationship', () =>
      this.write((ex) => relationships.createRelationship(ex, this.agentId, params)),
    );
  }
  updateRelationship(relationship: Relationship): Promise<void> {
    return this.run((ex) => relationships.updateRelationship(ex, relationship), true);
  }
  getRelationship(params: { sourceEntityId: UUID; targetEntityId: UUID }): Promise<Relationship | null> {
    return this.read((ex) => relationships.getRelationship(ex, this.agentId, params));
  }
  getRelationships(params: { entityId: UUID; tags?: string[] }): Promise<Relationship[]> {
    return this.read((ex) => relationships.getRelationships(ex, this.agentId, params));
  }

  getCache<T>(key: string): Promise<T | undefined> {
    return this.read((ex) => cache.getCache<T>(ex, this.agentId, key));
  }
  setCache<T>(key: string, value: T): Promise<boolean> {
    return this.run((ex) => cache.setCache<T>(ex, this.agentId, key, value), true);
  }
  deleteCache(key: string): Promise<boolean> {
    return this.run((ex) => cache.deleteCache(ex, this.agentId, key), true);
  }

  createTask(task: Task): Promise<UUID> {
    return this.write((ex) => tasks.createTask(ex, this.agentId, task));
  }
  getTasks(params: { roomId?: UUID; tags?: string[]; entityId?: UUID }): Promise<Task[]> {
    return this.read((ex) => tasks.getTasks(ex, this.agentId, params));
  }
  getTask(id: UUID): Promise<Task | null> {
    return this.read((ex) => tasks.getTask(ex, this.agentId, id));
  }
  getTasksByName(name: string): Promise<Task[]> {
    return this.read((ex) => tasks.getTasksByName(ex, this.agentId, name));
  }
  updateTask(id: UUID, task: Partial<Task>): Promise<void> {
    return this.run((ex) => tasks.updateTask(ex, this.agentId, id, task), true);
  }
  deleteTask(id: UUID): Promise<void> {
    return this.run((ex) => tasks.deleteTask(ex, this.agentId, id), true);
  }

  createMessageServer(data: CreateMessageServerInput): Promise<MessageServer> {
    return this.write((ex) => servers.createMessageServer(ex, data));
  }
  getMessageServers(): Promise<MessageServer[]> {
    return this.read((ex) => servers.getMessageServers(ex));
  }
  getMessageServerById(serverId: UUID): Promise<MessageServer | null> {
    return this.read((ex) => servers.getMessageServerById(ex, serverId));
  }
  getMessageServerByRlsServerId(rlsServerId: UUID): Promise<MessageServer | null> {
    return this.read((ex) => servers.getMessageServerByRlsServerId(ex, rlsServerId));
  }
  addAgentToMessageServer(messageServerId: UUID, agentId: UUID): Promise<void> {
    return this.run((ex) => servers.addAgentToMessageServer(ex, messageServerId, agentId), true);
  }
  getAgentsForMessageServer(messageServerId: UUID): Promise<UUID[]> {
    return this.read((ex) => servers.getAgentsForMessageServer(ex, messageServerId));
  }
  removeAgentFromMessageServer(messageServerId: UUID, agentId: UUID): Promise<void> {
    return this.run((ex) => servers.removeAgentFromMessageServer(ex, messageServerId, agentId), true);
  }

  createChannel(data: CreateChannelInput, participantIds?: UUID[]): Promise<Channel> {
    return this.write((ex) => channels.createChannel(ex, data, participantIds));
  }
  getChannelsForMessageServer(messageServerId: UUID): Promise<Channel[]> {
    return this.read((ex) => channels.getChannelsForMessageServer(ex, messageServerId));
  }
  getChannelDetails(channelId: UUID): Promise<Channel | null> {
    return this.read((ex) => channels.getChannelDetails(ex, channelId));
  }
  updateChannel(channelId: UUID, updates: UpdateChannelInput): Promise<Channel> {
    return this.run((ex) => channels.updateChannel(ex, channelId, updates), true);
  }
  deleteChannel(channelId: UUID): Promise<void> {
    return this.run((ex) => channels.deleteChannel(ex, channelId), true);
  }
  findOrCreateDmChannel(user1Id: UUID, user2Id: UUID, messageServerId: UUID): Promise<Channel> {
    return this.run((ex) => channels.findOrCreateDmChannel(ex, user1Id, user2Id, messageServerId), true);
  }
  addChannelParticipants(channelId: UUID, entityIds: UUID[]): Promise<void> {
    return this.run((ex) => channels.addChannelParticipants(ex, channelId, entityIds), true);
  }
  getChannelParticipants(channelId: UUID): Promise<UUID[]> {
    return this.read((ex) => channels.getChannelParticipants(ex, channelId));
  }
  isChannelParticipant(channelId: UUID, entityId: UUID): Promise<boolean> {
    return this.read((ex) => channels.isChannelParticipant(ex, channelId, entityId));
  }

  createMessage(data: CreateMessageInput): Promise<Message> {
    return this.write((ex) => messages.createMessage(ex, data));
  }
  getMessageById(id: UUID): Promise<Message | null> {
    return this.read((ex) => messages.getMessageById(ex, id));
  }
  updateMessage(id: UUID, patch: UpdateMessageInput): Promise<Message | null> {
    return this.run((ex) => messages.updateMessage(ex, id, patch), true);
  }
  deleteMessage(messageId: UUID): Promise<void> {
    return this.run((ex) => messages.deleteMessage(ex, messageId), true);
  }
  getMessagesForChannel(channelId: UUID, limit = 50, beforeTimestamp?: Date): Promise<Message[]> {
    return this.read((ex) => messages.getMessagesForChannel(ex, channelId, limit, beforeTimestamp));
  }
}

guardPublicMethods(SqlDatabaseAdapter);
