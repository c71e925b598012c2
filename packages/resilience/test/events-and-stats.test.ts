import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type BreakEvent,
  type CircuitStateName,
  CircuitOpenError,
  createDatabasePolicy,
  type HalfOpenEvent,
  type ResetEvent,
  type RetryEvent,
} from '../src/index.js';
import { alwaysFailing, codedError, failingThen, refused, reset, settle } from './errors.js';

describe('events and stats', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emit break, half-open and reset with their payloads through a whole outage', async () => {
    const policy = createDatabasePolicy({ maxRetries: 0 });
    const log: Array<[string, unknown]> = [];
    policy.onBreak((e: BreakEvent) => log.push(['break', e]));
    policy.onHalfOpen((e: HalfOpenEvent) => log.push(['half-open', e]));
    policy.onReset((e: ResetEvent) => log.push(['reset', e]));
    policy.onStateChange((s: CircuitStateName) => log.push(['state', s]));

    const failing = alwaysFailing(reset);
    for (let i = 0; i < 5; i++) await expect(policy.execute(failing)).rejects.toThrow();
    expect(log).toEqual([
      ['break', { error: failing.errors[4], retryAt: new Date('2026-03-01T12:01:00Z'), retryInMs: 60_000 }],
      ['state', 'open'],
    ]);
    log.length = 0;

    await vi.advanceTimersByTimeAsync(60_000);
    const trialError = refused();
    await expect(policy.execute(failingThen([trialError], 0))).rejects.toBe(trialError);
    expect(log).toEqual([
      ['half-open', { requiredSuccesses: 3 }],
      ['state', 'half-open'],
      ['break', { error: trialError, retryAt: new Date('2026-03-01T12:02:00Z'), retryInMs: 60_000 }],
      ['state', 'open'],
    ]);
    log.length = 0;

    await vi.advanceTimersByTimeAsync(60_000);
    for (let i = 0; i < 3; i++) await policy.execute(async () => i);
    expect(log).toEqual([
      ['half-open', { requiredSuccesses: 3 }],
      ['state', 'half-open'],
      ['reset', { downtimeMs: 120_000 }],
      ['state', 'closed'],
    ]);
  });

  it('stats count calls, successes, failures, retries, rejections, timeouts and breaks', async () => {
    const policy = createDatabasePolicy({ random: () => 0, connectionTimeout: 100 });
    await policy.execute(async () => 1);
    await expect(policy.execute(failingThen([codedError('23505')], 0))).rejects.toThrow();
    const retried = settle(policy.execute(failingThen([reset()], 2), { idempotent: true }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(retried.value).toBe(2);
    const timedOut = settle(policy.execute(() => new Promise(() => {})));
    await vi.advanceTimersByTimeAsync(100);
    expect(timedOut.error).toMatchObject({ code: 'TIMEOUT' });
    // the retried call's success reset the count: the timeout is failure 1 of 5
    const failing = alwaysFailing(reset);
    for (let i = 0; i < 4; i++) await expect(policy.execute(failing)).rejects.toThrow();
    expect(policy.state).toBe('open');
    await expect(policy.execute(async () => 3)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(policy.stats).toEqual({
      calls: 9,
      successes: 2,
      failures: 6,
      retries: 1,
      rejections: 1,
      timeouts: 1,
      breaks: 1,
    });
  });

  it('stats is a snapshot, not a live object', async () => {
    const policy = createDatabasePolicy();
    const before = policy.stats;
    await policy.execute(async () => 1);
    expect(before.calls).toBe(0);
    expect(policy.stats.calls).toBe(1);
  });

  it('dispose() of a subscription stops its events; policy.dispose() removes every listener', async () => {
    const policy = createDatabasePolicy({ random: () => 0, baseDelay: 1, jitterMax: 0 });
    const a: RetryEvent[] = [];
    const b: RetryEvent[] = [];
    const subA = policy.onRetry((e) => a.push(e));
    policy.onRetry((e) => b.push(e));
    const first = settle(policy.execute(failingThen([reset()], 1), { idempotent: true }));
    await vi.advanceTimersByTimeAsync(1);
    expect(first.value).toBe(1);
    subA.dispose();
    subA.dispose();
    const second = settle(policy.execute(failingThen([reset()], 1), { idempotent: true }));
    await vi.advanceTimersByTimeAsync(1);
    expect(second.value).toBe(1);
    expect([a.length, b.length]).toEqual([1, 2]);
    policy.dispose();
    const third = settle(policy.execute(failingThen([reset()], 1), { idempotent: true }));
    await vi.advanceTimersByTimeAsync(1);
    expect(third.value).toBe(1);
    expect([a.length, b.length]).toEqual([1, 2]);
  });

  it('a throwing listener does not break the call; its error surfaces asynchronously', async () => {
    const policy = createDatabasePolicy({ maxRetries: 0, failureThreshold: 1 });
    const listenerError = new Error('listener bug');
    policy.onBreak(() => {
      throw listenerError;
    });
    const seen: unknown[] = [];
    policy.onBreak((e) => seen.push(e.error));
    const microtasks: Array<() => void> = [];
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((cb) => void microtasks.push(cb));
    try {
      const err = reset();
      await expect(policy.execute(failingThen([err], 0))).rejects.toBe(err);
      expect(seen).toEqual([err]);
      expect(policy.state).toBe('open');
      expect(microtasks).toHaveLength(1);
      expect(() => microtasks[0]!()).toThrow(listenerError);
    } finally {
      spy.mockRestore();
    }
  });
});
