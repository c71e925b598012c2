import { expect, vi } from 'vitest';

/**
 * Asserts that `get()` returns the process-wide value kept on `globalThis` under `Symbol.for(key)`,
 * and that a second copy of its module (`importCopy`, after the module cache is reset) returns the same.
 */
export async function expectOnePerProcess<T>(
  key: string,
  get: () => T,
  importCopy: () => Promise<() => T>,
): Promise<void> {
  const first = get();
  expect((globalThis as Record<symbol, unknown>)[Symbol.for(key)]).toBe(first);
  vi.resetModules();
  const copy = await importCopy();
  expect(copy).not.toBe(get);
  expect(copy()).toBe(first);
}
