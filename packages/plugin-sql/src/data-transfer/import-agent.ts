import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DatabaseDriver, SqlExecutor } from '@eliza-sql/core-schema/driver';
import { toPublicError } from '../error-mapping/to-public-error.js';
import { ElizaSqlError } from '../errors.js';
import { assertUuid, isUuid } from '../validation.js';
import {
  AGENT_ARCHIVE_FORMAT,
  AGENT_ARCHIVE_VERSION,
  type AgentArchiveHeader,
} from './agent-archive-format.js';
import { SHARED_MESSAGING_TABLES } from './agent-row-filters.js';
import { asAgentValueSql } from './as-agent-value-sql.js';
import type { AgentTransferProgress } from './export-agent.js';
import { insertRowBatch } from './insert-row-batch.js';
import { migrateCoreSchema } from './migrate-core-schema.js';
import { keyTupleSql, quoteIdent } from './row-sql.js';
import { sqlWithParams } from './sql-with-params.js';
import { tableColumnsIn } from './table-columns.js';
import { CORE_TRANSFER_TABLES, type TransferColumn, type TransferTable } from './transfer-table.js';

/** Options of {@link importAgent}. */
export interface ImportAgentOptions {
  /**
   * Import under this new agent id: every reference to the agent is rewritten and every id of its
   * own rows remapped (consistently), so the copy can live next to the original in one database.
   */
  readonly asAgent?: string;
  readonly batchSize?: number;
  readonly onProgress?: (progress: AgentTransferProgress) => void;
  readonly signal?: AbortSignal;
}

/** What {@link importAgent} loaded. */
export interface ImportAgentResult {
  /** The agent as imported (its new id with `asAgent`). */
  readonly agent: { readonly id: string; readonly name: string };
  readonly header: AgentArchiveHeader;
  /** Rows inserted per table (a messaging row already there is kept and not counted). */
  readonly rows: Readonly<Record<string, number>>;
}

function invalidArchive(message: string, cause?: unknown): ElizaSqlError {
  return new ElizaSqlError('INVALID_ARCHIVE', message, { cause, operation: 'importAgent' });
}

