import { pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { agentTable } from './agent-table.js';
import { messageServerTable } from './message-server-table.js';

/** `message_server_agents`: which agents belong to which message server. */
export const messageServerAgentsTable = pgTable(
  'message_server_agents',
  {
    messageServerId: uuid('message_server_id')
      .notNull()
      .references(() => messageServerTable.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agentTable.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.messageServerId, table.agentId] })],
);
