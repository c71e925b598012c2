import { agentTable } from '@eliza-sql/core-schema';
import { getTableColumns } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertStorableJson } from './jsonb-value.js';

/**
 * The key of `agents.settings` under which the agent's fields that have no column of their own are
 * kept (`secrets`, `templates`, `status`, and any other key a character carries). The table's shape
 * is the reference's, which has no column for them and drops them; `settings` is the agent's own
 * JSON document, so they live there, invisible to callers: reads take the key out again.
 */
export const AGENT_EXTRA_FIELDS_KEY = '@eliza-sql/agent-fields';

/** The `agents` columns by property name: every other key of an agent is an extra field. */
const COLUMN_FIELDS: ReadonlySet<string> = new Set(Object.keys(getTableColumns(agentTable)));

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Paths of the agent's values that are functions (a prompt template may be one): code, not data. They
 * are not stored and stay in the running character only; the adapter logs them. A function anywhere
 * else inside a value is refused like any other non-JSON value.
 */
export function agentFunctionFields(agent: object): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(agent)) {
    if (typeof value === 'function') paths.push(`agent.${key}`);
  }
  const templates = (agent as { templates?: unknown }).templates;
  if (isPlainObject(templates)) {
    for (const [name, template] of Object.entries(templates)) {
      if (typeof template === 'function') paths.push(`agent.templates.${name}`);
    }
  }
  return paths;
}

/**
 * The fields of `agent` that have no column, as they will be stored: undefined ones left out (as JSON
 * does), functions left out ({@link agentFunctionFields}). Throws UNSTORABLE_VALUE / INVALID_INPUT,
 * naming the field, for a value JSON cannot hold exactly.
 */
export function agentExtraFields(agent: object): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(agent)) {
    if (COLUMN_FIELDS.has(key) || value === undefined || typeof value === 'function') continue;
    values[key] =
      key === 'templates' && isPlainObject(value)
        ? Object.fromEntries(Object.entries(value).filter(([, template]) => typeof template !== 'function'))
        : value;
    assertStorableJson(`agent.${key}`, values[key]);
  }
  return values;
}

/** Refuses caller settings that hold the reserved key (they would overwrite the extra fields). */
export function assertNoExtraFieldsKey(settings: unknown): void {
  if (isPlainObject(settings) && Object.hasOwn(settings, AGENT_EXTRA_FIELDS_KEY)) {
    throw invalidInput(
      `agent.settings["${AGENT_EXTRA_FIELDS_KEY}"]`,
      settings[AGENT_EXTRA_FIELDS_KEY],
      'no value: this key is reserved for the agent fields that have no column',
    );
  }
}

/** Stored settings split into the caller's settings and the extra fields kept under the reserved key. */
export function splitStoredSettings(stored: unknown): {
  settings: unknown;
  extras: Record<string, unknown>;
} {
  if (!isPlainObject(stored) || !Object.hasOwn(stored, AGENT_EXTRA_FIELDS_KEY)) {
    return { settings: stored, extras: {} };
  }
  const { [AGENT_EXTRA_FIELDS_KEY]: extras, ...settings } = stored;
  return { settings, extras: isPlainObject(extras) ? extras : {} };
}
