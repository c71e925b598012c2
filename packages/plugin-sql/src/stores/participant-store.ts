/**
 * Room participants: which entities are in which rooms, and each one's room state (FOLLOWED/MUTED).
 * Adding an entity already in the room adds no second row; databases created by the reference may
 * hold duplicates, so reads return each entity or room once.
 */
import type { Entity, Participant, UUID } from '@elizaos/core';
import { participantTable, roomTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { getEntitiesByIds } from './entity-store.js';
import { chunkRows } from './chunk.js';
import { createMembership } from './membership.js';
import { oldestFirst } from './oldest-first.js';
import { plainArrayText } from './pg-array-text.js';
import { assertUuidList } from './store-values.js';

const roomParticipants = createMembership(participantTable.roomId, participantTable.entityId);

/** A participant's room state. */
export type ParticipantUserState = 'FOLLOWED' | 'MUTED' | null;

/** Loads entities by id, with `agentId`'s components (the facade passes its entity store's `getEntitiesByIds`). */
export type EntityLoader = (ex: SqlExecutor, agentId: UUID, entityIds: UUID[]) => Promise<Entity[] | null>;

/**
 * Adds entities to a room as participants of `agentId`. True when every entity is (now) a participant;
 * false when the room or any of the entities does not exist, and nothing is added then (as the
 * reference). One statement, so one round trip and atomic by itself: it checks that every row it needs
 * exists and inserts only then, so a missing row is an answer rather than a failed statement (which
 * would abort a caller's transaction). The ids travel as one uuid[] parameter (no bind-limit chunking);
 * entities already in the room are skipped.
 */
export async function addParticipantsRoom(
  ex: SqlExecutor,
  agentId: UUID,
  entityIds: UUID[],
  roomId: UUID,
): Promise<boolean> {
  assertUuid('agentId', agentId);
  assertUuid('roomId', roomId);
  const wanted = [...new Set(assertUuidList('entityIds', entityIds))];
  if (wanted.length === 0) return true;
  const [result] = await ex.query<{ complete: boolean }>(sql`
    WITH wanted AS (SELECT x.id FROM unnest(${plainArrayText(wanted)}::uuid[]) AS x(id)),
    checked AS (
      SELECT EXISTS (SELECT 1 FROM rooms WHERE id = ${roomId}::uuid)
         AND NOT EXISTS (SELECT 1 FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = w.id))
         AS complete
    ),
    -- A data-modifying CTE runs whether or not the final SELECT reads it.
    added AS (
      INSERT INTO participants (entity_id, room_id, agent_id)
      SELECT w.id, ${roomId}::uuid, ${agentId}::uuid FROM wanted w, checked
      WHERE checked.complete
        AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.room_id = ${roomId}::uuid AND p.entity_id = w.id)
      RETURNING 1
    )
    SELECT complete FROM checked`);
  return result?.complete === true;
}

/** Removes an entity from a room; true when a participant row was removed. */
export async function removeParticipant(ex: SqlExecutor, entityId: UUID, roomId: UUID): Promise<boolean> {
  assertUuid('entityId', entityId);
  assertUuid('roomId', roomId);
  const removed = await ex.db
    .delete(participantTable)
    .where(and(eq(participantTable.entityId, entityId), eq(participantTable.roomId, roomId)))
    .returning({ id: participantTable.id });
  return removed.length > 0;
}

/**
 * The entity's participant rows in `agentId`'s rooms (as `getRoomsForParticipant` sees them), each with
 * the entity; [] when the entity does not exist.
 */
export async function getParticipantsForEntity(
  ex: SqlExecutor,
  agentId: UUID,
  entityId: UUID,
  loadEntities: EntityLoader = getEntitiesByIds,
): Promise<Participant[]> {
  assertUuid('agentId', agentId);
  assertUuid('entityId', entityId);
  const rows = await ex.db
    .select({ id: participantTable.id })
    .from(participantTable)
    .innerJoin(roomTable, eq(participantTable.roomId, roomTable.id))
    .where(and(eq(participantTable.entityId, entityId), eq(roomTable.agentId, agentId)))
    .orderBy(...oldestFirst(participantTable));
  if (rows.length === 0) return [];
  const entity = (await loadEntities(ex, agentId, [entityId]))?.[0];
  if (!entity) return [];
  return rows.map((row) => ({ id: row.id as UUID, entity }));
}

/** The entity ids participating in a room, each once. */
export async function getParticipantsForRoom(ex: SqlExecutor, roomId: UUID): Promise<UUID[]> {
  assertUuid('roomId', roomId);
  const rows = await ex.db
    .selectDistinct({ entityId: participantTable.entityId })
    .from(participantTable)
    .where(eq(participantTable.roomId, roomId));
  return rows.flatMap((row) => (row.entityId ? [row.entityId as UUID] : []));
}

/** True when the entity participates in the room. */
export async function isRoomParticipant(ex: SqlExecutor, roomId: UUID, entityId: UUID): Promise<boolean> {
  const id = assertUuid('roomId', roomId);
  return roomParticipants.isMember(ex, id, assertUuid('entityId', entityId));
}

/** The participant row of the entity in the room as `agentId` recorded it (the room state is per agent). */
function ownParticipantRow(agentId: UUID, roomId: UUID, entityId: UUID): SQL | undefined {
  const agent = assertUuid('agentId', agentId);
  const room = assertUuid('roomId', roomId);
  const entity = assertUuid('entityId', entityId);
  return and(
    eq(participantTable.roomId, room),
    eq(participantTable.entityId, entity),
    eq(participantTable.agentId, agent),
  );
}

/** The entity's room state as seen by `agentId`: 'FOLLOWED', 'MUTED', or null (none, or not a participant). */
export async function getParticipantUserState(
  ex: SqlExecutor,
  agentId: UUID,
  roomId: UUID,
  entityId: UUID,
): Promise<ParticipantUserState> {
  const own = ownParticipantRow(agentId, roomId, entityId);
  const rows = await ex.db
    .select({ roomState: participantTable.roomState })
    .from(participantTable)
    .where(own)
    .limit(1);
  const state = rows[0]?.roomState ?? null;
  return state === 'FOLLOWED' || state === 'MUTED' ? state : null;
}

/** Sets (or clears, with null) the entity's room state as seen by `agentId`; no-op when not a participant. */
export async function setParticipantUserState(
  ex: SqlExecutor,
  agentId: UUID,
  roomId: UUID,
  entityId: UUID,
  state: ParticipantUserState,
): Promise<void> {
  const own = ownParticipantRow(agentId, roomId, entityId);
  if (state !== null && state !== 'FOLLOWED' && state !== 'MUTED') {
    throw invalidInput('state', state, "'FOLLOWED', 'MUTED' or null");
  }
  await ex.db.update(participantTable).set({ roomState: state }).where(own);
}

/** The ids of `agentId`'s rooms the entity participates in, each once. */
export async function getRoomsForParticipant(
  ex: SqlExecutor,
  agentId: UUID,
  entityId: UUID,
): Promise<UUID[]> {
  assertUuid('entityId', entityId);
  return getRoomsForParticipants(ex, agentId, [entityId]);
}

/** The ids of `agentId`'s rooms any of the entities participates in, each once. */
export async function getRoomsForParticipants(
  ex: SqlExecutor,
  agentId: UUID,
  entityIds: UUID[],
): Promise<UUID[]> {
  assertUuid('agentId', agentId);
  const ids = [...new Set(assertUuidList('entityIds', entityIds))];
  const rooms = new Set<UUID>();
  for (const chunk of chunkRows(ids, 1)) {
    const rows = await ex.db
      .selectDistinct({ roomId: participantTable.roomId })
      .from(participantTable)
      .innerJoin(roomTable, eq(participantTable.roomId, roomTable.id))
      .where(and(inArray(participantTable.entityId, chunk), eq(roomTable.agentId, agentId)));
    for (const row of rows) if (row.roomId) rooms.add(row.roomId as UUID);
  }
  return [...rooms];
}
