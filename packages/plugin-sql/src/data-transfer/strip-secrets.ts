import type { JsonObject } from '@eliza-sql/core-schema';
import { AGENT_EXTRA_FIELDS_KEY } from '../stores/agent-extra-fields.js';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A row of `table` (JSON text) without its secrets: an agent's `settings.secrets` and its character's
 * top-level `secrets`, and the value of
 * each world setting marked `secret: true` (`metadata.settings.<name>.value`). Other rows unchanged.
 */
export function stripSecrets(table: string, row: string): string {
  if (table !== 'agents' && table !== 'worlds') return row;
  const parsed: unknown = JSON.parse(row);
  if (!isObject(parsed)) return row;
  if (table === 'agents' && isObject(parsed.settings)) {
    delete parsed.settings.secrets;
    // a character's top-level `secrets` is kept under the extra-fields key (decision 0001)
    const extra = parsed.settings[AGENT_EXTRA_FIELDS_KEY];
    if (isObject(extra)) delete extra.secrets;
  }
  if (table === 'worlds' && isObject(parsed.metadata) && isObject(parsed.metadata.settings)) {
    for (const setting of Object.values(parsed.metadata.settings)) {
      if (isObject(setting) && setting.secret === true) setting.value = null;
    }
  }
  return JSON.stringify(parsed);
}
