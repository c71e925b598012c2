/**
 * What `createMemory(m, table)` with `unique` unset is with the bare driver: the nearest stored
 * embedding of the same agent, table, room, world and entity by the HNSW index (LIMIT 1), `unique` =
 * its similarity is below 0.95, then the memory and its embedding in one transaction.
 */
import type { BareDb } from './bare-db.js';
import { type Memory, vectorText } from './support.js';

export async function bareCreateMemory(raw: BareDb, m: Memory, table: string): Promise<void> {
  const vector = vectorText(m.embedding ?? []);
  const [near] = await raw.query<{ similarity: number }>(
    `select 1 - (e.dim_384 <=> $1::vector) as similarity
       from embeddings e join memories m on m.id = e.memory_id
      where m.type = $2 and m.agent_id = $3 and m.room_id = $4 and m.world_id = $5 and m.entity_id = $6
      order by e.dim_384 <=> $1::vector limit 1`,
    [vector, table, m.agentId, m.roomId, m.worldId, m.entityId],
  );
  const unique = !(near && Number(near.similarity) >= 0.95);
  await raw.transaction(async (tx) => {
    await tx.query(
      `insert into memories (id, type, content, entity_id, agent_id, room_id, world_id, "unique", metadata)
       values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, '{}'::jsonb)`,
      [m.id, table, JSON.stringify(m.content), m.entityId, m.agentId, m.roomId, m.worldId, unique],
    );
    await tx.query('insert into embeddings (memory_id, dim_384) values ($1, $2::vector)', [m.id, vector]);
  });
}
