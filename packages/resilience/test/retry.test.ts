import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDatabasePolicy, type RetryEvent, retryDelay } from '../src/index.js';
import { alwaysFailing, codedError, failingThen, refused, reset, settle } from './errors.js';

describe('retry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries an idempotent call on a transient error with backoff 1 s, 2 s, 4 s + pinned jitter', async () => {
    const policy = createDatabasePolicy({ random: () => 0.5 });
    const retries: RetryEvent[] = [];
    policy.onRetry((e) => retries.push(e));
    const errors = [reset(), codedError('40001'), codedError('CONNECTION_CLOSED')];
    const fn = failingThen(errors, 'done');
    const result = settle(policy.execute(fn, { idempotent: true }));
    await vi.advanceTimersByTimeAsync(0);
    expect(fn.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(fn.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(2_499);
    expect(fn.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn.calls).toBe(3);
    await vi.advanceTimersByTimeAsync(4_500);
    expect(fn.calls).toBe(4);
    expect(result.value).toBe('done');
    expect(retries).toEqual([
      { attempt: 1, delayMs: 1_500, error: errors[0] },
      { attempt: 2, delayMs: 2_500, error: errors[1] },
      { attempt: 3, delayMs: 4_500, error: errors[2] },
    ]);
    expect(policy.stats).toMatchObject({ calls: 1, successes: 1, failures: 0, retries: 3 });
  });

  it('gives up after maxRetries (4 attempts) with the last error, as the same object', async () => {
    const policy = createDatabasePolicy({ random: () => 0 });
    const fn = alwaysFailing(reset);
    const result = settle(policy.execute(fn, { idempotent: true }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fn.calls).toBe(4);
    expect(result.error).toBe(fn.errors[3]);
    expect(policy.stats).toMatchObject({ calls: 1, failures: 1, retries: 3 });
  });

  it('delays stay within [exponential, exponential + jitterMax) and are capped at maxDelay', async () => {
    const draws = [0, 0.999_999, 0.25, 0.75, 0, 0.999_999];
    const policy = createDatabasePolicy({
      maxRetries: 6,
      failureThreshold: 100,
      random: () => draws.shift() ?? 0,
    });
    const delays: number[] = [];
    policy.onRetry((e) => delays.push(e.delayMs));
    const result = settle(policy.execute(alwaysFailing(reset), { idempotent: true }));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(result.error).toBeDefined();
    const exponential = [1_000, 2_000, 4_000, 8_000, 10_000, 10_000];
    expect(delays).toHaveLength(6);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(exponential[i]!);
      expect(d).toBeLessThan(exponential[i]! + 1_000);
    });
    expect(delays).toEqual([1_000, 2_999.999, 4_250, 8_750, 10_000, 10_999.999]);
  });

  it('retryDelay follows min(base * 2^(n-1), max) + random * jitterMax', () => {
    const options = { baseDelay: 100, maxDelay: 500, jitterMax: 50, random: () => 0.5 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, options))).toEqual([125, 225, 425, 525, 525]);
  });

  for (const code of ['23505', '22P02', '42601', '22000', '22012', '57014']) {
    it(`never retries ${code} and does not count it against the breaker`, async () => {
      const policy = createDatabasePolicy();
      const fn = alwaysFailing(() => codedError(code));
      for (let i = 0; i < 10; i++) {
        await expect(policy.execute(fn, { idempotent: true })).rejects.toBe(fn.errors[i]);
      }
      expect(fn.calls).toBe(10);
      expect(policy.state).toBe('closed');
      expect(policy.stats).toMatchObject({ calls: 10, failures: 10, retries: 0, breaks: 0 });
    });
  }

  it('an unknown error (no code) is permanent too', async () => {
    const policy = createDatabasePolicy();
    const bug = new TypeError('cannot read properties of undefined');
    const fn = failingThen([bug], 0);
    await expect(policy.execute(fn, { idempotent: true })).rejects.toBe(bug);
    expect(fn.calls).toBe(1);
  });

  it('a permanent error neither counts nor resets the consecutive count', async () => {
    const policy = createDatabasePolicy({ maxRetries: 0 });
    const failing = alwaysFailing(reset);
    for (let i = 0; i < 4; i++) await expect(policy.execute(failing)).rejects.toThrow();
    await expect(policy.execute(alwaysFailing(() => codedError('23505')))).rejects.toThrow();
    expect(policy.state).toBe('closed');
    await expect(policy.execute(failing)).rejects.toThrow();
    expect(policy.state).toBe('open');
  });

  describe('non-idempotent calls (the default)', () => {
    it('are NOT retried when the error may come after the statement reached the server', async () => {
      for (const err of [
        reset(),
        codedError('CONNECTION_CLOSED'),
        codedError('40001'),
        codedError('57P01'),
      ]) {
        const policy = createDatabasePolicy();
        const fn = failingThen([err], 'done');
        await expect(policy.execute(fn)).rejects.toBe(err);
        expect(fn.calls).toBe(1);
        expect(policy.stats.retries).toBe(0);
      }
    });

    it('are retried on connect failures', async () => {
      const connectFailures = [
        refused(),
        codedError('CONNECT_TIMEOUT'),
        codedError('ENOTFOUND', { syscall: 'getaddrinfo' }),
        codedError('57P03'),
        codedError('53300'),
        codedError('ETIMEDOUT', { syscall: 'connect' }),
      ];
      const policy = createDatabasePolicy({ maxRetries: connectFailures.length, failureThreshold: 100 });
      const fn = failingThen(connectFailures, 'written');
      const result = settle(policy.execute(fn));
      await vi.advanceTimersByTimeAsync(120_000);
      expect(result.value).toBe('written');
      expect(fn.calls).toBe(connectFailures.length + 1);
    });

    it('still count against the breaker when not retried', async () => {
      const policy = createDatabasePolicy();
      const fn = alwaysFailing(reset);
      for (let i = 0; i < 5; i++) await expect(policy.execute(fn)).rejects.toBe(fn.errors[i]);
      expect(fn.calls).toBe(5);
      expect(policy.state).toBe('open');
    });

    it('idempotent: true retries the same errors', async () => {
      const policy = createDatabasePolicy();
      const fn = failingThen([reset(), codedError('40P01')], 'read');
      const result = settle(policy.execute(fn, { idempotent: true }));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(result.value).toBe('read');
      expect(fn.calls).toBe(3);
    });
  });

  it('maxRetries: 0 disables retrying', async () => {
    const policy = createDatabasePolicy({ maxRetries: 0 });
    const fn = failingThen([refused()], 'x');
    await expect(policy.execute(fn, { idempotent: true })).rejects.toThrow('ECONNREFUSED');
    expect(fn.calls).toBe(1);
  });

  it('a custom isTransient classifier decides what is retried (e.g. HTTP 503)', async () => {
    const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });
    const policy = createDatabasePolicy({
      isTransient: (err) => (err as { status?: number }).status === 503,
      baseDelay: 10,
      jitterMax: 0,
    });
    const fn = failingThen([httpError(503)], 'ok');
    const result = settle(policy.execute(fn, { idempotent: true }));
    await vi.advanceTimersByTimeAsync(10);
    expect(result.value).toBe('ok');
    const notFound = httpError(404);
    await expect(policy.execute(failingThen([notFound], 'x'), { idempotent: true })).rejects.toBe(notFound);
    // and the default classifier no longer applies
    await expect(policy.execute(failingThen([reset()], 'x'), { idempotent: true })).rejects.toThrow(
      'ECONNRESET',
    );
    expect(policy.stats.retries).toBe(1);
  });
});
