import { describe, expect, it } from 'vitest';
import { createDatabasePolicy, DEFAULT_POLICY_OPTIONS, InvalidPolicyOptionError } from '../src/index.js';

describe('options', () => {
  it('defaults are the reference’s documented configuration', () => {
    expect(DEFAULT_POLICY_OPTIONS).toMatchObject({
      failureThreshold: 5,
      resetTimeout: 60_000,
      halfOpenMaxAttempts: 3,
      maxRetries: 3,
      baseDelay: 1_000,
      maxDelay: 10_000,
      jitterMax: 1_000,
      connectionTimeout: 5_000,
    });
  });

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ['failureThreshold', { failureThreshold: 0 }, /failureThreshold: expected an integer >= 1, got 0/],
    [
      'halfOpenMaxAttempts',
      { halfOpenMaxAttempts: 1.5 },
      /halfOpenMaxAttempts: expected an integer >= 1, got 1.5/,
    ],
    ['maxRetries', { maxRetries: -1 }, /maxRetries: expected an integer >= 0, got -1/],
    ['resetTimeout', { resetTimeout: Number.NaN }, /resetTimeout: expected a finite number/],
    [
      'baseDelay',
      { baseDelay: '1000' },
      /baseDelay: expected a finite number of milliseconds >= 0, got "1000"/,
    ],
    [
      'connectionTimeout',
      { connectionTimeout: 0 },
      /connectionTimeout: expected a number of milliseconds > 0/,
    ],
    ['isTransient', { isTransient: true }, /isTransient: expected a function, got true/],
    ['random', { random: 0.5 }, /random: expected a function, got 0.5/],
  ];
  for (const [option, options, message] of invalid) {
    it(`rejects an invalid ${option} with a typed error`, () => {
      let caught: unknown;
      try {
        createDatabasePolicy(options as never);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InvalidPolicyOptionError);
      expect(caught).toMatchObject({ code: 'INVALID_POLICY_OPTION', option });
      expect((caught as Error).message).toMatch(message);
    });
  }

  it('rejects invalid per-call options and a non-function fn', async () => {
    const policy = createDatabasePolicy();
    await expect(policy.execute(async () => 1, { timeoutMs: -5 })).rejects.toMatchObject({
      code: 'INVALID_POLICY_OPTION',
      option: 'timeoutMs',
    });
    await expect(policy.execute(async () => 1, { idempotent: 'yes' as never })).rejects.toMatchObject({
      code: 'INVALID_POLICY_OPTION',
      option: 'idempotent',
    });
    await expect(policy.execute(42 as never)).rejects.toMatchObject({
      code: 'INVALID_POLICY_OPTION',
      option: 'fn',
    });
    expect(policy.stats.calls).toBe(0);
  });

  it('undefined options fall back to the defaults', async () => {
    const policy = createDatabasePolicy({ failureThreshold: undefined, maxRetries: 0 });
    const err = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    for (let i = 0; i < 4; i++) await expect(policy.execute(() => Promise.reject(err))).rejects.toBe(err);
    expect(policy.state).toBe('closed');
    await expect(policy.execute(() => Promise.reject(err))).rejects.toBe(err);
    expect(policy.state).toBe('open');
  });
});
