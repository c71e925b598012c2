/**
 * countMemories(room, unique = true, 'messages') over the data set's 100 rooms. Bare: the same
 * `count(*)` with postgres.js / PGlite.
 */
import type { CompareRow } from './compare.js';
import { latencyRounds, latencyRows } from './latency-rounds.js';
import type { Session } from './session.js';
import type { UUID } from './support.js';

const BARE = `select count(*)::int as n from memories where room_id = $1 and type = 'messages' and "unique"`;

export async function benchCountMemories(session: Session): Promise<CompareRow[]> {
  const { scope, subjects, quick } = session;
  const room = (i: number) => scope.rooms[(i * 37) % scope.rooms.length] as UUID;
  const counts = await Promise.all(
    subjects.map((s) =>
      s.adapter
        ? s.adapter.countMemories(room(1), true, 'messages')
        : s.raw.query<{ n: number }>(BARE, [room(1)]).then((r) => Number(r[0]?.n)),
    ),
  );
  if (new Set(counts).size !== 1)
    throw new Error(`countMemories differs: ${counts.join(', ')} (bare, ref, ours)`);
  const call = (s: (typeof subjects)[number]) => {
    const adapter = s.adapter;
    return adapter
      ? (i: number) => adapter.countMemories(room(i), true, 'messages')
      : (i: number) => s.raw.query(BARE, [room(i)]);
  };
  await latencyRounds(subjects, 1, 20, call);
  const t = await latencyRounds(subjects, 3, quick ? 100 : 500, call);
  return latencyRows(
    session.backend,
    `countMemories(room), ${session.size.toLocaleString('en')} memories`,
    t,
    `${counts[0]} memories in the room; 3 interleaved rounds`,
  );
}
