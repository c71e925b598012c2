import { type AgentRow, agentTable, type NewAgentRow } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Agent, UUID } from '@elizaos/core';
import { count, eq, getTableColumns, type SQL } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import {
  AGENT_EXTRA_FIELDS_KEY,
  agentExtraFields,
  assertNoExtraFieldsKey,
  splitStoredSettings,
} from './agent-extra-fields.js';
import { assertInsertedOrOwned, idConflict } from './id-conflict.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';
import { firstRow } from './first-row.js';
import { selectById } from './select-by-id.js';
import { uuidOrNull } from './store-values.js';

const AGENT_COLUMNS = Object.entries(getTableColumns(agentTable));

/** The character's JSON columns, checked one by one; `settings` is written with the extra fields apart. */
const JSON_COLUMNS = AGENT_COLUMNS.flatMap(([key, column]) =>
  column.dataType === 'json' && key !== 'settings' ? [key] : [],
);
/** The `text` columns (name, username, system). */
const TEXT_COLUMNS = AGENT_COLUMNS.flatMap(([key, column]) => (column.columnType === 'PgText' ? [key] : []));

/** Columns that refuse NULL: a null given for one is INVALID_INPUT, not a database error (times default to now). */
const NOT_NULL: ReadonlySet<string> = new Set(
  AGENT_COLUMNS.flatMap(([key, column]) =>
    column.notNull && key !== 'createdAt' && key !== 'updatedAt' ? [key] : [],
  ),
);

function toAgent(row: AgentRow): Agent {
  const { settings, extras } = splitStoredSettings(row.settings);
  return {
    ...extras,
    ...row,
    settings,
    username: row.username || '',
    // NULL is "no system prompt" (a create that gave none); a given string, '' included, comes back as given.
    system: row.system ?? undefined,
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

/**
 * The column values of `agent` for a write, settings excepted (the caller combines them with the
 * extra fields). Every value is checked before any statement runs.
 */
function agentValues(agent: Partial<Agent>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const record = agent as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (value === null && NOT_NULL.has(key))
      throw invalidInput(`agent.${key}`, value, 'a value (the column is NOT NULL)');
  }
  for (const key of TEXT_COLUMNS) {
    const value = record[key];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') throw invalidInput(`agent.${key}`, value, 'a string');
    if (typeof value === 'string') assertStorableText(`agent.${key}`, value);
    values[key] = value;
  }
  for (const key of JSON_COLUMNS) {
    const value = record[key];
    if (value !== undefined) values[key] = value === null ? null : jsonbValue(`agent.${key}`, value);
  }
  if (record.enabled !== undefined) {
    if (typeof record.enabled !== 'boolean') throw invalidInput('agent.enabled', record.enabled, 'a boolean');
    values.enabled = record.enabled;
  }
  if (record.server_id !== undefined) values.server_id = uuidOrNull('agent.server_id', record.server_id);
  return values;
}

/** The settings document to store: the caller's settings with the extra fields under their key. */
function settingsDocument(settings: unknown, extras: Record<string, unknown>): SQL {
  const base = settings && typeof settings === 'object' && !Array.isArray(settings) ? settings : {};
  const document = Object.keys(extras).length > 0 ? { ...base, [AGENT_EXTRA_FIELDS_KEY]: extras } : base;
  return jsonbValue('agent.settings', document);
}

/** Refuses settings that are not an object: they would not be settings, and the extra fields live there. */
function assertSettings(settings: unknown): void {
  if (settings === undefined) return;
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw invalidInput('agent.settings', settings, 'an object');
  }
  assertNoExtraFieldsKey(settings);
}

/** The agent with `agentId`, or null. */
export async function getAgent(ex: SqlExecutor, agentId: UUID): Promise<Agent | null> {
  assertUuid('agentId', agentId);
  return selectById(ex, agentTable, agentId, toAgent);
}

/** Every agent's id, name and bio (the reference's projection). */
export async function getAgents(ex: SqlExecutor): Promise<Partial<Agent>[]> {
  const rows = await ex.db
    .select({ id: agentTable.id, name: agentTable.name, bio: agentTable.bio })
    .from(agentTable);
  return rows.map((row) => ({ ...row, id: row.id as UUID, bio: row.bio ?? '' }));
}

/**
 * Inserts an agent; false when an agent the caller can see has that id, ID_CONFLICT when the id is
 * held by one it cannot see (another server's). Other failures throw.
 */
export async function createAgent(ex: SqlExecutor, agent: Partial<Agent>): Promise<boolean> {
  if (agent.id !== undefined) assertUuid('agent.id', agent.id);
  if (typeof agent.name !== 'string' || agent.name === '')
    throw invalidInput('agent.name', agent.name, 'a name');
  assertSettings(agent.settings);
  const values: Record<string, unknown> = {
    ...agentValues(agent),
    settings: settingsDocument(agent.settings, agentExtraFields(agent)),
    // An agent created without a system prompt stores NULL, so a given '' is told apart (see toAgent).
    system: agent.system ?? null,
    ...(agent.id ? { id: agent.id } : {}),
    createdAt: toDate('agent.createdAt', agent.createdAt ?? Date.now()),
    updatedAt: toDate('agent.updatedAt', agent.updatedAt ?? Date.now()),
  };
  const inserted = await ex.db
    .insert(agentTable)
    .values(values as NewAgentRow)
    .onConflictDoNothing({ target: agentTable.id })
    .returning({ id: agentTable.id });
  if (inserted.length > 0) return true;
  // Not inserted: false for an agent the caller can see (the interface's answer for a duplicate); an id
  // held by a row it cannot see (another server's) stored nothing and must not pass for its own.
  if (values.id === undefined) throw idConflict('createAgent', 'agent.id', 'a generated id');
  await assertInsertedOrOwned(
    ex,
    { method: 'createAgent', table: agentTable, idColumn: agentTable.id },
    [{ id: values.id as string, field: 'agent.id' }],
    [],
  );
  return false;
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

/**
 * Updates an agent; false when no agent has that id. `settings` is deep-merged ({@link mergeSettings});
 * every other field given replaces the stored one, the extra fields (no column) included, one by one.
 */
export async function updateAgent(ex: SqlExecutor, agentId: UUID, agent: Partial<Agent>): Promise<boolean> {
  assertUuid('agentId', agentId);
  assertSettings(agent.settings);
  const { settings: patch, ...rest } = agent;
  const values = agentValues(rest);
  const extras = agentExtraFields(agent);
  if (typeof agent.createdAt === 'number') values.createdAt = toDate('agent.createdAt', agent.createdAt);
  values.updatedAt =
    typeof agent.updatedAt === 'number' ? toDate('agent.updatedAt', agent.updatedAt) : new Date();
  return ex.transaction(async (tx) => {
    // The row is locked first, so the settings merge reads what no concurrent update changes before it writes.
    const lockedSettings = tx.db
      .select({ settings: agentTable.settings })
      .from(agentTable)
      .where(eq(agentTable.id, agentId))
      .for('update');
    const current = await firstRow(lockedSettings, (row) => row);
    if (!current) return false;
    if (patch || Object.keys(extras).length > 0) {
      const stored = splitStoredSettings(current.settings);
      const settings = patch ? mergeSettings(stored.settings, patch) : stored.settings;
      values.settings = settingsDocument(settings, { ...stored.extras, ...extras });
    }
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
