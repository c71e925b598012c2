import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { channelTable } from './channel-table.js';

/** `channel_participants`: which entities are in which central channel. */
export const channelParticipantsTable = pgTable(
  'channel_participants',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => channelTable.id, { onDelete: 'cascade' }),
    entityId: text('entity_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.entityId] })],
);
