/** The matchers the contract suite uses; vitest's, jest's and bun:test's `expect` all have them. */
export interface ContractAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toBeInstanceOf(expected: unknown): void;
  toBeGreaterThanOrEqual(expected: number): void;
  toBeUndefined(): void;
  toThrow(expected?: string | RegExp): void;
  /** The same matchers on what a promise resolves to. */
  readonly resolves: ContractAsyncAssertion;
  /** The same matchers on what a promise rejects with. */
  readonly rejects: ContractAsyncAssertion;
}

/** {@link ContractAssertion}'s matchers on a promise. */
export interface ContractAsyncAssertion {
  toBe(expected: unknown): Promise<unknown>;
  toEqual(expected: unknown): Promise<unknown>;
  toMatchObject(expected: object): Promise<unknown>;
  toBeUndefined(): Promise<unknown>;
  toThrow(expected?: string | RegExp): Promise<unknown>;
}

/** `expect(actual, message?)` with the asymmetric matcher the suite uses. */
export interface ContractExpect {
  (actual: unknown, message?: string): ContractAssertion;
  arrayContaining(expected: unknown[]): unknown;
}

/**
 * The test runner's functions the suite registers itself with: pass your runner's own
 * (`import { afterAll, beforeAll, describe, expect, it } from 'vitest'`), so this package never loads one.
 */
export interface DriverContractTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void> | void): void;
  beforeAll(hook: () => Promise<void> | void): void;
  afterAll(hook: () => Promise<void> | void): void;
  expect: ContractExpect;
}
