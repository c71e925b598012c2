/**
 * Row → elizaOS object mappers of the world, room, relationship, task and messaging stores. They depend
 * only on the Drizzle row types of `@eliza-sql/core-schema`, not on the facade. An optional column
 * that is SQL NULL comes back as `null` where the reference returns `null` (callers such as the
 * elizaOS server send these objects on as JSON, where a missing key and `null` differ), else as
 * `undefined`.
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
 * A `worlds` row as a core `World`, with its `createdAt` as the reference's: `serverId` as the platform
 * gave it, else the deprecated alias of `messageServerId`.
 */
export function toWorld(row: WorldRow): World {
  const messageServerId = row.messageServerId ?? null;
  return {
    id: row.id as UUID,
    name: row.name,
    agentId: row.agentId as UUID,
    messageServerId,
    serverId: row.platformServerId ?? messageServerId,
    metadata: row.metadata ?? null,
    createdAt: row.createdAt,
  } as World;
}

/**
 * A `rooms` row as a core `Room` (`serverId` as for worlds; `createdAt` when the row has it, as the
 * reference's `getRoomsByWorld`).
 */
export function toRoom(row: Pick<RoomRow, Exclude<keyof RoomRow, 'createdAt'>> & { createdAt?: Date }): Room {
  const messageServerId = row.messageServerId ?? null;
  return {
    id: row.id as UUID,
    name: opt(row.name),
    agentId: opt(row.agentId) as UUID | undefined,
    source: row.source,
    type: row.type as ChannelType,
    channelId: row.channelId ?? null,
    messageServerId,
    serverId: row.platformServerId ?? messageServerId,
    worldId: row.worldId ?? null,
    metadata: row.metadata ?? null,
    ...(row.createdAt ? { createdAt: row.createdAt } : {}),
  } as Room;
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
    roomId: row.roomId ?? null,
    worldId: row.worldId ?? null,
    entityId: row.entityId ?? null,
    tags: row.tags ?? [],
    metadata: (row.metadata ?? {}) as Task['metadata'],
  } as Task;
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
    inReplyToRootMessageId: (row.inReplyToRootMessageId ?? null) as UUID | null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
