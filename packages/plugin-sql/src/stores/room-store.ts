/**
 * Rooms: conversation spaces of an agent, optionally inside a world. Deleting a room removes, in one
 * transaction, everything the reference's foreign keys cascade: its memories with their embeddings,
 * participants, logs and components.
 */
import type { Room, UUID } from '@elizaos/core';
import {
  componentTable,
  embeddingTable,
  logTable,
  memoryTable,
  participantTable,
  roomTable,
} from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, eq, inArray } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { toRoom } from './row-mappers.js';
import {
  assertUuidList,
  isGiven,
  jsonbObjectOrNull,
  newUuid,
  optionalText,
  requiredText,
  uuidOrNull,
} from './store-values.js';
import { chunkRows } from './chunk.js';
import { insertOwnedRows } from './id-conflict.js';
import { serverIdColumns } from './server-id-columns.js';
import { oldestFirst } from './oldest-first.js';
import { checkedFields } from './checked-fields.js';

function assertRoom(field: string, room: unknown): asserts room is Room {
  if (room === null || typeof room !== 'object') throw invalidInput(field, room, 'a Room object');
}

function toRoomInsert(field: string, room: Room, agentId: UUID) {
  assertRoom(field, room);
  return {
    id: isGiven(room.id) ? assertUuid(`${field}.id`, room.id) : newUuid(),
    agentId,
    source: requiredText(`${field}.source`, room.source),
    type: requiredText(`${field}.type`, room.type),
    messageServerId: null,
    platformServerId: null,
    ...serverIdColumns(field, room),
    worldId: uuidOrNull(`${field}.worldId`, room.worldId),
    name: optionalText(`${field}.name`, room.name) ?? null,
    metadata: jsonbObjectOrNull(`${field}.metadata`, room.metadata) ?? null,
    channelId: optionalText(`${field}.channelId`, room.channelId) ?? null,
  };
}

const ROOM_COLUMNS = {
  id: roomTable.id,
  name: roomTable.name,
  channelId: roomTable.channelId,
  agentId: roomTable.agentId,
  messageServerId: roomTable.messageServerId,
  platformServerId: roomTable.platformServerId,
  worldId: roomTable.worldId,
  type: roomTable.type,
  source: roomTable.source,
  metadata: roomTable.metadata,
};

/** The rooms of `agentId` among `roomIds` (missing or other agents' ids are left out). */
export async function getRoomsByIds(ex: SqlExecutor, agentId: UUID, roomIds: UUID[]): Promise<Room[] | null> {
  assertUuid('agentId', agentId);
  const ids = assertUuidList('roomIds', roomIds);
  if (ids.length === 0) return [];
  const rooms: Room[] = [];
  for (const chunk of chunkRows(ids, 1)) {
    const rows = await ex.db
      .select(ROOM_COLUMNS)
      .from(roomTable)
      .where(and(inArray(roomTable.id, chunk), eq(roomTable.agentId, agentId)));
    rooms.push(...rows.map(toRoom));
  }
  return rooms;
}

/**
 * `agentId`'s rooms of a world, oldest first, with `createdAt` as the reference's (the reference lists
 * every agent's).
 */
export async function getRoomsByWorld(ex: SqlExecutor, agentId: UUID, worldId: UUID): Promise<Room[]> {
  assertUuid('agentId', agentId);
  assertUuid('worldId', worldId);
  const rows = await ex.db
    .select({ ...ROOM_COLUMNS, createdAt: roomTable.createdAt })
    .from(roomTable)
    .where(and(eq(roomTable.worldId, worldId), eq(roomTable.agentId, agentId)))
    .orderBy(...oldestFirst(roomTable));
  return rows.map(toRoom);
}

/**
 * Creates rooms owned by `agentId` and returns their ids in input order (a new id where `room.id` is
 * absent). A room of `agentId` whose id exists already is left unchanged; an id held by any other row
 * (another agent's, another server's) is ID_CONFLICT and nothing is stored. Large batches are chunked
 * under the bind-parameter limit inside one transaction.
 */
export async function createRooms(ex: SqlExecutor, agentId: UUID, rooms: Room[]): Promise<UUID[]> {
  assertUuid('agentId', agentId);
  if (!Array.isArray(rooms)) throw invalidInput('rooms', rooms, 'an array of Room objects');
  const values = rooms.map((room, index) => toRoomInsert(`rooms[${index}]`, room, agentId));
  if (values.length === 0) return [];
  const wanted = values.map((v, i) => ({ id: v.id, field: `rooms[${i}].id`, owner: agentId }));
  const where = {
    method: 'createRooms',
    table: roomTable,
    idColumn: roomTable.id,
    ownerColumn: roomTable.agentId,
  };
  await insertOwnedRows(ex, where, values, wanted, Object.keys(values[0] ?? {}).length, (on, rows) =>
    on.db.insert(roomTable).values(rows).onConflictDoNothing().returning({ id: roomTable.id }),
  );
  return values.map((value) => value.id as UUID);
}

/**
 * Updates the fields `room` gives (absent ones keep their value, as the reference); the owner becomes
 * `agentId`, as the reference.
 */
export async function updateRoom(ex: SqlExecutor, agentId: UUID, room: Room): Promise<void> {
  assertUuid('agentId', agentId);
  assertRoom('room', room);
  const id = assertUuid('room.id', room.id);
  const changes = {
    agentId,
    ...checkedFields('room', room, { source: requiredText, type: requiredText }),
    ...serverIdColumns('room', room),
    ...checkedFields('room', room, {
      worldId: uuidOrNull,
      name: optionalText,
      metadata: jsonbObjectOrNull,
      channelId: optionalText,
    }),
  };
  await ex.db.update(roomTable).set(changes).where(eq(roomTable.id, id));
}

/** Deletes what belongs to the rooms `ids`, then the rooms (the caller holds the transaction). */
async function deleteRoomsAndContents(tx: SqlExecutor, ids: UUID[]): Promise<void> {
  const memoryIds = tx.db
    .select({ id: memoryTable.id })
    .from(memoryTable)
    .where(inArray(memoryTable.roomId, ids));
  await tx.db.delete(embeddingTable).where(inArray(embeddingTable.memoryId, memoryIds));
  await tx.db.delete(memoryTable).where(inArray(memoryTable.roomId, ids));
  await tx.db.delete(participantTable).where(inArray(participantTable.roomId, ids));
  await tx.db.delete(logTable).where(inArray(logTable.roomId, ids));
  await tx.db.delete(componentTable).where(inArray(componentTable.roomId, ids));
  await tx.db.delete(roomTable).where(inArray(roomTable.id, ids));
}

/** Deletes a room with its memories, embeddings, participants, logs and components, atomically. */
export async function deleteRoom(ex: SqlExecutor, roomId: UUID): Promise<void> {
  const id = assertUuid('roomId', roomId);
  await ex.transaction((tx) => deleteRoomsAndContents(tx, [id]));
}

/** Deletes every room of `agentId` in a world, each with what `deleteRoom` removes, atomically. */
export async function deleteRoomsByWorldId(ex: SqlExecutor, agentId: UUID, worldId: UUID): Promise<void> {
  assertUuid('agentId', agentId);
  assertUuid('worldId', worldId);
  await ex.transaction(async (tx) => {
    const rows = await tx.db
      .select({ id: roomTable.id })
      .from(roomTable)
      .where(and(eq(roomTable.worldId, worldId), eq(roomTable.agentId, agentId)));
    const ids = rows.map((row) => row.id as UUID);
    for (const chunk of chunkRows(ids, 1)) await deleteRoomsAndContents(tx, chunk);
  });
}
