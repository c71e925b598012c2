/**
 * A data set open on the three subjects at once: `size` memories in 100 rooms (loaded alike into
 * each), and in the first rooms participants with components. The workloads that read (and those that
 * add a few rows in their own rooms) run on one session in turn, so the data set is loaded once.
 */
import type { Backend } from './compare.js';
import { type LoadedMemories, loadMemories } from './load-memories.js';
import { createScope, type Scope, seedScope } from './scope.js';
import { type BenchAdapter, openSubjects, type Subject } from './subjects.js';
import { type UUID, uuid } from './support.js';

export const ROOMS = 100;
/** Rooms with participants (each with components), for getEntitiesForRoom. */
export const PEOPLE_ROOMS = 5;
export const PEOPLE_PER_ROOM = 10;
/** How many stored embeddings the session keeps (spread over the data set) for near-duplicate work. */
export const KEPT = 200;

export interface Session {
  readonly backend: Backend;
  readonly size: number;
  readonly quick: boolean;
  readonly scope: Scope;
  /** bare, reference, ours. */
  readonly subjects: readonly Subject[];
  readonly loaded: LoadedMemories;
  /** Indices of the kept memories (their embeddings in `loaded.kept`). */
  readonly keptIndices: readonly number[];
  close(): Promise<void>;
}

function seedPeople(scope: Scope, people: readonly UUID[][]) {
  const seed = seedScope(scope);
  return async (adapter: BenchAdapter, raw: Parameters<typeof seed>[1]) => {
    await seed(adapter, raw);
    const { agentId, worldId } = scope;
    for (const [r, ids] of people.entries()) {
      const roomId = scope.rooms[r] as UUID;
      await adapter.createEntities(
        ids.map((id, i) => ({ id, names: [`person-${r}-${i}`], agentId, metadata: {} })),
      );
      await adapter.addParticipantsRoom(ids, roomId);
      for (const id of ids) {
        for (const type of ['profile', 'preferences']) {
          await adapter.createComponent({
            id: uuid(),
            entityId: id,
            agentId,
            roomId,
            worldId,
            sourceEntityId: agentId,
            type,
            data: { type, likes: ['tea', 'chess'], score: r },
            createdAt: Date.now(),
          });
        }
      }
    }
  };
}

export async function openSession(backend: Backend, size: number, quick: boolean): Promise<Session> {
  const scope = createScope(ROOMS);
  const people = Array.from({ length: PEOPLE_ROOMS }, () =>
    Array.from({ length: PEOPLE_PER_ROOM }, () => uuid()),
  );
  const { all, closeAll } = await openSubjects(backend, scope.agentId, seedPeople(scope, people));
  try {
    const step = Math.max(1, Math.floor(size / KEPT));
    const keptIndices = Array.from({ length: Math.min(KEPT, size) }, (_, i) => i * step);
    const loaded = await loadMemories(
      all.map((s) => s.raw),
      scope,
      size,
      { keep: new Set(keptIndices), pglite: backend === 'pglite' },
    );
    return { backend, size, quick, scope, subjects: all, loaded, keptIndices, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
