import { componentTable, entityTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Component, Entity, Metadata, UUID } from '@elizaos/core';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import { chunkRows } from './chunk.js';
import { toComponent } from './component-store.js';
import { insertOwnedRows } from './id-conflict.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';

type EntityRow = typeof entityTable.$inferSelect;
type ComponentRow = typeof componentTable.$inferSelect;

/** An `entities` row as a core `Entity`, with its `createdAt` as the reference's. */
function toEntity(row: EntityRow, components?: Component[]): Entity {
  return {
    id: row.id as UUID,
    agentId: row.agentId as UUID,
    names: row.names,
    metadata: (row.metadata ?? {}) as Metadata,
    createdAt: row.createdAt,
    ...(components ? { components } : {}),
  } as Entity;
}

/** Names as the reference normalises them: a string → [string], any iterable → strings. */
function normalizeNames(names: unknown): string[] {
  if (names === null || names === undefined) return [];
  const list =
    typeof names === 'string'
      ? [names]
      : typeof names === 'object' && Symbol.iterator in names
        ? Array.from(names as Iterable<unknown>, String)
        : [String(names)];
  list.forEach((name, index) => {
    assertStorableText(`entity.names[${index}]`, name);
  });
  return list;
}

function entityValues(entity: Entity): Record<string, unknown> {
  return {
    id: assertUuid('entity.id', entity.id),
    agentId: assertUuid('entity.agentId', entity.agentId),
    names: normalizeNames(entity.names),
    metadata: jsonbValue('entity.metadata', entity.metadata ?? {}),
  };
}

/** `agentId`'s components of these entities (another agent's are not this agent's), by entity. */
async function componentsByEntity(
  ex: SqlExecutor,
  agentId: UUID,
  ids: string[],
): Promise<Map<string, Component[]>> {
  const byEntity = new Map<string, Component[]>();
  for (const part of chunkRows(ids, 1)) {
    const rows = await ex.db
      .select()
      .from(componentTable)
      .where(and(inArray(componentTable.entityId, part), eq(componentTable.agentId, agentId)))
      .orderBy(componentTable.createdAt, componentTable.id);
    for (const row of rows) {
      const list = byEntity.get(row.entityId) ?? [];
      list.push(toComponent(row));
      byEntity.set(row.entityId, list);
    }
  }
  return byEntity;
}

/** The entities with these ids (any agent's, as the reference), each with `agentId`'s components of it. */
export async function getEntitiesByIds(ex: SqlExecutor, agentId: UUID, entityIds: UUID[]): Promise<Entity[]> {
  assertUuid('agentId', agentId);
  entityIds.forEach((id, i) => {
    assertUuid(`entityIds[${i}]`, id);
  });
  if (entityIds.length === 0) return [];
  const rows: EntityRow[] = [];
  for (const part of chunkRows(entityIds, 1)) {
    rows.push(...(await ex.db.select().from(entityTable).where(inArray(entityTable.id, part))));
  }
  const components = await componentsByEntity(
    ex,
    agentId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toEntity(row, components.get(row.id) ?? []));
}

/** The entity and (when joined) component columns of {@link getEntitiesForRoom}'s statement, by their row property. */
const ENTITY_COLUMNS = sql.raw(
  'e.id, e.agent_id AS "agentId", e.created_at AS "createdAt", e.names, e.metadata',
);
const COMPONENT_COLUMNS = sql.raw(
  'c.id AS "componentId", c.entity_id AS "componentEntityId", c.agent_id AS "componentAgentId", ' +
    'c.room_id AS "componentRoomId", c.world_id AS "componentWorldId", ' +
    'c.source_entity_id AS "componentSourceEntityId", c.type AS "componentType", c.data AS "componentData", ' +
    'c.created_at AS "componentCreatedAt"',
);

/** A row of {@link getEntitiesForRoom}'s statement: an entity, and one of its components when joined. */
type RoomEntityRow = EntityRow & {
  componentId?: string | null;
  componentEntityId: string;
  componentAgentId: string;
  componentRoomId: string | null;
  componentWorldId: string | null;
  componentSourceEntityId: string | null;
  componentType: string;
  componentData: Metadata | null;
  componentCreatedAt: Date;
};

function componentOf(row: RoomEntityRow): Component {
  return toComponent({
    id: row.componentId as string,
    entityId: row.componentEntityId,
    agentId: row.componentAgentId,
    roomId: row.componentRoomId,
    worldId: row.componentWorldId,
    sourceEntityId: row.componentSourceEntityId,
    type: row.componentType,
    data: row.componentData,
    createdAt: row.componentCreatedAt,
  } as ComponentRow);
}

/**
 * The agent's entities participating in the room (by id), optionally with the agent's components of
 * each (oldest first). ONE statement either way: the components are left-joined and grouped here, so a
 * call is one round trip (the entity and its components in two statements cost a second one).
 */
