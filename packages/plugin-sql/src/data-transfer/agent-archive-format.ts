/**
 * The agent archive `exportAgent` writes and `importAgent` reads: gzip-compressed NDJSON (one JSON
 * value per line, UTF-8).
 *
 * 1. A header: {@link AgentArchiveHeader} (`format`, `version`, the agent, what is included, the
 *    source's backend, extension versions and the columns of every table written).
 * 2. One line per row, tables in foreign-key order: `{"t": "<table>", "r": {<column>: <value>}}`;
 *    values as PostgreSQL renders them in JSON (`jsonb` as is, vectors and timestamps as their text,
 *    arrays as JSON arrays; timestamps in UTC).
 * 3. For a table referencing itself, after its rows: `{"t": "<table>", "u": {<key and self-referencing
 *    columns>}}`, applied once every row of the table is in.
 * 4. A trailer: `{"end": true, "rows": {"<table>": <count>}}`; an archive without it is truncated.
 */
export const AGENT_ARCHIVE_FORMAT = 'eliza-sql-agent-archive';

/** The version this package writes and reads. A reader refuses a newer one. */
export const AGENT_ARCHIVE_VERSION = 1;

/** The first line of an agent archive. */
export interface AgentArchiveHeader {
  readonly format: typeof AGENT_ARCHIVE_FORMAT;
  readonly version: number;
  /** When it was written (ISO 8601). */
  readonly exportedAt: string;
  readonly agent: { readonly id: string; readonly name: string };
  /** Whether the message servers, channels and messages of the agent's servers are in. */
  readonly includesMessaging: boolean;
  /** Whether the agent's secrets (`settings.secrets`, secret world settings) are in. */
  readonly includesSecrets: boolean;
  readonly source: {
    /** `pglite` or `postgres`. */
    readonly backend: string;
    /** The migrator's name for the schema the rows come from. */
    readonly schema: string;
    /** Extension versions of the source (pgvector's, for the vectors' text form). */
    readonly extensions: Readonly<Record<string, string>>;
    /** The columns written for each table, in order. */
    readonly tables: Readonly<Record<string, readonly string[]>>;
  };
}

/** The last line of an agent archive: rows written per table. */
export interface AgentArchiveTrailer {
  readonly end: true;
  readonly rows: Readonly<Record<string, number>>;
}
