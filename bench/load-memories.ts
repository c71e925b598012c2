/**
 * Loads the same `size` memories (COPY, 10,000 a chunk) into every subject's database, untimed: rooms
 * round-robin, clustered 384-d embeddings from a fixed seed, `unique` true. An HNSW index on the
 * embeddings (ours, and the bare database migrated by ours) is dropped first and built again after
 * with its own definition, then both tables are analyzed.
 */
import type { BareDb } from './bare-db.js';
import type { Scope } from './scope.js';
import { compactVectorText, createEmbeddingSource, type UUID, uuid } from './support.js';

const MEMORY_COLUMNS = [
  'id',
  'type',
  'content',
  'entity_id',
  'agent_id',
  'room_id',
  'world_id',
  '"unique"',
  'metadata',
  'created_at',
];
const CHUNK = 10_000;
const copyText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const timestamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

export interface LoadedMemories {
  /** Ids in insertion order (created_at ascending); memory i is in room i % rooms. */
  readonly ids: UUID[];
  /** The embeddings of the memories asked for in `keep`, by index. */
  readonly kept: Map<number, number[]>;
}

async function hnswIndexes(raw: BareDb): Promise<string[]> {
  const rows = await raw.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename = 'embeddings' and indexdef ilike '%hnsw%'`,
  );
  for (const r of rows) await raw.query(`drop index "${r.indexname}"`);
  return rows.map((r) => r.indexdef);
}

export async function loadMemories(
  subjects: readonly BareDb[],
  scope: Scope,
  size: number,
  {
    seed = 42,
    keep = new Set<number>(),
    pglite = false,
  }: { seed?: number; keep?: ReadonlySet<number>; pglite?: boolean } = {},
): Promise<LoadedMemories> {
  const indexes = await Promise.all(subjects.map(hnswIndexes));
  const source = createEmbeddingSource(seed);
  const ids: UUID[] = [];
  const kept = new Map<number, number[]>();
  const base = Date.now() - size * 1000;
  for (let start = 0; start < size; start += CHUNK) {
    const memories: string[] = [];
    const embeddings: string[] = [];
    for (let i = start; i < Math.min(size, start + CHUNK); i++) {
      const id = uuid();
      const embedding = source.next();
      if (keep.has(i)) kept.set(i, embedding);
      ids.push(id);
      const room = scope.rooms[i % scope.rooms.length];
      const content = copyText(JSON.stringify({ text: `memory ${i}`, source: 'bench' }));
      memories.push(
        `${id}\tmessages\t${content}\t${scope.entityId}\t${scope.agentId}\t${room}\t${scope.worldId}\tt\t{}\t${timestamp(base + i * 1000)}\n`,
      );
      embeddings.push(`${id}\t${compactVectorText(embedding)}\n`);
    }
    for (const raw of subjects) {
      await raw.transaction(async (tx) => {
        await tx.copy('memories', MEMORY_COLUMNS, memories);
        await tx.copy('embeddings', ['memory_id', 'dim_384'], embeddings);
      });
    }
  }
  for (const [i, raw] of subjects.entries()) {
    for (const definition of indexes[i] ?? []) {
      // The HNSW graph of 100k 384-d vectors exceeds the default 64 MB: built in memory it takes a
      // fraction of the time (PGlite's WASM heap is smaller than a server's).
      await raw.transaction(async (tx) => {
        await tx.query(`set local maintenance_work_mem = '${pglite ? '256MB' : '1GB'}'`);
        await tx.query(definition);
      });
    }
    await raw.query('analyze memories');
    await raw.query('analyze embeddings');
  }
  return { ids, kept };
}
