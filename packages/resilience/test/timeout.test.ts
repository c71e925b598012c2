import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDatabasePolicy, PolicyTimeoutError, type TimeoutEvent } from '../src/index.js';
import { settle } from './errors.js';

/** A call that never settles on its own and records the signal it got. */
function hanging() {
  const fn = (signal: AbortSignal) => {
    fn.signals.push(signal);
    return new Promise<never>(() => {});
  };
  fn.signals = [] as AbortSignal[];
  return fn;
}

describe('timeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects an attempt after connectionTimeout (5 s) with PolicyTimeoutError and aborts its signal', async () => {
    const policy = createDatabasePolicy({ maxRetries: 0 });
    const timeouts: TimeoutEvent[] = [];
    policy.onTimeout((e) => timeouts.push(e));
    const fn = hanging();
    const result = settle(policy.execute(fn));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(result.done).toBe(false);
    expect(fn.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(result.error).toBeInstanceOf(PolicyTimeoutError);
    expect(result.error).toMatchObject({ code: 'TIMEOUT', timeoutMs: 5_000 });
    expect(fn.signals[0]!.aborted).toBe(true);
    expect(timeouts).toEqual([{ timeoutMs: 5_000, attempt: 1 }]);
    expect(policy.stats).toMatchObject({ calls: 1, failures: 1, timeouts: 1 });
  });

  it('a per-call timeoutMs overrides connectionTimeout', async () => {
    const policy = createDatabasePolicy({ maxRetries: 0 });
    const result = settle(policy.execute(hanging(), { timeoutMs: 250 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(result.error).toMatchObject({ code: 'TIMEOUT', timeoutMs: 250 });
    const long = settle(policy.execute(async () => 'slow but fine', { timeoutMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(long.value).toBe('slow but fine');
  });

  it('timeoutMs: Infinity disables the timeout', async () => {
    const policy = createDatabasePolicy();
    let finish: (v: string) => void = () => {};
    const result = settle(
      policy.execute(() => new Promise<string>((r) => (finish = r)), { timeoutMs: Infinity }),
    );
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(result.done).toBe(false);
    finish('eventually');
    await vi.advanceTimersByTimeAsync(0);
    expect(result.value).toBe('eventually');
  });

  it('the signal stays un-aborted after a successful attempt', async () => {
    const policy = createDatabasePolicy();
    let seen: AbortSignal | undefined;
    await policy.execute(async (signal) => {
      seen = signal;
      return 1;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen?.aborted).toBe(false);
  });

  it('timed-out attempts of an idempotent call are retried, each with its own timeout', async () => {
    const policy = createDatabasePolicy({ random: () => 0 });
    const timeouts: TimeoutEvent[] = [];
    policy.onTimeout((e) => timeouts.push(e));
    let calls = 0;
    const result = settle(
      policy.execute((signal) => (++calls < 3 ? hanging()(signal) : Promise.resolve('third time')), {
        idempotent: true,
        timeoutMs: 100,
      }),
    );
    await vi.advanceTimersByTimeAsync(100 + 1_000 + 100 + 2_000);
    expect(result.value).toBe('third time');
    expect(timeouts).toEqual([
      { timeoutMs: 100, attempt: 1 },
      { timeoutMs: 100, attempt: 2 },
    ]);
  });

  it('a timed-out non-idempotent call is not retried (the write may have happened)', async () => {
    const policy = createDatabasePolicy();
    const fn = hanging();
    const result = settle(policy.execute(fn));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(result.error).toBeInstanceOf(PolicyTimeoutError);
    expect(fn.signals).toHaveLength(1);
  });

  it('timeouts count against the breaker', async () => {
    const policy = createDatabasePolicy({ maxRetries: 0, connectionTimeout: 10 });
    for (let i = 0; i < 5; i++) {
      const result = settle(policy.execute(hanging()));
      await vi.advanceTimersByTimeAsync(10);
      expect(result.error).toBeInstanceOf(PolicyTimeoutError);
    }
    expect(policy.state).toBe('open');
    expect(policy.stats).toMatchObject({ timeouts: 5, breaks: 1 });
  });

  it('a late rejection of an abandoned attempt is not reported as unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const policy = createDatabasePolicy({ maxRetries: 0 });
      const result = settle(
        policy.execute(
          (signal) =>
            new Promise<never>((_, reject) =>
              signal.addEventListener('abort', () => reject(new Error('aborted late'))),
            ),
          { timeoutMs: 50 },
        ),
      );
      await vi.advanceTimersByTimeAsync(50);
      expect(result.error).toBeInstanceOf(PolicyTimeoutError);
      vi.useRealTimers();
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('many calls in flight', () => {
  it('50 concurrent calls: each its own signal, no MaxListenersExceededWarning, every call settles', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const policy = createDatabasePolicy({ maxRetries: 0 });
      const signals: AbortSignal[] = [];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          policy.execute(async (signal) => {
            signals.push(signal);
            await new Promise((resolve) => setTimeout(resolve, 20));
            return i;
          }),
        ),
      );
      expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(new Set(signals).size).toBe(50);
      expect(signals.every((signal) => !signal.aborted)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
