import { componentTable, entityTable, participantTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Component, Entity, Metadata, UUID } from '@elizaos/core';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import { chunkRows } from './chunk.js';
import { toComponent } from './component-store.js';
import { insertOwnedRows } from './id-conflict.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';

type EntityRow = typeof entityTable.$inferSelect;

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

/** The agent's entities participating in the room, optionally with the agent's components of them. */
export async function getEntitiesForRoom(
  ex: SqlExecutor,
  agentId: UUID,
  roomId: UUID,
  includeComponents = false,
): Promise<Entity[]> {
  assertUuid('roomId', roomId);
  const rows = await ex.db
    .selectDistinctOn([entityTable.id], { entity: entityTable })
    .from(participantTable)
    .innerJoin(
      entityTable,
      and(eq(participantTable.entityId, entityTable.id), eq(entityTable.agentId, agentId)),
    )
    .where(eq(participantTable.roomId, roomId))
    .orderBy(entityTable.id);
  if (!includeComponents) return rows.map((row) => toEntity(row.entity));
  const components = await componentsByEntity(
    ex,
    agentId,
    rows.map((row) => row.entity.id),
  );
  return rows.map((row) => toEntity(row.entity, components.get(row.entity.id) ?? []));
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

/** The agent's entities having any of `names` (exact match). */
export async function getEntitiesByNames(
  ex: SqlExecutor,
  params: { names: string[]; agentId: UUID },
): Promise<Entity[]> {
  assertUuid('agentId', params.agentId);
  if (params.names.length === 0) return [];
  const rows = await ex.db
    .select()
    .from(entityTable)
    .where(
      and(
        eq(entityTable.agentId, params.agentId),
        sql`${entityTable.names} && ${sql`ARRAY[${sql.join(
          params.names.map((name) => sql`${name}`),
          sql`, `,
        )}]::text[]`}`,
      ),
    );
  return rows.map((row) => toEntity(row));
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
  const rows = await ex.db
    .select()
    .from(entityTable)
    .where(
      and(
        eq(entityTable.agentId, params.agentId),
        query === ''
          ? undefined
          : sql`EXISTS (SELECT 1 FROM unnest(${entityTable.names}) AS n WHERE n ILIKE ${pattern})`,
      ),
    )
    .limit(limit);
  return rows.map((row) => toEntity(row));
}
