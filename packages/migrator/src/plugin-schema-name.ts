import { createHash } from 'node:crypto';

/** Plugins whose tables live in `public` (the core schema). */
export const CORE_PLUGIN_NAMES: readonly string[] = ['@elizaos/plugin-sql', '@eliza-sql/plugin-sql'];

/**
 * The PostgreSQL schema a plugin should put its tables in (`pgSchema(pluginSchemaName(name))`).
 *
 * Rule: the core plugins → `public`. Otherwise the name is lower-cased, a leading `@` dropped, and
 * every character outside `[a-z0-9_]` replaced by `_` (the reference's readable form:
 * `@your-org/plugin-name` → `your_org_plugin_name`). When that changed anything (so two names could
 * map to the same text, e.g. `@a-b/c` and `@a/b-c`), `_` + the first 8 hex digits of the name's
 * sha256 are appended: distinct names never share a schema. Capped at PostgreSQL's 63 bytes.
 */
export function pluginSchemaName(pluginName: string): string {
  if (CORE_PLUGIN_NAMES.includes(pluginName)) return 'public';
  const readable = pluginName
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[^a-z0-9_]/g, '_');
  if (readable === pluginName && readable.length <= 63 && /^[a-z_]/.test(readable)) return readable;
  const hash = createHash('sha256').update(pluginName).digest('hex').slice(0, 8);
  return `${readable.slice(0, 54)}_${hash}`;
}
