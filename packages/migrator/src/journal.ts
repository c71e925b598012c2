/**
 * The journal in the `migrations` schema: the SAME three tables `@elizaos/plugin-sql@1.7.2` uses, so
 * its databases continue seamlessly. `_migrations` is the history (one row per applied change),
 * `_journal` one row per plugin with its entries, `_snapshots` the snapshot after each entry.
 */
import { sql } from 'drizzle-orm';
import { catalogFingerprintSql } from './catalog-fingerprint.js';
import type { SchemaSnapshot, SqlExecutorLike } from './types.js';

const JOURNAL_DDL = [
  'CREATE SCHEMA IF NOT EXISTS migrations',
  `CREATE TABLE IF NOT EXISTS migrations._migrations (
    id SERIAL PRIMARY KEY, plugin_name TEXT NOT NULL, hash TEXT NOT NULL, created_at BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS migrations._journal (
    plugin_name TEXT PRIMARY KEY, version TEXT NOT NULL, dialect TEXT NOT NULL DEFAULT 'postgresql',
    entries JSONB NOT NULL DEFAULT '[]')`,
  `CREATE TABLE IF NOT EXISTS migrations._snapshots (
    id SERIAL PRIMARY KEY, plugin_name TEXT NOT NULL, idx INTEGER NOT NULL, snapshot JSONB NOT NULL,
    created_at TIMESTAMP DEFAULT NOW(), UNIQUE(plugin_name, idx))`,
];

/** One journal entry. `idx`, `version`, `when`, `tag`, `breakpoints` are the reference's fields. */
export interface JournalEntry {
  readonly idx: number;
  readonly version: string;
  readonly when: number;
  readonly tag: string;
  readonly breakpoints: boolean;
  /** Added by this migrator (absent on the reference's entries). */
  readonly hash?: string;
  readonly statements?: readonly string[];
  /**
   * Added by this migrator: the catalog fingerprint (`catalog-fingerprint.ts`) of a database verified
   * to match the snapshot of `hash`. Absent when none was verified.
   */
  readonly catalog?: string;
}

/** A plugin's journal row. */
export interface Journal {
  readonly version: string;
  readonly dialect: string;
  readonly entries: readonly JournalEntry[];
}

/** What the migrator reads from the journal before planning. */
export interface JournalState {
  readonly exists: boolean;
  readonly lastHash: string | null;
  readonly lastCreatedAt: number | null;
  readonly journal: Journal | null;
  /** The latest stored snapshot: ours, or drizzle-kit's JSON written by the reference. */
  readonly latestSnapshot: unknown;
  readonly snapshotCount: number;
}

function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * Whether the journal tables exist. Read from pg_class, not with `to_regclass`: scanning a catalog
 * locks it, which makes the backend apply pending cache invalidations first, so a transaction that
 * waited for the migration lock sees tables another migrator created meanwhile (a name lookup alone
 * can answer from a stale "no such schema" cache entry).
 */
export async function journalExists(tx: SqlExecutorLike): Promise<boolean> {
  const [row] = await tx.query<{ ok: boolean }>(
    `SELECT count(*) = 3 AS ok FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'migrations' AND c.relname IN ('_journal', '_snapshots', '_migrations')`,
  );
  return row?.ok === true;
}

/** Creates the journal tables if missing (callers hold the global DDL lock). */
export async function ensureJournal(tx: SqlExecutorLike): Promise<void> {
  for (const statement of JOURNAL_DDL) await tx.query(statement);
}

/** Reads a plugin's journal state in one round trip (all nulls when the tables do not exist). */
export async function readJournal(tx: SqlExecutorLike, pluginName: string): Promise<JournalState> {
  if (!(await journalExists(tx))) {
    return {
      exists: false,
      lastHash: null,
      lastCreatedAt: null,
      journal: null,
      latestSnapshot: null,
      snapshotCount: 0,
    };
  }
  const [row] = await tx.query<Record<string, unknown>>(sql`SELECT
      (SELECT hash FROM migrations._migrations WHERE plugin_name = ${pluginName} ORDER BY created_at DESC, id DESC LIMIT 1) AS hash,
      (SELECT created_at::text FROM migrations._migrations WHERE plugin_name = ${pluginName} ORDER BY created_at DESC, id DESC LIMIT 1) AS created_at,
      (SELECT json_build_object('version', version, 'dialect', dialect, 'entries', entries) FROM migrations._journal WHERE plugin_name = ${pluginName}) AS journal,
      (SELECT snapshot FROM migrations._snapshots WHERE plugin_name = ${pluginName} ORDER BY idx DESC LIMIT 1) AS snapshot,
      (SELECT count(*)::int FROM migrations._snapshots WHERE plugin_name = ${pluginName}) AS snapshots`);
  const journal = row?.journal ? parsed<Journal>(row.journal) : null;
  return {
    exists: true,
    lastHash: typeof row?.hash === 'string' ? row.hash : null,
    lastCreatedAt: row?.created_at == null ? null : Number(row.created_at),
    journal,
    latestSnapshot: row?.snapshot == null ? null : parsed<unknown>(row.snapshot),
    snapshotCount: Number(row?.snapshots ?? 0),
  };
}

