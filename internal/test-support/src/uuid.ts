import { randomUUID } from 'node:crypto';

/** The shape of elizaOS's `UUID` (`@elizaos/core`), so ids from {@link uuid} need no cast in tests. */
export type TestUuid = `${string}-${string}-${string}-${string}-${string}`;

/** A fresh random (v4) UUID. */
export function uuid(): TestUuid {
  return randomUUID();
}
