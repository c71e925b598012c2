/**
 * The only ways a database created from this package differs from one created by the reference
 * `@elizaos/plugin-sql@1.7.2`: all additive (new indexes, one new primary key, nullable columns without
 * a default, appended last), none can be violated by data the reference may have written, and the
 * reference's own statements (explicit column lists) never see them. The shape test asserts both
 * databases are otherwise equal and that each entry here exists exactly as described.
 */
export interface SchemaImprovement {
  /** Table (in `public`). */
  readonly table: string;
  /**
   * `index`: a plain index. `primary-key`: a primary key constraint (and its unique index). `column`: a
   * nullable column without a default, after the reference's columns. `table`: a table the reference
   * does not have (with its own constraints and indexes), which no reference statement reads.
   */
  readonly kind: 'index' | 'primary-key' | 'column' | 'table';
  /** Index, constraint or column name. */
  readonly name: string;
  /**
   * How PostgreSQL prints it: for an index the part of `pg_indexes.indexdef` after `ON public.<table> `,
   * for a primary key `pg_get_constraintdef()`, for a column `format_type()` of its type; for a table,
   * its columns as `name udt_name` joined by `, `.
   */
  readonly definition: string;
  /** Why it exists. */
  readonly reason: string;
}

const hnsw = (dimension: number): SchemaImprovement => ({
  table: 'embeddings',
  kind: 'index',
  name: `idx_embeddings_dim_${dimension}_hnsw`,
  definition: `USING hnsw (dim_${dimension} vector_cosine_ops)`,
  reason: `vector search on ${dimension}-dimension embeddings (ORDER BY dim_${dimension} <=> $1 LIMIT k) without a full scan`,
});

/** Every additive difference from the reference schema. */
export const SCHEMA_IMPROVEMENTS: readonly SchemaImprovement[] = [
  hnsw(384),
  hnsw(512),
  hnsw(768),
  hnsw(1024),
  hnsw(1536),
  {
    table: 'embeddings',
    kind: 'index',
    name: 'idx_embeddings_dim_3072_hnsw',
    definition: 'USING hnsw (((dim_3072)::halfvec(3072)) halfvec_cosine_ops)',
    reason:
      'vector search on 3072-dimension embeddings: pgvector indexes `vector` only up to 2000 dimensions, so the column is indexed as halfvec; queries must use embeddingCosineDistance()',
  },
  {
    table: 'memories',
    kind: 'index',
    name: 'idx_memories_room_type_created',
    definition: 'USING btree (room_id, type, created_at)',
    reason: 'getMemories by room and type, newest first, without a sort; room deletes cascade without a scan',
  },
  {
    table: 'embeddings',
    kind: 'column',
    name: 'space_id',
    definition: 'uuid',
    reason:
      "the embedding space (model) a vector belongs to, so two models of one dimension are told apart; null: the first space of the vector's dimension",
  },
  {
    table: 'embedding_spaces',
    kind: 'table',
    name: 'embedding_spaces',
    definition:
      'id uuid, agent_id uuid, dimension int4, fingerprint jsonb, created_at timestamptz, activated_at timestamptz, reembed_heartbeat_at timestamptz',
    reason: "an agent's embedding models (dimension + fingerprint) and which one is active",
  },
  {
    table: 'memories',
    kind: 'index',
    name: 'idx_memories_agent_type_created',
    definition: 'USING btree (agent_id, type, created_at)',
    reason: 'agent-wide memory reads and searches (type + agent_id), newest first; agent delete cascade',
  },
  {
    table: 'memories',
    kind: 'index',
    name: 'idx_memories_entity',
    definition: 'USING btree (entity_id)',
    reason: 'entity filters and the entity delete cascade (otherwise a full scan of memories per entity)',
  },
  {
    table: 'logs',
    kind: 'primary-key',
    name: 'logs_pkey',
    definition: 'PRIMARY KEY (id)',
    reason:
      'deleteLog(id) and row identity; ids are always gen_random_uuid(), so existing rows cannot collide',
  },
  {
    table: 'logs',
    kind: 'index',
    name: 'idx_logs_room_created',
    definition: 'USING btree (room_id, created_at)',
    reason: 'getLogs by room, newest first; room delete cascade',
  },
  {
    table: 'logs',
    kind: 'index',
    name: 'idx_logs_type_created',
    definition: 'USING btree (type, created_at)',
    reason: 'getLogs by type and the run summaries (type = run_event/action/...), newest first',
  },
  {
    table: 'logs',
    kind: 'index',
    name: 'idx_logs_entity_type',
    definition: 'USING btree (entity_id, type)',
    reason: 'logs of an entity (by type) and the entity delete cascade',
  },
  {
    table: 'central_messages',
    kind: 'index',
    name: 'idx_central_messages_channel_created',
    definition: 'USING btree (channel_id, created_at, id)',
    reason:
      "a channel's messages, newest first, paged by created_at (id breaks ties); channel delete cascade",
  },
  {
    table: 'worlds',
    kind: 'column',
    name: 'platform_server_id',
    definition: 'text',
    reason:
      "a world's `serverId` as the platform gave it (any string; `message_server_id` is uuid and the reference drops `serverId`)",
  },
  {
    table: 'rooms',
    kind: 'column',
    name: 'platform_server_id',
    definition: 'text',
    reason:
      "a room's `serverId` as the platform gave it (any string; `message_server_id` is uuid and the reference drops `serverId`)",
  },
  {
    table: 'components',
    kind: 'index',
    name: 'idx_components_entity_type',
    definition: 'USING btree (entity_id, type)',
    reason: 'entities are read with their components, and getComponent looks up (entity_id, type)',
  },
];