/** Records one migration: a `_migrations` row, a journal entry, and the snapshot at the next idx. */
export async function recordMigration(
  tx: SqlExecutorLike,
  pluginName: string,
  state: JournalState,
  snapshot: SchemaSnapshot,
  hash: string,
  statements: readonly string[],
  catalog?: string,
): Promise<number> {
  const entries = state.journal?.entries ?? [];
  const last = entries[entries.length - 1];
  const idx = last ? last.idx + 1 : 0;
  const when = Date.now();
  const entry: JournalEntry = {
    idx,
    version: '7',
    when,
    tag: `${String(idx).padStart(4, '0')}_${pluginName}_${when.toString(36)}`,
    breakpoints: true,
    hash,
    statements,
    ...(catalog === undefined ? {} : { catalog }),
  };
  const journalJson = JSON.stringify([...entries, entry]);
  await tx.query(
    sql`INSERT INTO migrations._migrations (plugin_name, hash, created_at) VALUES (${pluginName}, ${hash}, ${when})`,
  );
  await tx.query(sql`INSERT INTO migrations._journal (plugin_name, version, dialect, entries)
      VALUES (${pluginName}, ${state.journal?.version ?? '7'}, 'postgresql', ${journalJson}::jsonb)
      ON CONFLICT (plugin_name) DO UPDATE SET entries = EXCLUDED.entries`);
  await tx.query(sql`INSERT INTO migrations._snapshots (plugin_name, idx, snapshot)
      VALUES (${pluginName}, ${idx}, ${JSON.stringify(snapshot)}::jsonb)
      ON CONFLICT (plugin_name, idx) DO UPDATE SET snapshot = EXCLUDED.snapshot, created_at = NOW()`);
  return idx;
}

/**
 * Sets the catalog fingerprint of the plugin's latest journal entry, when that entry records `hash`
 * (a run found the schema in place although the catalog had changed, e.g. by a GRANT).
 */
export async function recordCatalog(
  tx: SqlExecutorLike,
  pluginName: string,
  hash: string,
  catalog: string,
): Promise<void> {
  await tx.query(sql`UPDATE migrations._journal
      SET entries = jsonb_set(entries, ARRAY[(jsonb_array_length(entries) - 1)::text, 'catalog'], to_jsonb(${catalog}::text))
      WHERE plugin_name = ${pluginName} AND jsonb_array_length(entries) > 0 AND entries -> -1 ->> 'hash' = ${hash}`);
}

/**
 * True when the journal's latest migration of `pluginName` is `hash`, its latest entry records the
 * same hash, and that entry's catalog fingerprint equals the live one of `schemas`: the schema of
 * `hash` is in place and nothing in those schemas changed since it was verified. One statement, so
 * the journal and the catalog are read at the same moment. False when there is no journal yet.
 * `executor` must not be inside a transaction (a missing journal fails the statement).
 */
export async function isRecordedAndUnchanged(
  executor: SqlExecutorLike,
  pluginName: string,
  hash: string,
  schemas: readonly string[],
): Promise<boolean> {
  try {
    const [row] = await executor.query<{ current: boolean | null }>(sql`SELECT
      (SELECT hash FROM migrations._migrations WHERE plugin_name = ${pluginName} ORDER BY created_at DESC, id DESC LIMIT 1) = ${hash}
      AND (SELECT entries -> -1 ->> 'hash' FROM migrations._journal WHERE plugin_name = ${pluginName}) = ${hash}
      AND (SELECT entries -> -1 ->> 'catalog' FROM migrations._journal WHERE plugin_name = ${pluginName})
        = ${sql.raw(catalogFingerprintSql(schemas))} AS current`);
    return row?.current === true;
  } catch (error) {
    // A database without the journal (a first start): asking first would cost every start a round trip.
    if (isUndefinedTable(error)) return false;
    throw error;
  }
}

/** SQLSTATE 42P01 (undefined_table), on the error or down its `cause` chain. */
function isUndefinedTable(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === '42P01') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The plugins with any recorded history. */
export async function journalPlugins(tx: SqlExecutorLike): Promise<string[]> {
  if (!(await journalExists(tx))) return [];
  const rows = await tx.query<{ name: string }>(`SELECT plugin_name AS name FROM migrations._migrations
    UNION SELECT plugin_name FROM migrations._journal UNION SELECT plugin_name FROM migrations._snapshots`);
  return rows.map((r) => r.name);
}

/**
 * Forgets the recorded history of `pluginName`: its `_migrations` rows, journal entry and snapshots.
 * The schema itself is untouched. Returns 1 when it had a history, else 0.
 */
export async function forgetJournal(tx: SqlExecutorLike, pluginName: string): Promise<number> {
  if (!(await journalExists(tx))) return 0;
  const only = sql`plugin_name = ${pluginName}`;
  const [row] = await tx.query<{ n: number }>(sql`WITH
      m AS (DELETE FROM migrations._migrations WHERE ${only} RETURNING plugin_name),
      s AS (DELETE FROM migrations._snapshots WHERE ${only} RETURNING plugin_name),
      j AS (DELETE FROM migrations._journal WHERE ${only} RETURNING plugin_name)
    SELECT count(DISTINCT p)::int AS n FROM (
      SELECT plugin_name AS p FROM m UNION SELECT plugin_name FROM s UNION SELECT plugin_name FROM j) AS forgotten`);
  return Number(row?.n ?? 0);
}
