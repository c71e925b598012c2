import type { UUID } from '@elizaos/core';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, asc, eq } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

/** Reads of a membership table: which members (entities, agents) belong to a group (channel, room, server). */
export interface Membership {
  /** The ids of the group's members, ascending. */
  memberIds(ex: SqlExecutor, groupId: UUID): Promise<UUID[]>;
  /** True when the member belongs to the group. */
  isMember(ex: SqlExecutor, groupId: UUID, memberId: UUID): Promise<boolean>;
}

/** The reads of the membership table holding `group` and `member` (two columns of one table). */
export function createMembership(group: AnyPgColumn, member: AnyPgColumn): Membership {
  const table = member.table as PgTable;
  return {
    async memberIds(ex, groupId) {
      const rows = await ex.db
        .select({ id: member })
        .from(table)
        .where(eq(group, groupId))
        .orderBy(asc(member));
      return rows.map((row) => row.id as UUID);
    },
    async isMember(ex, groupId, memberId) {
      const rows = await ex.db
        .select({ id: member })
        .from(table)
        .where(and(eq(group, groupId), eq(member, memberId)))
        .limit(1);
      return rows.length > 0;
    },
  };
}
