/**
 * A connection cut at every point of `createMemory` (with embedding): the memory is stored whole
 * (row + embedding) or not at all, and retrying the same memory never duplicates it.
 */
import { testPostgresUrl } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  embeddingFor,
  eventually,
  messageMemory,
  openPgFaultFixture,
  type PgFaultFixture,
  sleep,
} from './fault-fixture.js';

const url = testPostgresUrl();

describe.runIf(url)('connection cut during createMemory [postgres]', () => {
  let f: PgFaultFixture;
  beforeAll(async () => {
    // A breaker that never opens here: this suite is about atomicity, the breaker has its own.
    f = await openPgFaultFixture(url as string, { policy: { failureThreshold: 10_000, maxRetries: 0 } });
  });
  afterAll(() => f?.cleanup());

  const stored = async (id: string) => {
    const [row] = await f.admin<{ memories: number; embeddings: number; vectors: number }[]>`
      select (select count(*)::int from memories where id = ${id}) as memories,
             (select count(*)::int from embeddings where memory_id = ${id}) as embeddings,
             (select count(*)::int from embeddings where memory_id = ${id} and dim_384 is not null) as vectors`;
    return row;
  };

  it('is all-or-nothing at every cut point, and a retry stores it exactly once', async () => {
    f.proxy.setLatency(10); // each round trip ≥ 20 ms: a createMemory spans several of them
    const ids: string[] = [];
    // How long one createMemory takes on a warm pool: cut points are spread over 0 .. 2x that (margin for a slower machine).
    const warm = messageMemory(f, 'warm-up', embeddingFor(1000));
    ids.push(warm.id);
    const t0 = performance.now();
    await f.adapter.createMemory(warm, 'messages');
    const span = (performance.now() - t0) * 2;
    const outcomes = { acknowledged: 0, failedAbsent: 0, failedButCommitted: 0 };
    const points = 12;
    for (let i = 0; i < points; i++) {
      const embedding = embeddingFor(i);
      const memory = messageMemory(f, `cut ${i}`, embedding);
      ids.push(memory.id);
      // Reconnect first, so each cut point is measured on a warm connection.
      await eventually(() => f.adapter.getMemoryById(memory.id));
      const call = f.adapter.createMemory(memory, 'messages').then(
        (id) => ({ ok: true as const, id }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      await sleep((span * i) / (points - 1)); // before, inside and after the transaction
      f.proxy.cutAll();
      const result = await call;
      const after = await stored(memory.id);
      // Whole or nothing: never a memory without its embedding, never an orphan embedding.
      expect([
        { memories: 0, embeddings: 0, vectors: 0 },
        { memories: 1, embeddings: 1, vectors: 1 },
      ]).toContainEqual(after);
      if (result.ok) {
        expect(result.id).toBe(memory.id);
        expect(after?.memories).toBe(1);
        outcomes.acknowledged++;
      } else {
        // The failure reached the caller as an error object, never silently.
        expect(result.error).toBeInstanceOf(Error);
        if (after?.memories === 1) outcomes.failedButCommitted++;
        else outcomes.failedAbsent++;
      }
      // The caller retries the same memory (same id) until it is acknowledged.
      await eventually(() => f.adapter.createMemory(memory, 'messages'));
      expect(await stored(memory.id)).toEqual({ memories: 1, embeddings: 1, vectors: 1 });
      const read = await f.adapter.getMemoryById(memory.id);
      expect(read?.content.text).toBe(`cut ${i}`);
      expect(read?.embedding?.length).toBe(384);
      read?.embedding?.forEach((x, k) => {
        expect(x).toBeCloseTo(embedding[k] as number, 5);
      });
    }
    f.proxy.setLatency(0);
    // The cuts really hit work in flight, and some calls still completed.
    expect(outcomes.failedAbsent + outcomes.failedButCommitted).toBeGreaterThan(0);
    expect(outcomes.acknowledged).toBeGreaterThan(0);
    const [total] = await f.admin<
      { n: number }[]
    >`select count(*)::int as n from memories where id in ${f.admin(ids)}`;
    expect(total?.n).toBe(ids.length);
    console.info('connection cut outcomes', outcomes);
  });
});
