import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import { agentTable } from './agent-table.js';

/**
 * `embedding_spaces` (not in the reference): the embedding models an agent has used. A space is a
 * dimension plus the model's fingerprint (its vector for a fixed probe text, stored once; null when
 * never probed). The agent's active space is the one activated last; `embeddings.space_id` says which
 * space a stored vector belongs to.
 */
export const embeddingSpaceTable = pgTable(
  'embedding_spaces',
  {
    id: uuid('id').primaryKey().defaultRandom().notNull(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agentTable.id, { onDelete: 'cascade' }),
    dimension: integer('dimension').notNull(),
    fingerprint: jsonb('fingerprint').$type<number[]>(),
    createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`).notNull(),
    activatedAt: timestampColumn('activated_at', { withTimezone: true }).default(sql`now()`).notNull(),
    /** Set by each batch of a running re-embedding into this space, cleared when it ends (stale after a crash). */
    reembedHeartbeatAt: timestampColumn('reembed_heartbeat_at', { withTimezone: true }),
  },
  (table) => [index('idx_embedding_spaces_agent').on(table.agentId, table.activatedAt)],
);
