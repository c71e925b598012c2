import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { CORE_PLUGIN_NAME } from '../database-migration-service.js';
import { toPublicError } from '../error-mapping/to-public-error.js';
import {
  AGENT_ARCHIVE_FORMAT,
  AGENT_ARCHIVE_VERSION,
  type AgentArchiveHeader,
  type AgentArchiveTrailer,
} from './agent-archive-format.js';
import { agentRowFilters } from './agent-row-filters.js';
import { readRowBatches } from './read-row-batches.js';
import { quoteIdent } from './row-sql.js';
import { resolveAgentId } from './resolve-agent-id.js';
import { stripSecrets } from './strip-secrets.js';
import { tableColumnsIn } from './table-columns.js';
import { CORE_TRANSFER_TABLES } from './transfer-table.js';

/** Where an export or import is: `done` rows of `table` so far. */
export interface AgentTransferProgress {
  readonly table: string;
  readonly done: number;
}

/** Options of {@link exportAgent}. */
export interface ExportAgentOptions {
  /** The agent: its id, or its name when one agent has it. */
  readonly agent: string;
  /** Where the archive is written (a file stream, ...); ended when the export ends. */
  readonly output: Writable;
  /** Also the message servers the agent belongs to, with their channels and messages. Default false. */
  readonly includeMessaging?: boolean;
  /** Keep the agent's secrets (`settings.secrets`, secret world settings). Default false. */
  readonly includeSecrets?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (progress: AgentTransferProgress) => void;
  readonly signal?: AbortSignal;
}

/** What {@link exportAgent} wrote. */
export interface ExportAgentResult {
  readonly agent: { readonly id: string; readonly name: string };
  /** Rows written per table. */
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Writes one agent's data (agent, entities, components, worlds, rooms, participants, memories with
 * embeddings, relationships, tasks, logs, cache; optionally its messaging) to `output` as a
 * versioned, gzip-compressed NDJSON archive (format: `agent-archive-format.ts`), streaming page by
 * page. Errors: AGENT_NOT_FOUND, INVALID_INPUT (a name several agents have), database errors mapped.
 */
export async function exportAgent(
  driver: DatabaseDriver,
  options: ExportAgentOptions,
): Promise<ExportAgentResult> {
  const gzip = createGzip();
  const written = pipeline(gzip, options.output);
  try {
    const result = await writeArchive(driver, options, async (line) => {
      if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
    });
    gzip.end();
    await written;
    return result;
  } catch (err) {
    gzip.destroy(err instanceof Error ? err : undefined);
    await written.catch(() => undefined); // the stream's error is this one
    throw toPublicError(err, 'exportAgent');
  }
}

async function writeArchive(
  driver: DatabaseDriver,
  options: ExportAgentOptions,
  write: (line: string) => Promise<void>,
): Promise<ExportAgentResult> {
  const agent = await resolveAgentId(driver, options.agent);
  const filters = agentRowFilters(agent.id, options.includeMessaging === true);
  const tables = [];
  for (const table of CORE_TRANSFER_TABLES) {
    const where = filters[table.name];
    if (where === undefined) continue;
    const columns = await tableColumnsIn(driver, table);
    if (columns.length > 0) tables.push({ table, columns, where });
  }
  const header: AgentArchiveHeader = {
    format: AGENT_ARCHIVE_FORMAT,
    version: AGENT_ARCHIVE_VERSION,
    exportedAt: new Date().toISOString(),
    agent,
    includesMessaging: options.includeMessaging === true,
    includesSecrets: options.includeSecrets === true,
    source: {
      backend: driver.capabilities.backend,
      schema: CORE_PLUGIN_NAME,
      extensions: driver.capabilities.extensionVersions,
      tables: Object.fromEntries(
        tables.map(({ table, columns }) => [table.name, columns.map((c) => c.name)]),
      ),
    },
  };
  await write(JSON.stringify(header));
  const rows: Record<string, number> = {};
  for (const { table, columns, where } of tables) {
    const tag = `{"t":${JSON.stringify(table.name)},"r":`;
    let done = 0;
    for await (const batch of readRowBatches(driver, table, {
      columns,
      where,
      batchSize: options.batchSize,
      signal: options.signal,
    })) {
      for (const row of batch.rows) {
        await write(`${tag}${options.includeSecrets ? row : stripSecrets(table.name, row)}}`);
      }
      done += batch.rows.length;
      options.onProgress?.({ table: table.name, done });
    }
    rows[table.name] = done;
    if (table.selfReferences.length === 0) continue;
    const refColumns = [...table.primaryKey, ...columns.filter((c) => table.selfReferences.includes(c.name))];
    const notNull = table.selfReferences.map((name) => `t.${quoteIdent(name)} IS NOT NULL`).join(' OR ');
    const updateTag = `{"t":${JSON.stringify(table.name)},"u":`;
    for await (const batch of readRowBatches(driver, table, {
      columns: refColumns,
      where: `(${where}) AND (${notNull})`,
      signal: options.signal,
    })) {
      for (const row of batch.rows) await write(`${updateTag}${row}}`);
    }
  }
  const trailer: AgentArchiveTrailer = { end: true, rows };
  await write(JSON.stringify(trailer));
  return { agent, rows };
}
