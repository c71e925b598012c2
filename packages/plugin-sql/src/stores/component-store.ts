import { componentTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Component, Metadata, UUID } from '@elizaos/core';
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { idConflict } from './id-conflict.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';
import { selectOldestFirst } from './select-oldest-first.js';
import { isGiven } from './store-values.js';

type ComponentRow = typeof componentTable.$inferSelect;

/** A stored component as the reference returns it (missing world/source as `''`, createdAt in ms). */
export function toComponent(row: ComponentRow): Component {
  return {
    id: row.id as UUID,
    entityId: row.entityId as UUID,
    agentId: row.agentId as UUID,
    roomId: row.roomId as UUID,
    worldId: (row.worldId ?? '') as UUID,
    sourceEntityId: (row.sourceEntityId ?? '') as UUID,
    type: row.type,
    data: (row.data ?? {}) as Metadata,
    createdAt: row.createdAt.getTime(),
  };
}

/**
 * `agentId`'s components of the entity, plus the optional world / source filters. A component without a
 * world or source reads back with `''` there (as the reference returns it), so `''` filters those.
 */
function filters(agentId: UUID, entityId: UUID, worldId?: UUID | '', sourceEntityId?: UUID | ''): SQL[] {
  assertUuid('agentId', agentId);
  assertUuid('entityId', entityId);
  const conditions = [eq(componentTable.entityId, entityId), eq(componentTable.agentId, agentId)];
  if (worldId === '') conditions.push(isNull(componentTable.worldId));
  else if (isGiven(worldId)) conditions.push(eq(componentTable.worldId, assertUuid('worldId', worldId)));
  if (sourceEntityId === '') conditions.push(isNull(componentTable.sourceEntityId));
  else if (isGiven(sourceEntityId)) {
    conditions.push(eq(componentTable.sourceEntityId, assertUuid('sourceEntityId', sourceEntityId)));
  }
  return conditions;
}

/**
 * `agentId`'s component of `type` on the entity (optionally in a world / from a source entity), oldest
 * first, or null. Another agent's component is not this agent's (the reference reads any agent's).
 */
export async function getComponent(
  ex: SqlExecutor,
  agentId: UUID,
  entityId: UUID,
  type: string,
  worldId?: UUID,
  sourceEntityId?: UUID,
): Promise<Component | null> {
  if (typeof type !== 'string') throw invalidInput('type', type, 'a string');
  const where = and(...filters(agentId, entityId, worldId, sourceEntityId), eq(componentTable.type, type));
  const [component] = await selectOldestFirst(ex, componentTable, where, toComponent, 1);
  return component ?? null;
}

/** Every component `agentId` holds on the entity (optionally in a world / from a source entity), oldest first. */
export async function getComponents(
  ex: SqlExecutor,
  agentId: UUID,
  entityId: UUID,
  worldId?: UUID,
  sourceEntityId?: UUID,
): Promise<Component[]> {
  const where = and(...filters(agentId, entityId, worldId, sourceEntityId));
  return selectOldestFirst(ex, componentTable, where, toComponent);
}

function componentValues(component: Component): Record<string, unknown> {
  if (typeof component.type !== 'string') throw invalidInput('component.type', component.type, 'a string');
  assertStorableText('component.type', component.type);
  return {
    entityId: assertUuid('component.entityId', component.entityId),
    agentId: assertUuid('component.agentId', component.agentId),
    roomId: assertUuid('component.roomId', component.roomId),
    // '' is how a component without a world / source reads back, so writing it back keeps none.
    worldId: component.worldId ? assertUuid('component.worldId', component.worldId) : null,
    sourceEntityId: component.sourceEntityId
      ? assertUuid('component.sourceEntityId', component.sourceEntityId)
      : null,
    type: component.type,
    data: jsonbValue('component.data', component.data ?? {}),
  };
}

/** Inserts a component (createdAt is now, as in the reference). Failures throw. */
export async function createComponent(ex: SqlExecutor, component: Component): Promise<boolean> {
  const values = componentValues(component);
  if (isGiven(component.id)) values.id = assertUuid('component.id', component.id);
  const id = values.id as string | undefined;
  const inserted = await ex.db
    .insert(componentTable)
    .values(values as typeof componentTable.$inferInsert)
    .onConflictDoNothing({ target: componentTable.id })
    .returning({ id: componentTable.id });
  // Any existing row with the id (the caller's own included, as the reference refuses a duplicate)
  if (inserted.length === 0) throw idConflict('createComponent', 'component.id', id);
  return true;
}

/** Replaces a component's fields (not its createdAt). */
export async function updateComponent(ex: SqlExecutor, component: Component): Promise<void> {
  const id = assertUuid('component.id', component.id);
  await ex.db
    .update(componentTable)
    .set(componentValues(component) as Partial<typeof componentTable.$inferInsert>)
    .where(eq(componentTable.id, id));
}

/** Deletes a component by id (absent: no-op). */
export async function deleteComponent(ex: SqlExecutor, componentId: UUID): Promise<void> {
  await ex.db.delete(componentTable).where(eq(componentTable.id, assertUuid('componentId', componentId)));
}
