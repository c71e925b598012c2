/**
 * getEntitiesForRoom(room, includeComponents = true) on a room of 10 participants with 2 components
 * each, beside the data set's memories. Bare: the same join (participants, entities, components) in
 * one statement.
 */
import type { CompareRow } from './compare.js';
import { latencyRounds, latencyRows } from './latency-rounds.js';
import { PEOPLE_PER_ROOM, PEOPLE_ROOMS, type Session } from './session.js';
import type { UUID } from './support.js';

const BARE = `select e.*, c.id as component_id, c.type as component_type, c.data as component_data
  from participants p
  left join entities e on e.id = p.entity_id and e.agent_id = $2
  left join components c on c.entity_id = e.id
  where p.room_id = $1`;

export async function benchEntitiesForRoom(session: Session): Promise<CompareRow[]> {
  const { scope, subjects, quick } = session;
  const room = (i: number) => scope.rooms[i % PEOPLE_ROOMS] as UUID;
  for (const s of subjects) {
    if (!s.adapter) continue;
    const found = await s.adapter.getEntitiesForRoom(room(0), true);
    const components = found.reduce((n, e) => n + (e.components?.length ?? 0), 0);
    if (found.length !== PEOPLE_PER_ROOM || components !== 2 * PEOPLE_PER_ROOM) {
      throw new Error(
        `${s.name}: getEntitiesForRoom found ${found.length} entities, ${components} components`,
      );
    }
  }
  const call = (s: (typeof subjects)[number]) => {
    const adapter = s.adapter;
    return adapter
      ? (i: number) => adapter.getEntitiesForRoom(room(i), true)
      : (i: number) => s.raw.query(BARE, [room(i), scope.agentId]);
  };
  await latencyRounds(subjects, 1, 20, call);
  const t = await latencyRounds(subjects, 3, quick ? 60 : 300, call);
  return latencyRows(
    session.backend,
    `getEntitiesForRoom with components, ${session.size.toLocaleString('en')} memories`,
    t,
    `${PEOPLE_PER_ROOM} participants x 2 components; 3 interleaved rounds`,
  );
}
