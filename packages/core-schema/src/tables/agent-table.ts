import { sql } from 'drizzle-orm';
import { boolean, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type {
  AgentSettingsJson,
  AgentStyleJson,
  KnowledgeItemJson,
  MessageExampleJson,
} from '../json-types.js';

/** `agents`: one row per agent, holding its character. */
export const agentTable = pgTable('agents', {
  id: uuid('id').primaryKey().defaultRandom(),
  enabled: boolean('enabled').default(true).notNull(),
  // The reference names this property in snake_case; kept so ported code reads the same.
  server_id: uuid('server_id'),
  createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`).notNull(),
  updatedAt: timestampColumn('updated_at', { withTimezone: true }).default(sql`now()`).notNull(),
  name: text('name').notNull(),
  username: text('username'),
  system: text('system').default(''),
  bio: jsonb('bio').$type<string | string[]>().default(sql`'[]'::jsonb`),
  messageExamples: jsonb('message_examples')
    .$type<MessageExampleJson[][]>()
    .default(sql`'[]'::jsonb`)
    .notNull(),
  postExamples: jsonb('post_examples').$type<string[]>().default(sql`'[]'::jsonb`).notNull(),
  topics: jsonb('topics').$type<string[]>().default(sql`'[]'::jsonb`).notNull(),
  adjectives: jsonb('adjectives').$type<string[]>().default(sql`'[]'::jsonb`).notNull(),
  knowledge: jsonb('knowledge').$type<KnowledgeItemJson[]>().default(sql`'[]'::jsonb`).notNull(),
  plugins: jsonb('plugins').$type<string[]>().default(sql`'[]'::jsonb`).notNull(),
  settings: jsonb('settings').$type<AgentSettingsJson>().default(sql`'{}'::jsonb`).notNull(),
  style: jsonb('style').$type<AgentStyleJson>().default(sql`'{}'::jsonb`).notNull(),
});
