/**
 * Row → elizaOS object mappers of the world, room, relationship, task and messaging stores. They depend
 * only on the Drizzle row types of `@eliza-sql/core-schema`, not on the facade. SQL NULL becomes
 * `undefined` for optional fields, as the `@elizaos/core` types declare them.
 */
import type { ChannelType, Metadata, Relationship, Room, Task, UUID, World } from '@elizaos/core';
import type {
  channelTable,
  messageServerTable,
  messageTable,
  relationshipTable,
  roomTable,
  taskTable,
  worldTable,
} from '@eliza-sql/core-schema';
import type { Channel, Message, MessageServer } from './messaging-types.js';

type WorldRow = typeof worldTable.$inferSelect;
type RoomRow = typeof roomTable.$inferSelect;
type RelationshipRow = typeof relationshipTable.$inferSelect;
type TaskRow = typeof taskTable.$inferSelect;
type MessageServerRow = typeof messageServerTable.$inferSelect;
type ChannelRow = typeof channelTable.$inferSelect;
type MessageRow = typeof messageTable.$inferSelect;

function opt<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/**
 * A `worlds` row as a core `World`: `serverId` as the platform gave it, else the deprecated alias of
 * `messageServerId`.
 */
export function toWorld(row: WorldRow): World {
  const messageServerId = opt(row.messageServerId) as UUID | undefined;
  return {
    id: row.id as UUID,
    name: row.name,
    agentId: row.agentId as UUID,
    messageServerId,
    serverId: (row.platformServerId ?? messageServerId) as UUID | undefined,
    metadata: opt(row.metadata) as World['metadata'],
  };
}

/** A `rooms` row as a core `Room` (`serverId` as for worlds). */
export function toRoom(row: Pick<RoomRow, Exclude<keyof RoomRow, 'createdAt'>>): Room {
  const messageServerId = opt(row.messageServerId) as UUID | undefined;
  return {
    id: row.id as UUID,
    name: opt(row.name),
    agentId: opt(row.agentId) as UUID | undefined,
    source: row.source,
    type: row.type as ChannelType,
    channelId: opt(row.channelId),
    messageServerId,
    serverId: (row.platformServerId ?? messageServerId) as UUID | undefined,
    worldId: opt(row.worldId) as UUID | undefined,
    metadata: opt(row.metadata) as Metadata | undefined,
  };
}

/** A `relationships` row as a core `Relationship` (`createdAt` as an ISO string). */
export function toRelationship(row: RelationshipRow): Relationship {
  return {
    id: row.id as UUID,
    sourceEntityId: row.sourceEntityId as UUID,
    targetEntityId: row.targetEntityId as UUID,
    agentId: row.agentId as UUID,
    tags: row.tags ?? [],
    metadata: (row.metadata ?? {}) as Metadata,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A `tasks` row as a core `Task` (`description` '' when NULL, as the reference does). */
export function toTask(row: TaskRow): Task {
  return {
    id: row.id as UUID,
    name: row.name,
    description: row.description ?? '',
    roomId: opt(row.roomId) as UUID | undefined,
    worldId: opt(row.worldId) as UUID | undefined,
    entityId: opt(row.entityId) as UUID | undefined,
    tags: row.tags ?? [],
    metadata: (row.metadata ?? {}) as Task['metadata'],
  };
}

/** A `message_servers` row. */
export function toMessageServer(row: MessageServerRow): MessageServer {
  return {
    id: row.id as UUID,
    name: row.name,
    sourceType: row.sourceType,
    sourceId: opt(row.sourceId),
    metadata: opt(row.metadata) as Metadata | undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A `channels` row. */
export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id as UUID,
    messageServerId: row.messageServerId as UUID,
    name: row.name,
    type: row.type,
    sourceType: opt(row.sourceType),
    sourceId: opt(row.sourceId),
    topic: opt(row.topic),
    metadata: opt(row.metadata) as Metadata | undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A `central_messages` row. */
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id as UUID,
    channelId: row.channelId as UUID,
    authorId: row.authorId as UUID,
    content: row.content,
    rawMessage: opt(row.rawMessage) as Record<string, unknown> | undefined,
    sourceType: opt(row.sourceType),
    sourceId: opt(row.sourceId),
    metadata: opt(row.metadata) as Metadata | undefined,
    inReplyToRootMessageId: opt(row.inReplyToRootMessageId) as UUID | undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
