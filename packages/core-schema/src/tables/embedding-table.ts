import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import { VECTOR_DIMS } from '../embedding-dimensions.js';
import { vectorColumn } from '../vector-column.js';
import { memoryTable } from './memory-table.js';

/**
 * `embeddings`: the vector of a memory, in the one column matching the model's size.
 *
 * Additive (not in the reference): an HNSW cosine index per column. `dim_3072` exceeds pgvector's
 * 2000-dimension index limit for `vector`, so it is indexed as `(dim_3072::halfvec(3072))`; only
 * queries using that exact expression (`embeddingCosineDistance`) can use the index.
 */
export const embeddingTable = pgTable(
  'embeddings',
  {
    id: uuid('id').primaryKey().defaultRandom().notNull(),
    memoryId: uuid('memory_id').references(() => memoryTable.id, { onDelete: 'cascade' }),
    createdAt: timestampColumn('created_at').default(sql`now()`).notNull(),
    dim384: vectorColumn('dim_384', { dimensions: VECTOR_DIMS.SMALL }),
    dim512: vectorColumn('dim_512', { dimensions: VECTOR_DIMS.MEDIUM }),
    dim768: vectorColumn('dim_768', { dimensions: VECTOR_DIMS.LARGE }),
    dim1024: vectorColumn('dim_1024', { dimensions: VECTOR_DIMS.XL }),
    dim1536: vectorColumn('dim_1536', { dimensions: VECTOR_DIMS.XXL }),
    dim3072: vectorColumn('dim_3072', { dimensions: VECTOR_DIMS.XXXL }),
    /**
     * Additive: the `embedding_spaces` row the row's vector (in the column of that space's dimension)
     * belongs to. Null (rows written by the reference or an earlier release): each vector belongs to the
     * agent's first recorded space of its column's dimension. No foreign key: checking one would cost
     * every memory insert an index lookup, and a deleted space only leaves vectors no search selects.
     */
    spaceId: uuid('space_id'),
  },
  (table) => [
    check('embedding_source_check', sql`"memory_id" IS NOT NULL`),
    index('idx_embedding_memory').on(table.memoryId),
    foreignKey({
      name: 'fk_embedding_memory',
      columns: [table.memoryId],
      foreignColumns: [memoryTable.id],
    }).onDelete('cascade'),
    index('idx_embeddings_dim_384_hnsw').using('hnsw', table.dim384.op('vector_cosine_ops')),
    index('idx_embeddings_dim_512_hnsw').using('hnsw', table.dim512.op('vector_cosine_ops')),
    index('idx_embeddings_dim_768_hnsw').using('hnsw', table.dim768.op('vector_cosine_ops')),
    index('idx_embeddings_dim_1024_hnsw').using('hnsw', table.dim1024.op('vector_cosine_ops')),
    index('idx_embeddings_dim_1536_hnsw').using('hnsw', table.dim1536.op('vector_cosine_ops')),
    index('idx_embeddings_dim_3072_hnsw').using(
      'hnsw',
      sql`((${sql.identifier('dim_3072')})::halfvec(3072)) halfvec_cosine_ops`,
    ),
  ],
);
