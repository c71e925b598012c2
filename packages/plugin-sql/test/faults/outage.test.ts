/**
 * A PostgreSQL outage (the proxy cuts every connection and refuses new ones) in the middle of a burst
 * of writes, and the circuit breaker around it: nothing acknowledged is lost, every failure reaches
 * its caller, the breaker opens and fails fast with CIRCUIT_OPEN, and service resumes in the same
 * process once the server is back.
 */
import { CircuitOpenError, PolicyTimeoutError } from '@eliza-sql/resilience';
import { testPostgresUrl } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElizaSqlError, isElizaSqlError, type SqlDatabaseAdapter } from '../../src/index.js';
import {
  embeddingFor,
  eventually,
  messageMemory,
  openPgFaultFixture,
  type PgFaultFixture,
  sleep,
} from './fault-fixture.js';

const url = testPostgresUrl();

describe.runIf(url)('server outage [postgres]', () => {
  let f: PgFaultFixture;
  beforeAll(async () => {
    f = await openPgFaultFixture(url as string, {
      max: 8,
      policy: { failureThreshold: 5, resetTimeout: 300, halfOpenMaxAttempts: 1, maxRetries: 2 },
    });
  });
  afterAll(() => f?.cleanup());

  const storedIds = async (ids: string[]) =>
    new Set(
      (await f.admin<{ id: string }[]>`select id::text from memories where id in ${f.admin(ids)}`).map(
        (r) => r.id,
      ),
    );

  it('1,000 writes from 8 callers through an outage: every acknowledged write is stored, every failure was reported', async () => {
    const total = 1000;
    const callers = 8;
    const acked = new Set<UUID>();
    const failed = new Map<UUID, unknown>();
    const attempted: UUID[] = [];
    let outageAt = 0;
    let outageMs = 0;
    const outage = (async () => {
      while (acked.size < 300) await sleep(5); // bounded by the burst itself
      outageAt = acked.size;
      const started = Date.now();
      await f.proxy.refuse();
      f.proxy.cutAll();
      await sleep(800);
      await f.proxy.resume();
      outageMs = Date.now() - started;
    })();
    const caller = async (c: number) => {
      for (let i = c; i < total; i += callers) {
        const memory = { ...messageMemory(f, `burst ${i}`, embeddingFor(i)), unique: true };
        attempted.push(memory.id);
        try {
          const id = await f.adapter.createMemory(memory, 'messages');
          expect(id).toBe(memory.id);
          acked.add(id);
        } catch (error) {
          failed.set(memory.id, error);
          await sleep(50); // an agent backs off after a failed turn
        }
      }
    };
    await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
    await outage;

    expect(attempted.length).toBe(total);
    expect(acked.size + failed.size).toBe(total); // every call settled, exactly once
    expect(outageAt).toBeGreaterThanOrEqual(300);
    expect(failed.size).toBeGreaterThan(0); // the outage really hit the burst
    for (const error of failed.values()) {
      // Reported as an error with a code the caller can branch on (driver, socket or CIRCUIT_OPEN).
      expect(error).toBeInstanceOf(Error);
      expect(typeof (error as { code?: unknown }).code).toBe('string');
    }
    const stored = await storedIds(attempted);
    for (const id of acked) expect(stored.has(id)).toBe(true); // nothing acknowledged is lost
    // A failed write is either absent or (its COMMIT's reply was cut) whole; never anything else.
    const ambiguous = [...failed.keys()].filter((id) => stored.has(id)).length;

    // The callers retry what failed (same ids): all 1,000 end up stored exactly once.
    for (const id of failed.keys()) {
      const i = attempted.indexOf(id);
      const memory = { ...messageMemory(f, `burst ${i}`, embeddingFor(i)), id, unique: true };
      await eventually(() => f.adapter.createMemory(memory, 'messages'));
    }
    const [count] = await f.admin<{ n: number; e: number }[]>`
      select count(*)::int as n, (select count(*)::int from embeddings where memory_id in ${f.admin(attempted)}) as e
      from memories where id in ${f.admin(attempted)}`;
    expect(count).toEqual({ n: total, e: total });
    console.info('burst through outage', { acked: acked.size, failed: failed.size, ambiguous, outageMs });
  });

  it('the breaker opens, fails fast with CIRCUIT_OPEN, and closes again once the server is back', async () => {
    const adapter: SqlDatabaseAdapter = await f.openAdapter({
      max: 2,
      policy: { failureThreshold: 3, resetTimeout: 500, halfOpenMaxAttempts: 1, maxRetries: 0 },
    });
    const policy = f.policies.get(adapter);
    const kept = messageMemory(f, 'before the outage', embeddingFor(7));
    await adapter.createMemory(kept, 'messages');

    await f.proxy.refuse();
    f.proxy.cutAll();
    const errors: unknown[] = [];
    for (let i = 0; i < 20 && !isElizaSqlError(errors.at(-1), 'CIRCUIT_OPEN'); i++) {
      errors.push(
        await adapter.getMemoryById(kept.id).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
    }
    const open = errors.at(-1);
    expect(open).toBeInstanceOf(ElizaSqlError);
    expect(open).toMatchObject({ code: 'CIRCUIT_OPEN', operation: 'getMemoryById' });
    // The policy's own error is the cause, with when the next trial call is due.
    expect((open as ElizaSqlError).cause).toBeInstanceOf(CircuitOpenError);
    expect(((open as ElizaSqlError).cause as CircuitOpenError).retryInMs).toBeLessThanOrEqual(500);
    expect(policy?.state).toBe('open');
    // Before it opened, the callers saw the connection errors themselves.
    for (const error of errors.slice(0, -1)) expect(error).not.toMatchObject({ code: 'CIRCUIT_OPEN' });

    // While open: every call fails fast (no connect attempt, no 2 s connect timeout), reads and writes.
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      await expect(adapter.getMemoryById(kept.id)).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    }
    await expect(adapter.createMemory(messageMemory(f, 'refused'), 'messages')).rejects.toMatchObject({
      code: 'CIRCUIT_OPEN',
    });
    expect((performance.now() - started) / 21).toBeLessThan(50);

    await f.proxy.resume();
    // Same adapter, same process: after resetTimeout a trial call closes the breaker.
    const back = await eventually(() => adapter.getMemoryById(kept.id), 100, 50);
    expect(back?.content.text).toBe('before the outage');
    expect(policy?.state).toBe('closed');
    const after = messageMemory(f, 'after the outage', embeddingFor(8));
    await adapter.createMemory(after, 'messages');
    expect((await adapter.getMemoryById(after.id))?.content.text).toBe('after the outage');
  });

  it('a blackholed server (no answer, no error) times out, opens the breaker, and recovers', async () => {
    const adapter = await f.openAdapter({
      max: 2,
      policy: {
        failureThreshold: 2,
        resetTimeout: 300,
        halfOpenMaxAttempts: 1,
        maxRetries: 0,
        connectionTimeout: 300,
      },
    });
    const memory = messageMemory(f, 'blackhole');
    await adapter.createMemory(memory, 'messages');
    f.proxy.blackhole();
    const errors: unknown[] = [];
    for (let i = 0; i < 10 && !isElizaSqlError(errors.at(-1), 'CIRCUIT_OPEN'); i++) {
      errors.push(
        await adapter.getMemoryById(memory.id).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
    }
    expect(errors[0]).toMatchObject({ code: 'TIMEOUT', operation: 'getMemoryById' });
    expect((errors[0] as ElizaSqlError).cause).toBeInstanceOf(PolicyTimeoutError);
    expect(errors.at(-1)).toMatchObject({ code: 'CIRCUIT_OPEN' });
    await f.proxy.resume(); // destroys the blackholed connections
    const back = await eventually(() => adapter.getMemoryById(memory.id), 100, 50);
    expect(back?.id).toBe(memory.id);
  });

  it('more callers than connections (pool max 3, 50 callers) queue and all complete: no "too many clients"', async () => {
    const adapter = await f.openAdapter({ max: 3 });
    f.proxy.setLatency(2); // every statement holds its connection a little longer
    const before = f.proxy.acceptedConnections;
    let peak = 0;
    let running = true;
    const watch = (async () => {
      while (running) {
        peak = Math.max(peak, f.proxy.openConnections);
        await sleep(2);
      }
    })();
    // The other adapters of this file keep their idle connections open: count only new ones.
    const idleBefore = f.proxy.openConnections;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, async (_, i) => {
        const memory = messageMemory(f, `queued ${i}`, embeddingFor(2000 + i));
        await adapter.createMemory(memory, 'messages');
        const read = await adapter.getMemoryById(memory.id);
        return read?.content.text;
      }),
    );
    running = false;
    await watch;
    f.proxy.setLatency(0);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<string>).value)).toEqual(
      Array.from({ length: 50 }, (_, i) => `queued ${i}`),
    );
    expect(f.proxy.acceptedConnections - before).toBeLessThanOrEqual(3);
    expect(peak - idleBefore).toBeLessThanOrEqual(3);
  });
});
