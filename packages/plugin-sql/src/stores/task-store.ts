/** Tasks: an agent's scheduled or queued work, tagged and optionally tied to a room, world and entity. */
import type { Task, UUID } from '@elizaos/core';
import { taskTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, arrayContains, eq, type SQL } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { firstRow } from './first-row.js';
import { idConflict } from './id-conflict.js';
import { checkedFields } from './checked-fields.js';
import { toTask } from './row-mappers.js';
import { selectOldestFirst } from './select-oldest-first.js';
import {
  assertObject,
  isGiven,
  jsonbObject,
  optionalText,
  requiredText,
  textList,
  uuidOrNull,
} from './store-values.js';

/** `getTasks` filters: all given ones apply; `tags` matches tasks carrying every listed tag. */
export interface TaskQuery {
  roomId?: UUID;
  tags?: string[];
  entityId?: UUID;
}

/** Creates a task of `agentId` and returns its id. `worldId` is required (as the reference). */
export async function createTask(ex: SqlExecutor, agentId: UUID, task: Task): Promise<UUID> {
  assertUuid('agentId', agentId);
  assertObject('task', task);
  if (!isGiven(task.worldId))
    throw invalidInput('task.worldId', task.worldId, 'a UUID (worldId is required)');
  const now = new Date();
  const rows = await ex.db
    .insert(taskTable)
    .values({
      ...(isGiven(task.id) ? { id: assertUuid('task.id', task.id) } : {}),
      name: requiredText('task.name', task.name),
      description: optionalText('task.description', task.description) ?? null,
      roomId: uuidOrNull('task.roomId', task.roomId) ?? null,
      worldId: assertUuid('task.worldId', task.worldId),
      entityId: uuidOrNull('task.entityId', task.entityId) ?? null,
      agentId,
      tags: task.tags === undefined || task.tags === null ? [] : textList('task.tags', task.tags),
      metadata: jsonbObject('task.metadata', task.metadata),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: taskTable.id })
    .returning({ id: taskTable.id });
  // Any existing row with the id (the caller's own included, as the reference refuses a duplicate)
  if (!rows[0]) throw idConflict('createTask', 'task.id', task.id);
  return rows[0].id as UUID;
}

/** `agentId`'s tasks matching every given filter, oldest first. */
export async function getTasks(ex: SqlExecutor, agentId: UUID, params: TaskQuery = {}): Promise<Task[]> {
  assertUuid('agentId', agentId);
  assertObject('params', params);
  const conditions: SQL[] = [eq(taskTable.agentId, agentId)];
  if (params.roomId !== undefined && params.roomId !== null) {
    conditions.push(eq(taskTable.roomId, assertUuid('params.roomId', params.roomId)));
  }
  if (params.entityId !== undefined && params.entityId !== null) {
    conditions.push(eq(taskTable.entityId, assertUuid('params.entityId', params.entityId)));
  }
  if (params.tags !== undefined && params.tags !== null) {
    const tags = textList('params.tags', params.tags);
    if (tags.length > 0) conditions.push(arrayContains(taskTable.tags, tags));
  }
  return selectOldestFirst(ex, taskTable, and(...conditions), toTask);
}

/** `agentId`'s tasks named `name`, oldest first. */
export async function getTasksByName(ex: SqlExecutor, agentId: UUID, name: string): Promise<Task[]> {
  assertUuid('agentId', agentId);
  const named = and(eq(taskTable.name, requiredText('name', name)), eq(taskTable.agentId, agentId));
  return selectOldestFirst(ex, taskTable, named, toTask);
}

/** `agentId`'s task with this id, or null. */
export async function getTask(ex: SqlExecutor, agentId: UUID, id: UUID): Promise<Task | null> {
  assertUuid('agentId', agentId);
  assertUuid('id', id);
  const own = and(eq(taskTable.id, id), eq(taskTable.agentId, agentId));
  return firstRow(ex.db.select().from(taskTable).where(own).limit(1), toTask);
}

/** Updates the given fields of `agentId`'s task (metadata is replaced whole) and its `updated_at`. */
export async function updateTask(
  ex: SqlExecutor,
  agentId: UUID,
  id: UUID,
  task: Partial<Task>,
): Promise<void> {
  assertUuid('agentId', agentId);
  assertUuid('id', id);
  assertObject('task', task);
  const changes = {
    ...checkedFields('task', task, {
      name: requiredText,
      description: optionalText,
      roomId: uuidOrNull,
      worldId: uuidOrNull,
      entityId: uuidOrNull,
      tags: (field, tags) => (tags === null ? [] : textList(field, tags)),
      metadata: jsonbObject,
    }),
    updatedAt: new Date(),
  };
  await ex.db
    .update(taskTable)
    .set(changes)
    .where(and(eq(taskTable.id, id), eq(taskTable.agentId, agentId)));
}

/** Deletes `agentId`'s task with this id (no-op when absent). */
export async function deleteTask(ex: SqlExecutor, agentId: UUID, id: UUID): Promise<void> {
  assertUuid('agentId', agentId);
  assertUuid('id', id);
  await ex.db.delete(taskTable).where(and(eq(taskTable.id, id), eq(taskTable.agentId, agentId)));
}
