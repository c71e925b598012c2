import { agentTable, type NewAgentRow } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Agent, UUID } from '@elizaos/core';
import { count, eq } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';

type AgentRow = typeof agentTable.$inferSelect;

const JSON_COLUMNS = [
  'bio',
  'messageExamples',
  'postExamples',
  'topics',
  'adjectives',
  'knowledge',
  'plugins',
  'settings',
  'style',
] as const;
const TEXT_COLUMNS = ['name', 'username', 'system'] as const;

function toAgent(row: AgentRow): Agent {
  return {
    ...row,
    username: row.username || '',
    system: row.system || undefined,
    bio: row.bio ?? '',
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  } as Agent;
}

function toDate(field: string, value: unknown): Date {
  const date = value instanceof Date ? value : new Date(value as number);
  if (Number.isNaN(date.getTime())) throw invalidInput(field, value, 'a timestamp in milliseconds or a Date');
  return date;
}

/** The columns of `agent` that exist on `agents`, encoded for a write (unknown keys are ignored, as in the reference). */
function agentValues(agent: Partial<Agent>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of TEXT_COLUMNS) {
    const value = agent[key];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') throw invalidInput(`agent.${key}`, value, 'a string');
    if (typeof value === 'string') assertStorableText(`agent.${key}`, value);
    values[key] = value;
  }
  for (const key of JSON_COLUMNS) {
    const value = (agent as Record<string, unknown>)[key];
    if (value !== undefined) values[key] = value === null ? null : jsonbValue(`agent.${key}`, value);
  }
  const record = agent as Record<string, unknown>;
  if (typeof record.enabled === 'boolean') values.enabled = record.enabled;
  if (record.server_id !== undefined) values.server_id = record.server_id;
  return values;
}

/** The agent with `agentId`, or null. */
export async function getAgent(ex: SqlExecutor, agentId: UUID): Promise<Agent | null> {
  assertUuid('agentId', agentId);
  const rows = await ex.db.select().from(agentTable).where(eq(agentTable.id, agentId)).limit(1);
  return rows[0] ? toAgent(rows[0]) : null;
}

/** Every agent's id, name and bio (the reference's projection). */
export async function getAgents(ex: SqlExecutor): Promise<Partial<Agent>[]> {
  const rows = await ex.db
    .select({ id: agentTable.id, name: agentTable.name, bio: agentTable.bio })
    .from(agentTable);
  return rows.map((row) => ({ ...row, id: row.id as UUID, bio: row.bio ?? '' }));
}

/** Inserts an agent; false when an agent with that id already exists. Other failures throw. */
export async function createAgent(ex: SqlExecutor, agent: Partial<Agent>): Promise<boolean> {
  if (agent.id !== undefined) assertUuid('agent.id', agent.id);
  if (typeof agent.name !== 'string' || agent.name === '')
    throw invalidInput('agent.name', agent.name, 'a name');
  const values = {
    ...agentValues(agent),
    ...(agent.id ? { id: agent.id } : {}),
    createdAt: toDate('agent.createdAt', agent.createdAt ?? Date.now()),
    updatedAt: toDate('agent.updatedAt', agent.updatedAt ?? Date.now()),
  } as NewAgentRow;
  const inserted = await ex.db
    .insert(agentTable)
    .values(values)
    .onConflictDoNothing({ target: agentTable.id })
    .returning({ id: agentTable.id });
  return inserted.length > 0;
}

/**
 * Deep-merges `patch` into `current` as the reference does: a `null` value deletes the key,
 * objects merge recursively, arrays and scalars replace.
 */
export function mergeSettings(current: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const base =
    current && typeof current === 'object' && !Array.isArray(current)
      ? { ...(current as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete base[key];
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const merged = mergeSettings(base[key], value as Record<string, unknown>);
      if (Object.keys(merged).length === 0 && Object.keys(value).length > 0) delete base[key];
      else base[key] = merged;
    } else base[key] = value;
  }
  return base;
}

/** Updates an agent (settings deep-merged); false when no agent has that id. */
export async function updateAgent(ex: SqlExecutor, agentId: UUID, agent: Partial<Agent>): Promise<boolean> {
  assertUuid('agentId', agentId);
  return ex.transaction(async (tx) => {
    const current = await tx.db
      .select({ settings: agentTable.settings })
      .from(agentTable)
      .where(eq(agentTable.id, agentId))
      .for('update');
    if (current.length === 0) return false;
    const patch: Partial<Agent> = { ...agent };
    if (agent.settings) {
      patch.settings = mergeSettings(current[0]?.settings, agent.settings) as Agent['settings'];
    }
    const values: Record<string, unknown> = agentValues(patch);
    if (typeof agent.createdAt === 'number') values.createdAt = toDate('agent.createdAt', agent.createdAt);
    values.updatedAt =
      typeof agent.updatedAt === 'number' ? toDate('agent.updatedAt', agent.updatedAt) : new Date();
    await tx.db
      .update(agentTable)
      .set(values as Partial<NewAgentRow>)
      .where(eq(agentTable.id, agentId));
    return true;
  });
}

/**
 * Deletes an agent and, through the schema's ON DELETE CASCADE keys, everything it owns (entities,
 * memories and embeddings, rooms, worlds, tasks, cache...), in one statement: atomic. False when absent.
 */
export async function deleteAgent(ex: SqlExecutor, agentId: UUID): Promise<boolean> {
  assertUuid('agentId', agentId);
  const deleted = await ex.db
    .delete(agentTable)
    .where(eq(agentTable.id, agentId))
    .returning({ id: agentTable.id });
  return deleted.length > 0;
}

/** How many agents exist. */
export async function countAgents(ex: SqlExecutor): Promise<number> {
  const rows = await ex.db.select({ n: count() }).from(agentTable);
  return Number(rows[0]?.n ?? 0);
}

/** Deletes every agent (and, by cascade, everything they own). */
export async function cleanupAgents(ex: SqlExecutor): Promise<void> {
  await ex.db.delete(agentTable);
}