/** A row or update line: `{"t":"<table>","r":` (or `"u":`), the row's JSON object text, `}`. */
const ROW_LINE = /^\{"t":("[a-z_]+"),"([ru])":(?=\{.*\}$)/;

function parseLine(line: string, at: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch (err) {
    throw invalidArchive(`line ${at} of the archive is not JSON`, err);
  }
  throw invalidArchive(`line ${at} of the archive is not a JSON object`);
}

function checkHeader(value: Record<string, unknown>): AgentArchiveHeader {
  if (value.format !== AGENT_ARCHIVE_FORMAT) {
    throw invalidArchive(
      `not an agent archive: its first line has format ${JSON.stringify(value.format)}, expected "${AGENT_ARCHIVE_FORMAT}"`,
    );
  }
  if (typeof value.version !== 'number' || value.version > AGENT_ARCHIVE_VERSION) {
    throw invalidArchive(
      `archive version ${String(value.version)} is newer than this package reads (${AGENT_ARCHIVE_VERSION}): upgrade @eliza-sql/plugin-sql`,
    );
  }
  const header = value as unknown as AgentArchiveHeader;
  if (!isUuid(header.agent?.id) || typeof header.source?.tables !== 'object') {
    throw invalidArchive('the archive header lacks the agent id or the table list');
  }
  return header;
}

/**
 * Loads an agent archive written by `exportAgent` (a gzip-compressed stream) into `driver`: migrates
 * the core schema first, then inserts every row in one transaction (a failure leaves nothing),
 * streaming. Ids are kept as they are unless `asAgent` is given.
 *
 * Errors: INVALID_ARCHIVE (not an archive, a newer version, truncated, a table it does not know),
 * TARGET_HOLDS_OTHER_DATA (the database already has the agent: import `asAgent` a new id), INVALID_INPUT
 * (`asAgent` not a UUID), database errors mapped (UNIQUE_VIOLATION: a row id another agent uses).
 */
export async function importAgent(
  driver: DatabaseDriver,
  archive: Readable,
  options: ImportAgentOptions = {},
): Promise<ImportAgentResult> {
  const asAgent =
    options.asAgent === undefined ? undefined : assertUuid('asAgent', options.asAgent).toLowerCase();
  const gunzip = createGunzip();
  archive.on('error', (err) => gunzip.destroy(err));
  const lines = createInterface({ input: archive.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  try {
    const first = await iterator.next().catch((err: unknown) => {
      throw invalidArchive('the archive is not gzip-compressed NDJSON', err);
    });
    if (first.done) throw invalidArchive('the archive is empty');
    const header = checkHeader(parseLine(first.value, 1));
    const oldId = header.agent.id;
    const newId = asAgent ?? oldId;
    await migrateCoreSchema(driver);
    const [existing] = await driver.query(
      sqlWithParams('SELECT 1 AS one FROM agents WHERE id = ', { param: newId }, '::uuid'),
    );
    if (existing) {
      throw new ElizaSqlError(
        'TARGET_HOLDS_OTHER_DATA',
        `the database already has agent ${newId}; import it under a new id (asAgent / --as-agent <uuid>) to keep both, or import into another database`,
        { operation: 'importAgent' },
      );
    }
    const rows = await driver.transaction((tx) =>
      loadRows(tx, iterator, header, { ...options, oldId, newId }),
    );
    return { agent: { id: newId, name: header.agent.name }, header, rows };
  } catch (err) {
    throw toPublicError(err, 'importAgent');
  } finally {
    lines.close();
    gunzip.destroy();
  }
}

interface LoadOptions extends ImportAgentOptions {
  readonly oldId: string;
  readonly newId: string;
}

interface TablePlan {
  readonly table: TransferTable;
  readonly columns: readonly TransferColumn[];
  readonly valueSql: Record<string, string>;
}

async function loadRows(
  tx: SqlExecutor,
  iterator: AsyncIterator<string>,
  header: AgentArchiveHeader,
  options: LoadOptions,
): Promise<Record<string, number>> {
  const plans = new Map<string, TablePlan>();
  const planOf = async (name: unknown): Promise<TablePlan> => {
    const known = typeof name === 'string' ? plans.get(name) : undefined;
    if (known) return known;
    const table = CORE_TRANSFER_TABLES.find((t) => t.name === name);
    const written = typeof name === 'string' ? header.source.tables[name] : undefined;
    if (!table || !written)
      throw invalidArchive(`the archive has rows of an unknown table ${JSON.stringify(name)}`);
    const columns = (await tableColumnsIn(tx, table)).filter((c) => written.includes(c.name));
    const valueSql =
      options.oldId === options.newId ? {} : asAgentValueSql(table, columns, options.oldId, options.newId);
    const plan = { table, columns, valueSql };
    plans.set(table.name, plan);
    return plan;
  };
  const inserted: Record<string, number> = {};
  let pending: { plan: TablePlan; rows: string[] } | undefined;
  const flush = async () => {
    if (!pending || pending.rows.length === 0) return;
    const { plan, rows } = pending;
    inserted[plan.table.name] =
      (inserted[plan.table.name] ?? 0) +
      (await insertRowBatch(tx, plan.table, plan.columns, rows, {
        nullColumns: plan.table.selfReferences,
        skipExisting: SHARED_MESSAGING_TABLES.includes(plan.table.name),
        valueSql: plan.valueSql,
      }));
    options.onProgress?.({ table: plan.table.name, done: inserted[plan.table.name] ?? 0 });
    pending = { plan, rows: [] };
  };
  const batchSize = options.batchSize ?? 500;
  for (let at = 2; ; at += 1) {
    options.signal?.throwIfAborted();
    const next = await iterator.next();
    if (next.done)
      throw invalidArchive(`the archive ends after line ${at - 1} without its trailer: it is truncated`);
    const tagged = ROW_LINE.exec(next.value);
    if (!tagged) {
      const line = parseLine(next.value, at);
      if (line.end !== true) throw invalidArchive(`line ${at} is neither a row, an update nor the trailer`);
      await flush();
      checkTrailer(line.rows, inserted, header);
      return inserted;
    }
    // the row's text goes to PostgreSQL as it is: JSON.parse would round jsonb numbers (1.0 -> 1)
    const plan = await planOf(JSON.parse(tagged[1] ?? '""'));
    const value = next.value.slice(tagged[0].length, -1);
    if (tagged[2] === 'u') {
      await flush();
      await setSelfReferences(tx, plan, value);
      continue;
    }
    if (pending?.plan !== plan) {
      await flush();
      pending = { plan, rows: [] };
    }
    pending.rows.push(value);
    if (pending.rows.length >= batchSize) await flush();
  }
}

function checkTrailer(rows: unknown, inserted: Record<string, number>, header: AgentArchiveHeader): void {
  if (typeof rows !== 'object' || rows === null)
    throw invalidArchive('the archive trailer has no row counts');
  for (const [table, count] of Object.entries(rows)) {
    const loaded = inserted[table] ?? 0;
    // messaging rows already in the database are kept, so fewer may be inserted there
    const shared = SHARED_MESSAGING_TABLES.includes(table) && header.includesMessaging;
    if (shared ? loaded > count : loaded !== count) {
      throw invalidArchive(`the archive's trailer counts ${count} ${table} row(s) but ${loaded} were in it`);
    }
  }
}

async function setSelfReferences(tx: SqlExecutor, plan: TablePlan, row: string): Promise<void> {
  const { table } = plan;
  const sets = table.selfReferences
    .map((name) => `${quoteIdent(name)} = ${plan.valueSql[name] ?? `s.${quoteIdent(name)}`}`)
    .join(', ');
  const keyOf = (alias: string) =>
    `(${table.primaryKey.map((c) => (alias === 's' && plan.valueSql[c.name]) || `${alias}.${quoteIdent(c.name)}`).join(', ')})`;
  await tx.query(
    sqlWithParams(
      `UPDATE ${quoteIdent(table.name)} t SET ${sets} FROM jsonb_populate_record(NULL::${quoteIdent(table.name)}, `,
      { param: row },
      `::jsonb) s WHERE ${keyTupleSql(table.primaryKey)} = ${keyOf('s')}`,
    ),
  );
}
