/**
 * Bulk loads of the benchmark's synthetic memories with PostgreSQL COPY (postgres.js `.writable()`):
 * the bulk baseline itself, and the fast way to build the 10k / 100k data sets.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import type { PostgresFixture, UUID } from './support.js';
import { compactVectorText, uuid, vectorText } from './support.js';

export interface CopyRow {
  readonly id: UUID;
  readonly roomId: UUID;
  readonly text: string;
  readonly embedding: readonly number[];
  readonly createdAt: number;
}

const copyText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const timestamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function copyInto(
  sql: postgres.Sql | postgres.TransactionSql,
  statement: string,
  lines: Iterable<string>,
) {
  const target = await sql.unsafe(statement).writable();
  await pipeline(Readable.from(lines), target);
}

function* batched<T>(rows: Iterable<T>, line: (row: T) => string, size = 500): Generator<string> {
  let buf: string[] = [];
  for (const row of rows) {
    buf.push(line(row));
    if (buf.length === size) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length > 0) yield buf.join('');
}

/**
 * COPYs the memories and their 384-d embeddings in one transaction (the bare bulk insert); vectors at
 * full precision unless `compact` (6 significant digits, for building data sets).
 */
export async function copyMemories(
  f: PostgresFixture,
  rows: readonly CopyRow[],
  compact = false,
): Promise<void> {
  const vector = compact ? compactVectorText : vectorText;
  await f.bare.begin(async (tx) => {
    await copyInto(
      tx,
      'COPY memories (id, type, content, entity_id, agent_id, room_id, world_id, "unique", metadata, created_at) FROM STDIN',
      batched(
        rows,
        (r) =>
          `${r.id}\tmessages\t${copyText(JSON.stringify({ text: r.text }))}\t${f.entityId}\t${f.agentId}\t${r.roomId}\t${f.worldId}\tt\t{}\t${timestamp(r.createdAt)}\n`,
      ),
    );
    await copyInto(
      tx,
      'COPY embeddings (memory_id, dim_384) FROM STDIN',
      batched(rows, (r) => `${r.id}\t${vector(r.embedding)}\n`),
    );
  });
}

export interface LoadedDataset {
  /** Memory ids in insertion order (created_at ascending). */
  readonly ids: UUID[];
  readonly loadMs: number;
  readonly indexMs: number;
}

/**
 * Loads `size` memories spread round-robin over the fixture's rooms with embeddings from `next()`:
 * drops the 384-d HNSW index, COPYs in chunks of 10,000 rows, then rebuilds the index with the same
 * definition (timed; skipped with `rebuildIndex: false`) and ANALYZEs.
 */
export async function loadDataset(
  f: PostgresFixture,
  size: number,
  next: () => number[],
  { rebuildIndex = true } = {},
): Promise<LoadedDataset> {
  const [index] = await f.bare<{ indexdef: string }[]>`
    select indexdef from pg_indexes where indexname = 'idx_embeddings_dim_384_hnsw'`;
  if (!index) throw new Error('idx_embeddings_dim_384_hnsw is missing: the schema was not migrated');
  await f.bare`drop index idx_embeddings_dim_384_hnsw`;
  const ids: UUID[] = [];
  const base = Date.now() - size * 1000;
  const t0 = performance.now();
  for (let start = 0; start < size; start += 10_000) {
    const rows: CopyRow[] = [];
    for (let i = start; i < Math.min(size, start + 10_000); i++) {
      const id = uuid();
      ids.push(id);
      rows.push({
        id,
        roomId: f.rooms[i % f.rooms.length] as UUID,
        text: `memory ${i}`,
        embedding: next(),
        createdAt: base + i * 1000,
      });
    }
    await copyMemories(f, rows, true);
  }
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  if (rebuildIndex) {
    await f.bare.begin(async (tx) => {
      await tx`set local maintenance_work_mem = '1GB'`;
      await tx`set local max_parallel_maintenance_workers = 1`;
      await tx.unsafe(index.indexdef);
    });
  }
  const indexMs = performance.now() - t1;
  await f.bare`analyze memories`;
  await f.bare`analyze embeddings`;
  return { ids, loadMs, indexMs };
}
