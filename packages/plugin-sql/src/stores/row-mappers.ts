/**
 * Row → elizaOS object mappers of the world, room, relationship, task and messaging stores. They depend
 * only on the Drizzle row types of `@eliza-sql/core-schema`, not on the facade. An optional column
 * that is SQL NULL comes back as `null` where the reference returns `null` (callers such as the
 * elizaOS server send these objects on as JSON, where a missing key and `null` differ), else as
 * `undefined`.
 */
import type { ChannelType, Relationship, Room, Task, UUID, World } from '@elizaos/core';
import type {
  ChannelRow,
  MessageRow,
  MessageServerRow,
  RelationshipRow,
  RoomRow,
  TaskRow,
  WorldRow,
} from '@eliza-sql/core-schema';
import type { Channel, Message, MessageServer } from './messaging-types.js';

function opt<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/** A messaging row with each SQL NULL as `undefined`: the messaging objects leave an absent optional out. */
function withoutNulls<Row extends object>(row: Row): { [K in keyof Row]: Exclude<Row[K], null> | undefined } {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) record[key] = value ?? undefined;
  return record as { [K in keyof Row]: Exclude<Row[K], null> | undefined };
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
    ...row,
    tags: row.tags ?? [],
    metadata: row.metadata ?? {},
    createdAt: row.createdAt.toISOString(),
  } as Relationship;
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
  return withoutNulls(row) as MessageServer;
}

/** A `channels` row. */
export function toChannel(row: ChannelRow): Channel {
  return withoutNulls(row) as Channel;
}

/** A `central_messages` row (the reply link is `null` when none, as the reference reads it). */
export function toMessage(row: MessageRow): Message {
  return { ...withoutNulls(row), inReplyToRootMessageId: row.inReplyToRootMessageId ?? null } as Message;
}
