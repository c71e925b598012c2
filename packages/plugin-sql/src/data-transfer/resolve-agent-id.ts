import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { ElizaSqlError, invalidInput } from '../errors.js';
import { isUuid } from '../validation.js';
import { sqlWithParams } from './sql-with-params.js';

/** The id of the agent `agent` names (its id, or its name when that is one agent's); AGENT_NOT_FOUND otherwise. */
export async function resolveAgentId(
  executor: SqlExecutor,
  agent: string,
): Promise<{ id: string; name: string }> {
  if (typeof agent !== 'string' || agent === '') throw invalidInput('agent', agent, 'an agent id or name');
  const rows = await executor.query<{ id: string; name: string }>(
    isUuid(agent)
      ? sqlWithParams('SELECT id::text AS id, name FROM agents WHERE id = ', { param: agent }, '::uuid')
      : sqlWithParams(
          'SELECT id::text AS id, name FROM agents WHERE name = ',
          { param: agent },
          ' ORDER BY id',
        ),
  );
  const [found] = rows;
  if (!found) {
    throw new ElizaSqlError(
      'AGENT_NOT_FOUND',
      `no agent has the ${isUuid(agent) ? 'id' : 'name'} ${JSON.stringify(agent)}`,
    );
  }
  if (rows.length > 1) {
    throw invalidInput(
      'agent',
      agent,
      `one agent's name, but ${rows.length} agents have it; give an id: ${rows.map((r) => r.id).join(', ')}`,
    );
  }
  return found;
}
