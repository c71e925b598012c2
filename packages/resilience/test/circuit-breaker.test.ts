import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, createDatabasePolicy } from '../src/index.js';
import { alwaysFailing, failingThen, reset, settle, uniqueViolation } from './errors.js';

const ok = async () => 'ok';

describe('circuit breaker transitions', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** No retries: one call = one attempt, so the counts below are calls. */
  const policyWithoutRetries = () => createDatabasePolicy({ maxRetries: 0 });

  async function openBreaker(policy = policyWithoutRetries()) {
    const failing = alwaysFailing(reset);
    for (let i = 0; i < 5; i++) await expect(policy.execute(failing)).rejects.toBe(failing.errors[i]);
    return { policy, failing };
  }

  it('opens after 5 consecutive transient failures, not after 4', async () => {
    const policy = policyWithoutRetries();
    const failing = alwaysFailing(reset);
    for (let i = 0; i < 4; i++) await expect(policy.execute(failing)).rejects.toBe(failing.errors[i]);
    expect(policy.state).toBe('closed');
    await expect(policy.execute(failing)).rejects.toBe(failing.errors[4]);
    expect(policy.state).toBe('open');
    expect(policy.stats.breaks).toBe(1);
  });

  it('a success in between starts the count over', async () => {
    const policy = policyWithoutRetries();
    const failing = alwaysFailing(reset);
    for (let i = 0; i < 4; i++) await expect(policy.execute(failing)).rejects.toThrow();
    await policy.execute(ok);
    for (let i = 0; i < 4; i++) await expect(policy.execute(failing)).rejects.toThrow();
    expect(policy.state).toBe('closed');
    await expect(policy.execute(failing)).rejects.toThrow();
    expect(policy.state).toBe('open');
  });

  it('while open, fails at once with CircuitOpenError without running fn', async () => {
    const { policy, failing } = await openBreaker();
    await vi.advanceTimersByTimeAsync(10_000);
    const fn = failingThen([], 'never');
    const err = await policy.execute(fn).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    const open = err as CircuitOpenError;
    expect(open.code).toBe('CIRCUIT_OPEN');
    expect(open.cause).toBe(failing.errors[4]);
    expect(open.retryAt).toEqual(new Date('2026-01-01T00:01:00Z'));
    expect(open.retryInMs).toBe(50_000);
    expect(fn.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(49_999);
    await expect(policy.execute(fn)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fn.calls).toBe(0);
    expect(policy.state).toBe('open');
    expect(policy.stats.rejections).toBe(2);
  });

  it('half-opens after resetTimeout and closes after 3 successful trial calls', async () => {
    const { policy } = await openBreaker();
    await vi.advanceTimersByTimeAsync(60_000);
    const states: string[] = [];
    policy.onStateChange((s) => states.push(s));
    const trial = failingThen([], 1);
    await expect(policy.execute(trial)).resolves.toBe(1);
    expect(trial.calls).toBe(1);
    expect(policy.state).toBe('half-open');
    await policy.execute(ok);
    expect(policy.state).toBe('half-open');
    await policy.execute(ok);
    expect(policy.state).toBe('closed');
    expect(states).toEqual(['half-open', 'closed']);
  });

  it('a failed first trial opens the breaker again for another resetTimeout', async () => {
    const { policy } = await openBreaker();
    await vi.advanceTimersByTimeAsync(60_000);
    const trialError = reset();
    await expect(policy.execute(failingThen([trialError], 0))).rejects.toBe(trialError);
    expect(policy.state).toBe('open');
    const err = (await policy.execute(ok).catch((e: unknown) => e)) as CircuitOpenError;
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(err.cause).toBe(trialError);
    expect(err.retryInMs).toBe(60_000);
    expect(policy.stats.breaks).toBe(2);
  });

  it('any failed trial call reopens at once (not after 5), even after earlier trial successes', async () => {
    const { policy } = await openBreaker();
    await vi.advanceTimersByTimeAsync(60_000);
    await policy.execute(ok);
    await policy.execute(ok);
    expect(policy.state).toBe('half-open');
    await expect(policy.execute(alwaysFailing(reset))).rejects.toThrow('ECONNRESET');
    expect(policy.state).toBe('open');
    await expect(policy.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    // the next trial phase needs 3 fresh successes
    await vi.advanceTimersByTimeAsync(60_000);
    await policy.execute(ok);
    await policy.execute(ok);
    expect(policy.state).toBe('half-open');
    await policy.execute(ok);
    expect(policy.state).toBe('closed');
  });

  it('halfOpenMaxAttempts: 1 closes on the first successful trial (cockatiel’s own semantics)', async () => {
    const { policy } = await openBreaker(createDatabasePolicy({ maxRetries: 0, halfOpenMaxAttempts: 1 }));
    await vi.advanceTimersByTimeAsync(60_000);
    await policy.execute(ok);
    expect(policy.state).toBe('closed');
  });

  it('a permanent error during a trial counts as neither success nor failure', async () => {
    const { policy } = await openBreaker();
    await vi.advanceTimersByTimeAsync(60_000);
    const violation = uniqueViolation();
    await expect(policy.execute(failingThen([violation], 0))).rejects.toBe(violation);
    expect(policy.state).toBe('half-open');
    for (let i = 0; i < 2; i++) await policy.execute(ok);
    expect(policy.state).toBe('half-open');
    await policy.execute(ok);
    expect(policy.state).toBe('closed');
  });

  it('with the default 3 retries, the 5th failing ATTEMPT opens it and the call gets the real error at once', async () => {
    const policy = createDatabasePolicy({ random: () => 0 });
    const failing = alwaysFailing(reset);
    const first = settle(policy.execute(failing, { idempotent: true }));
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000);
    expect(first.error).toBe(failing.errors[3]);
    expect(failing.calls).toBe(4);
    expect(policy.state).toBe('closed');
    // attempt 5 opens the breaker: no retry into an open breaker, no backoff wait
    await expect(policy.execute(failing, { idempotent: true })).rejects.toBe(failing.errors[4]);
    expect(failing.calls).toBe(5);
    expect(policy.state).toBe('open');
    await expect(policy.execute(failing, { idempotent: true })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(failing.calls).toBe(5);
  });

  it('a retry pending while the breaker opens fails fast with CircuitOpenError', async () => {
    const policy = createDatabasePolicy({ random: () => 0 });
    const slow = alwaysFailing(reset);
    const pending = settle(policy.execute(slow, { idempotent: true }));
    await vi.advanceTimersByTimeAsync(0);
    expect(slow.calls).toBe(1); // failed once, waiting 1 s before its retry
    const others = alwaysFailing(reset);
    for (let i = 0; i < 4; i++) await expect(policy.execute(others)).rejects.toThrow();
    expect(policy.state).toBe('open');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pending.error).toBeInstanceOf(CircuitOpenError);
    expect(slow.calls).toBe(1);
    expect(policy.stats.rejections).toBe(1);
  });

  it('calls arriving while the probe runs wait for it, then run once it closed', async () => {
    const { policy } = await openBreaker(createDatabasePolicy({ maxRetries: 0, halfOpenMaxAttempts: 1 }));
    await vi.advanceTimersByTimeAsync(60_000);
    let release: (v: string) => void = () => {};
    const probe = settle(policy.execute(() => new Promise<string>((r) => (release = r))));
    const waiting = failingThen([], 'second');
    const second = settle(policy.execute(waiting));
    await vi.advanceTimersByTimeAsync(0);
    expect(policy.state).toBe('half-open');
    expect(waiting.calls).toBe(0);
    release('probe');
    await vi.advanceTimersByTimeAsync(0);
    expect(probe.value).toBe('probe');
    expect(second.value).toBe('second');
    expect(policy.state).toBe('closed');
  });
});
