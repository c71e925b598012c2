import { type EmbeddingDimension, isEmbeddingDimension } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { type SQL, sql } from 'drizzle-orm';
import { embeddingColumn } from './memory-row.js';
import { plainArrayText } from './pg-array-text.js';

/** A recorded embedding space of an agent: a model, known by its dimension and fingerprint. */
export interface EmbeddingSpaceRecord {
  readonly id: UUID;
  readonly dimension: EmbeddingDimension;
  /** The model's vector for the probe text; null when the model was never probed. */
  readonly fingerprint: number[] | null;
  /** Whether it is the agent's first space of its dimension: it then owns that column's untagged vectors. */
  readonly adoptsUntagged: boolean;
}

/** What memory stores need of the active space: its id, and whether untagged vectors belong to it. */
export interface SpaceScope {
  readonly id: UUID;
  readonly adoptsUntagged: boolean;
}

type SpaceRow = {
  id: UUID;
  dimension: number;
  fingerprint: number[] | string | null;
  first_of_dimension: boolean;
};

/** The agent's spaces, the active one (activated last) first. */
export async function listEmbeddingSpaces(ex: SqlExecutor, agentId: UUID): Promise<EmbeddingSpaceRecord[]> {
  const rows = await ex.query<SpaceRow>(sql`
    SELECT id, dimension, fingerprint,
      row_number() OVER (PARTITION BY dimension ORDER BY created_at, id) = 1 AS first_of_dimension
    FROM embedding_spaces WHERE agent_id = ${agentId}
    ORDER BY activated_at DESC, created_at DESC, id`);
  return rows.map(toRecord);
}

function toRecord(row: SpaceRow): EmbeddingSpaceRecord {
  if (!isEmbeddingDimension(row.dimension)) {
    throw new Error(`embedding_spaces row ${row.id} has unsupported dimension ${row.dimension}`);
  }
  const fingerprint =
    typeof row.fingerprint === 'string' ? (JSON.parse(row.fingerprint) as number[]) : row.fingerprint;
  return { id: row.id, dimension: row.dimension, fingerprint, adoptsUntagged: row.first_of_dimension };
}

/**
 * Records a new space for the agent and makes it the active one. Undefined when the agent does not
 * exist (yet): it then holds no memories, and the space is recorded at a later start.
 */
export async function createEmbeddingSpace(
  ex: SqlExecutor,
  agentId: UUID,
  dimension: EmbeddingDimension,
  fingerprint: readonly number[] | undefined,
): Promise<UUID | undefined> {
  const rows = await ex.query<{ id: UUID }>(sql`
    INSERT INTO embedding_spaces (agent_id, dimension, fingerprint, activated_at)
    SELECT ${agentId}, ${dimension}, ${fingerprint ? JSON.stringify(fingerprint) : null}::jsonb, clock_timestamp()
    WHERE EXISTS (SELECT 1 FROM agents WHERE id = ${agentId})
    RETURNING id`);
  return rows[0]?.id;
}

/** Makes a recorded space the agent's active one again (and stores its fingerprint when it had none). */
export async function activateEmbeddingSpace(
  ex: SqlExecutor,
  spaceId: UUID,
  fingerprint: readonly number[] | undefined,
): Promise<void> {
  await ex.query(sql`
    UPDATE embedding_spaces SET activated_at = clock_timestamp(),
      fingerprint = coalesce(fingerprint, ${fingerprint ? JSON.stringify(fingerprint) : null}::jsonb)
    WHERE id = ${spaceId}`);
}

/** Whether an `embeddings` row (alias `e`) holds a vector of `space` (in the column of `dimension`). */
export function inSpace(alias: string, dimension: EmbeddingDimension, space: SpaceScope): SQL {
  const column = sql.raw(`${alias}.${embeddingColumn(dimension).name}`);
  const tag = sql.raw(`${alias}.space_id`);
  return space.adoptsUntagged
    ? sql`${column} IS NOT NULL AND (${tag} = ${space.id} OR ${tag} IS NULL)`
    : sql`${column} IS NOT NULL AND ${tag} = ${space.id}`;
}

/** A memory waiting for a vector in the active space. */
export type MemoryToReembed = {
  readonly id: UUID;
  /** `content.text`; null or empty: nothing to embed. */
  readonly text: string | null;
};

/**
 * The next `limit` memories of the agent (by id, after `afterId`) that hold a vector but none of
 * `space`: what re-embedding still has to do. Memories that were never embedded are not selected.
 */
export async function selectMemoriesToReembed(
  ex: SqlExecutor,
  agentId: UUID,
  dimension: EmbeddingDimension,
  space: SpaceScope,
  afterId: UUID | null,
  limit: number,
): Promise<MemoryToReembed[]> {
  return ex.query<MemoryToReembed>(sql`
    SELECT m.id, m.content->>'text' AS text FROM memories m
    WHERE m.agent_id = ${agentId} ${afterId ? sql`AND m.id > ${afterId}` : sql``}
      AND EXISTS (SELECT 1 FROM embeddings e WHERE e.memory_id = m.id)
      AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.memory_id = m.id AND ${inSpace('e', dimension, space)})
    ORDER BY m.id LIMIT ${sql.raw(String(limit))}`);
}