export async function getEntitiesForRoom(
  ex: SqlExecutor,
  agentId: UUID,
  roomId: UUID,
  includeComponents = false,
): Promise<Entity[]> {
  assertUuid('roomId', roomId);
  // A semi-join: an entity listed twice among the room's participants is one entity.
  const rows = await ex.query<RoomEntityRow>(sql`
    SELECT ${ENTITY_COLUMNS}${includeComponents ? sql`, ${COMPONENT_COLUMNS}` : sql``}
    FROM entities e
    ${includeComponents ? sql`LEFT JOIN components c ON c.entity_id = e.id AND c.agent_id = ${agentId}` : sql``}
    WHERE e.agent_id = ${agentId}
      AND e.id IN (SELECT p.entity_id FROM participants p WHERE p.room_id = ${roomId})
    ORDER BY e.id${includeComponents ? sql`, c.created_at, c.id` : sql``}`);
  if (!includeComponents) return rows.map((row) => toEntity(row));
  const result: Entity[] = [];
  let current: { id: string; components: Component[] } | undefined;
  for (const row of rows) {
    if (current?.id !== row.id) {
      current = { id: row.id, components: [] };
      result.push(toEntity(row, current.components));
    }
    if (row.componentId) current.components.push(componentOf(row));
  }
  return result;
}

/**
 * Inserts entities atomically. An id the same agent already has is left as it is (as in the
 * reference); an id held by any other row (another agent's, another server's) is ID_CONFLICT and
 * nothing is stored.
 */
export async function createEntities(
  ex: SqlExecutor,
  entities: Entity[],
  method = 'createEntities',
): Promise<boolean> {
  if (!Array.isArray(entities)) throw invalidInput('entities', entities, 'an array of entities');
  if (entities.length === 0) return true;
  const values = entities.map(entityValues) as Array<typeof entityTable.$inferInsert>;
  const wanted = values.map((v, i) => ({
    id: v.id as string,
    field: method === 'createEntities' ? `entities[${i}].id` : 'entity.id',
    owner: v.agentId,
  }));
  const where = { method, table: entityTable, idColumn: entityTable.id, ownerColumn: entityTable.agentId };
  await insertOwnedRows(ex, where, values, wanted, 5, (on, rows) =>
    on.db.insert(entityTable).values(rows).onConflictDoNothing().returning({ id: entityTable.id }),
  );
  return true;
}

/** Creates the entity unless the same agent has one with its id (true either way); see {@link createEntities}. */
export async function ensureEntityExists(ex: SqlExecutor, entity: Entity): Promise<boolean> {
  return createEntities(ex, [entity], 'ensureEntityExists');
}

/** Replaces an entity's names and metadata. */
export async function updateEntity(ex: SqlExecutor, entity: Entity): Promise<void> {
  const { id, ...values } = entityValues(entity);
  await ex.db
    .update(entityTable)
    .set(values as Partial<typeof entityTable.$inferInsert>)
    .where(eq(entityTable.id, id as string));
}

/** Deletes an entity with its components (own and sourced) atomically. */
export async function deleteEntity(ex: SqlExecutor, entityId: UUID): Promise<void> {
  assertUuid('entityId', entityId);
  await ex.transaction(async (tx) => {
    await tx.db
      .delete(componentTable)
      .where(or(eq(componentTable.entityId, entityId), eq(componentTable.sourceEntityId, entityId)));
    await tx.db.delete(entityTable).where(eq(entityTable.id, entityId));
  });
}

/** The agent's entities meeting `condition` (all of them when undefined), at most `limit`. */
async function agentEntities(
  ex: SqlExecutor,
  agentId: UUID,
  condition: SQL | undefined,
  limit?: number,
): Promise<Entity[]> {
  const query = ex.db
    .select()
    .from(entityTable)
    .where(and(eq(entityTable.agentId, agentId), condition));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((row) => toEntity(row));
}

/** The agent's entities having any of `names` (exact match). */
export async function getEntitiesByNames(
  ex: SqlExecutor,
  params: { names: string[]; agentId: UUID },
): Promise<Entity[]> {
  assertUuid('agentId', params.agentId);
  if (params.names.length === 0) return [];
  const names = sql.join(
    params.names.map((name) => sql`${name}`),
    sql`, `,
  );
  return agentEntities(ex, params.agentId, sql`${entityTable.names} && ARRAY[${names}]::text[]`);
}

/** The agent's entities with a name containing `query` (case-insensitive); all (up to limit) when empty. */
export async function searchEntitiesByName(
  ex: SqlExecutor,
  params: { query: string; agentId: UUID; limit?: number },
): Promise<Entity[]> {
  assertUuid('agentId', params.agentId);
  const limit = assertCount('limit', params.limit, 10);
  const query = params.query?.trim() ?? '';
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const condition =
    query === ''
      ? undefined
      : sql`EXISTS (SELECT 1 FROM unnest(${entityTable.names}) AS n WHERE n ILIKE ${pattern})`;
  return agentEntities(ex, params.agentId, condition, limit);
}
