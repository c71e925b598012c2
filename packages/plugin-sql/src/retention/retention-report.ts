import type { UUID } from '@elizaos/core';

/** Rows one pruning run removed from one table (a memory table is its `tableName`) and room. */
export interface RetentionRemoval {
  readonly table: string;
  /** The room the rows were in; null for rows without a room, and for the cache. */
  readonly roomId: UUID | null;
  readonly count: number;
}

/** What a pruning call removed. */
export interface RetentionReport {
  /** One entry per table and room with at least one removed row. */
  readonly removed: readonly RetentionRemoval[];
  /** The sum of `removed`. */
  readonly total: number;
  /** True when `signal` stopped the run before it finished (what was removed so far stays removed). */
  readonly interrupted: boolean;
}

/** Progress of a pruning call: rows removed so far, and the table being pruned. */
export interface RetentionProgress {
  readonly table: string;
  readonly removed: number;
}

/** Adds removed rows up per table and room, in first-seen order. */
export function createRemovalTally() {
  const counts = new Map<string, { table: string; roomId: UUID | null; count: number }>();
  let total = 0;
  return {
    add(table: string, roomId: UUID | null, count = 1) {
      if (count === 0) return;
      const key = `${table}\u0000${roomId ?? ''}`;
      const entry = counts.get(key) ?? { table, roomId, count: 0 };
      entry.count += count;
      counts.set(key, entry);
      total += count;
    },
    get total() {
      return total;
    },
    report(interrupted: boolean): RetentionReport {
      return { removed: [...counts.values()].map((e) => ({ ...e })), total, interrupted };
    },
  };
}

/** The running tally {@link createRemovalTally} returns. */
export type RemovalTally = ReturnType<typeof createRemovalTally>;

/** Merges reports of several calls (the service's run) into one. */
export function mergeRetentionReports(reports: readonly RetentionReport[]): RetentionReport {
  const tally = createRemovalTally();
  for (const report of reports) for (const r of report.removed) tally.add(r.table, r.roomId, r.count);
  return tally.report(reports.some((r) => r.interrupted));
}
