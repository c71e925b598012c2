import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { quoteIdent, renderRowSql, UTC_TIME_ZONE_SQL } from './row-sql.js';
import { tableColumnsIn } from './table-columns.js';
import type { TransferTable } from './transfer-table.js';

/** An agent of the source for which the target holds data the source does not have. */
export interface AgentConflict {
  readonly agentId: string;
  /** What differs: the agent row itself, or a table with more rows for the agent on the target. */
  readonly reason: string;
}

async function agentDigests(executor: SqlExecutor, agents: TransferTable): Promise<Map<string, string>> {
  const columns = await tableColumnsIn(executor, agents);
  if (columns.length === 0) return new Map();
  const rows = await executor.transaction(async (tx) => {
    await tx.query(UTC_TIME_ZONE_SQL);
    return tx.query<{ id: string; r: string }>(
      `SELECT t.id::text AS id, md5((${renderRowSql(columns)})::text) AS r FROM agents t`,
    );
  });
  return new Map(rows.map((row) => [row.id, row.r]));
}

async function countsByAgent(executor: SqlExecutor, table: TransferTable): Promise<Map<string, number>> {
  const rows = await executor.query<{ id: string; n: number }>(
    `SELECT agent_id::text AS id, count(*)::int AS n FROM ${quoteIdent(table.name)} GROUP BY agent_id`,
  );
  return new Map(rows.map((row) => [row.id, Number(row.n)]));
}

/**
 * The source's agents the target already holds other data for: a different agent row under the same
 * id, or more rows of the agent in some table than the source has. An identical agent row with at most
 * the source's rows is an earlier (possibly interrupted) copy of the same agent, and is not a conflict.
 */
export async function findAgentConflicts(
  source: SqlExecutor,
  target: SqlExecutor,
  tables: readonly TransferTable[],
): Promise<AgentConflict[]> {
  const agents = tables.find((t) => t.name === 'agents');
  if (!agents) return [];
  const sourceAgents = await agentDigests(source, agents);
  const targetAgents = await agentDigests(target, agents);
  const conflicts: AgentConflict[] = [];
  const shared: string[] = [];
  for (const [id, digest] of sourceAgents) {
    const other = targetAgents.get(id);
    if (other === undefined) continue;
    if (other !== digest)
      conflicts.push({ agentId: id, reason: 'the target has a different agent row with this id' });
    else shared.push(id);
  }
  if (shared.length === 0) return conflicts;
  for (const table of tables) {
    if (table.name === 'agents' || !table.columns.some((c) => c.name === 'agent_id')) continue;
    if ((await tableColumnsIn(source, table)).length === 0) continue;
    const sourceCounts = await countsByAgent(source, table);
    const targetCounts = await countsByAgent(target, table);
    for (const id of shared) {
      const extra = (targetCounts.get(id) ?? 0) - (sourceCounts.get(id) ?? 0);
      if (extra > 0)
        conflicts.push({ agentId: id, reason: `the target has ${extra} more ${table.name} row(s)` });
    }
  }
  return conflicts;
}
