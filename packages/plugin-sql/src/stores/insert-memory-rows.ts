import type { EmbeddingDimension } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { type SQL, sql } from 'drizzle-orm';
import { embeddingColumn, type PreparedMemory } from './memory-row.js';
import { plainArrayText, quotedElement } from './pg-array-text.js';
import type { VectorTexts } from './vector-text.js';

/**
 * Text budget of a batch's insert statements: the first is small, so the server starts working after
 * little client time, and each next one doubles up to `max`, so a large batch takes few statements
 * (each costs the server a few milliseconds beside its rows). Statements are pipelined: the server
 * inserts one chunk (its HNSW index work dominates) while the next is built.
 */
export interface ChunkBudget {
  readonly first: number;
  readonly max: number;
}

/** ≈ 10 then up to ≈ 350 memories with a 384-d embedding per statement. */
export const DEFAULT_CHUNK_BUDGET: ChunkBudget = { first: 64 * 1024, max: 2 * 1024 * 1024 };

/**
 * Splits a batch into statements by an estimate of their text (JSON lengths are known; a float32
 * value takes at most 15 characters), growing as {@link ChunkBudget} says. The first occurrence of an
 * id wins, as ON CONFLICT DO NOTHING would decide; later duplicates are dropped here so they cannot
 * add a second embedding.
 */
export function planMemoryChunks(
  prepared: readonly PreparedMemory[],
  budget: ChunkBudget = DEFAULT_CHUNK_BUDGET,
): PreparedMemory[][] {
  const seen = new Set<string>();
  const chunks: PreparedMemory[][] = [];
  let current: PreparedMemory[] = [];
  let size = 0;
  let limit = budget.first;
  for (const p of prepared) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    const rowSize =
      300 + p.values.content.length + p.values.metadata.length + (p.embedding?.length ?? 0) * 15;
    if (current.length > 0 && size + rowSize > limit) {
      chunks.push(current);
      current = [];
      size = 0;
      limit = Math.min(budget.max, limit * 2);
    }
    current.push(p);
    size += rowSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * ONE statement inserting a chunk into `memories` and its embeddings: every column travels as one array
 * parameter (`unnest`), the memories insert is a data-modifying CTE (ON CONFLICT DO NOTHING, as the
 * reference), only memories it really inserted get their embedding (joined on its RETURNING), and
 * the ids it inserted come back (a skipped one is the caller's to judge). Vectors are tagged with
 * `spaceId`, the agent's active embedding space (none yet: untagged).
 * The text is the same for every chunk of a dimension, so it is prepared once per connection.
 */
export function memoryInsertStatement(
  dimension: EmbeddingDimension,
  rows: readonly PreparedMemory[],
  vectors: VectorTexts,
  spaceId?: string,
): SQL {
  const n = rows.length;
  const ids = new Array<string>(n);
  const types = new Array<string>(n);
  const contents = new Array<string>(n);
  const metadata = new Array<string>(n);
  const entities = new Array<string | null>(n);
  const rooms = new Array<string | null>(n);
  const worlds = new Array<string | null>(n);
  const agents = new Array<string>(n);
  const unique = new Array<string>(n);
  const created = new Array<string>(n);
  const embeddingIds: string[] = [];
  const embeddings: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = rows[i] as PreparedMemory;
    const v = p.values;
    ids[i] = v.id;
    types[i] = quotedElement(v.type);
    contents[i] = quotedElement(v.content);
    metadata[i] = quotedElement(v.metadata);
    entities[i] = v.entityId;
    rooms[i] = v.roomId;
    worlds[i] = v.worldId;
    agents[i] = v.agentId;
    unique[i] = v.unique ? 't' : 'f';
    created[i] = v.createdAt.toISOString();
    if (p.embedding) {
      embeddingIds.push(v.id);
      // Vector text holds only digits, '-', '.', 'e', ',' and brackets: quoting needs no escapes.
      embeddings.push(`"${vectors.of(p)}"`);
    }
  }
  const column = sql.identifier(embeddingColumn(dimension).name);
  return sql`WITH inserted AS (
  INSERT INTO memories (id, type, content, metadata, entity_id, room_id, world_id, agent_id, "unique", created_at)
  SELECT r.id, r.type, r.content, r.metadata, r.entity_id, r.room_id, r.world_id, r.agent_id, r.is_unique, r.created_at
  FROM unnest(${plainArrayText(ids)}::uuid[], ${plainArrayText(types)}::text[], ${plainArrayText(contents)}::jsonb[],
              ${plainArrayText(metadata)}::jsonb[], ${plainArrayText(entities)}::uuid[], ${plainArrayText(rooms)}::uuid[],
              ${plainArrayText(worlds)}::uuid[], ${plainArrayText(agents)}::uuid[], ${plainArrayText(unique)}::boolean[],
              ${plainArrayText(created)}::timestamp[])
    AS r(id, type, content, metadata, entity_id, room_id, world_id, agent_id, is_unique, created_at)
  ON CONFLICT DO NOTHING
  RETURNING id),
embedded AS (
  INSERT INTO embeddings (memory_id, space_id, ${column})
  SELECT e.id, ${spaceId ?? null}::uuid, e.vec
  FROM unnest(${plainArrayText(embeddingIds)}::uuid[], ${plainArrayText(embeddings)}::${sql.raw(`vector(${dimension})`)}[]) AS e(id, vec)
  JOIN inserted ON inserted.id = e.id)
SELECT id::text AS id FROM inserted`;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the chunks' statements on `ex` (a transaction when there is more than one), pipelined: each is
 * sent as soon as it is built and the next one is built while the server works. Stops building after a
 * failure and rejects with the first failing chunk's error (later ones only report the aborted
 * transaction). Resolves with the ids really inserted.
 */
export async function insertMemoryChunks(
  ex: SqlExecutor,
  dimension: EmbeddingDimension,
  chunks: readonly PreparedMemory[][],
  vectors: VectorTexts,
  spaceId?: string,
): Promise<string[]> {
  const sent: Promise<Array<{ id: string }>>[] = [];
  let failed = false;
  for (const chunk of chunks) {
    if (failed) break;
    const run = ex.query<{ id: string }>(memoryInsertStatement(dimension, chunk, vectors, spaceId));
    // Observed here at once (a rejection must not be unhandled while the next chunk is built), and
    // again by allSettled below, which reports it.
    run.catch(() => {
      failed = true;
    });
    sent.push(run);
    // Lets the driver write the statement to the socket before the next one is built.
    if (sent.length < chunks.length) await nextTurn();
  }
  const results = await Promise.allSettled(sent);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results.flatMap((r) => (r.status === 'fulfilled' ? r.value.map((row) => row.id) : []));
}