/** How many of the agent's embedded memories have no vector of `space`. */
export async function countMemoriesOutsideSpace(
  ex: SqlExecutor,
  agentId: UUID,
  dimension: EmbeddingDimension,
  space: SpaceScope,
): Promise<{ outside: number; embedded: number }> {
  const rows = await ex.query<{ outside: number | string; embedded: number | string }>(sql`
    SELECT count(*) FILTER (WHERE NOT EXISTS (
             SELECT 1 FROM embeddings e WHERE e.memory_id = m.id AND ${inSpace('e', dimension, space)}))::int AS outside,
           count(*)::int AS embedded
    FROM memories m
    WHERE m.agent_id = ${agentId} AND EXISTS (SELECT 1 FROM embeddings e WHERE e.memory_id = m.id)`);
  return { outside: Number(rows[0]?.outside ?? 0), embedded: Number(rows[0]?.embedded ?? 0) };
}

/**
 * Writes re-embedded vectors into `space` (the vector text of each id, pgvector format) in ONE
 * statement, which is also what marks those memories done: the embeddings row of each memory gets
 * the vector and the space tag; a memory that already has a vector of `space` (written meanwhile)
 * is left as it is. Returns the ids written.
 */
export async function writeReembeddedVectors(
  ex: SqlExecutor,
  dimension: EmbeddingDimension,
  space: SpaceScope,
  ids: readonly UUID[],
  vectorTexts: readonly string[],
): Promise<UUID[]> {
  const column = sql.identifier(embeddingColumn(dimension).name);
  const rows = await ex.query<{ memory_id: UUID }>(sql`
    UPDATE embeddings e SET ${column} = v.vec, space_id = ${space.id}
    FROM (
      SELECT DISTINCT ON (x.id) x.id, x.vec, emb.id AS row_id
      FROM unnest(${plainArrayText(ids)}::uuid[], ${plainArrayText(vectorTexts.map((t) => `"${t}"`))}::${sql.raw(`vector(${dimension})`)}[]) AS x(id, vec)
      JOIN embeddings emb ON emb.memory_id = x.id
      WHERE NOT EXISTS (SELECT 1 FROM embeddings d WHERE d.memory_id = x.id AND ${inSpace('d', dimension, space)})
      ORDER BY x.id, emb.created_at DESC, emb.id
    ) v
    WHERE e.id = v.row_id
    RETURNING e.memory_id`);
  return rows.map((row) => row.memory_id);
}

/** Marks a re-embedding into `spaceId` as running (now) or ended (null). */
export async function setReembedHeartbeat(ex: SqlExecutor, spaceId: UUID, running: boolean): Promise<void> {
  await ex.query(sql`
    UPDATE embedding_spaces SET reembed_heartbeat_at = ${running ? sql`clock_timestamp()` : sql`NULL`}
    WHERE id = ${spaceId}`);
}

/** When a re-embedding into `spaceId` last showed it runs, in ms ago (null: none runs or ran). */
export async function reembedHeartbeatAge(ex: SqlExecutor, spaceId: UUID): Promise<number | null> {
  const rows = await ex.query<{ age: number | string | null }>(sql`
    SELECT (extract(epoch FROM clock_timestamp() - reembed_heartbeat_at) * 1000)::float8 AS age
    FROM embedding_spaces WHERE id = ${spaceId}`);
  const age = rows[0]?.age;
  return age === null || age === undefined ? null : Number(age);
}

/**
 * Drops every vector of the agent that is not of `space`: rows of another space are deleted, and in
 * rows of `space` the other dimension columns are cleared. Returns the rows deleted, the vectors
 * cleared in kept rows, and the bytes those vectors took (pg_column_size, before any VACUUM).
 */
export async function dropVectorsOutsideSpace(
  ex: SqlExecutor,
  agentId: UUID,
  dimension: EmbeddingDimension,
  space: SpaceScope,
): Promise<{ rowsDeleted: number; vectorsCleared: number; bytes: number }> {
  const keep = embeddingColumn(dimension).name;
  const others = (['dim_384', 'dim_512', 'dim_768', 'dim_1024', 'dim_1536', 'dim_3072'] as const).filter(
    (c) => c !== keep,
  );
  const size = (alias: string, columns: readonly string[]) =>
    sql.raw(columns.map((c) => `coalesce(pg_column_size(${alias}.${c}), 0)`).join(' + '));
  const anyOther = sql.raw(others.map((c) => `e.${c} IS NOT NULL`).join(' OR '));
  const deleted = await ex.query<{ bytes: number | string }>(sql`
    DELETE FROM embeddings e USING memories m
    WHERE m.id = e.memory_id AND m.agent_id = ${agentId} AND NOT (${inSpace('e', dimension, space)})
    RETURNING (${size('e', [keep, ...others])})::bigint AS bytes`);
  const cleared = await ex.query<{ bytes: number | string; n: number | string }>(sql`
    WITH old AS (
      SELECT e.id, (${size('e', others)})::bigint AS bytes,
        (${sql.raw(others.map((c) => `(e.${c} IS NOT NULL)::int`).join(' + '))}) AS n
      FROM embeddings e JOIN memories m ON m.id = e.memory_id
      WHERE m.agent_id = ${agentId} AND (${anyOther}) FOR UPDATE OF e
    ), done AS (
      UPDATE embeddings e SET ${sql.raw(others.map((c) => `${c} = NULL`).join(', '))}
      FROM old WHERE e.id = old.id RETURNING e.id
    )
    SELECT coalesce(sum(old.bytes), 0)::bigint AS bytes, coalesce(sum(old.n), 0)::int AS n
    FROM old JOIN done ON done.id = old.id`);
  const sum = (rows: { bytes: number | string }[]) =>
    rows.reduce((total, row) => total + Number(row.bytes), 0);
  return {
    rowsDeleted: deleted.length,
    vectorsCleared: Number(cleared[0]?.n ?? 0),
    bytes: sum(deleted) + Number(cleared[0]?.bytes ?? 0),
  };
}
