import { createSnapshot, type DrizzleSchema, hashSnapshot } from './create-snapshot.js';
import type { SchemaSnapshot } from './types.js';

/** A schema's desired snapshot and its hash. */
export interface DesiredSchema {
  readonly desired: SchemaSnapshot;
  readonly hash: string;
}

interface Entry {
  readonly members: readonly (readonly [string, unknown])[];
  readonly extensions: string;
  readonly value: DesiredSchema;
}

/**
 * Snapshots Drizzle schemas, remembering the last result per schema object: a start migrates the core
 * schema in `init()` and again in `runPluginMigrations`, and building the snapshot is most of the
 * client's work then. A remembered result is used only while the object still holds the very same
 * members (same keys, same table objects) and the extensions are the same.
 */
export function createSnapshotCache(
  skipIndexMethods: readonly string[] = [],
): (schema: DrizzleSchema, extensions: readonly string[]) => DesiredSchema {
  const cache = new WeakMap<DrizzleSchema, Entry>();
  return (schema, extensions) => {
    const members = Object.entries(schema);
    const key = extensions.join('\u0000');
    const hit = cache.get(schema);
    if (
      hit &&
      hit.extensions === key &&
      hit.members.length === members.length &&
      hit.members.every(([name, value], i) => members[i]?.[0] === name && members[i]?.[1] === value)
    ) {
      return hit.value;
    }
    const desired = deepFreeze(createSnapshot(schema, { extensions, skipIndexMethods }));
    const value = { desired, hash: hashSnapshot(desired) };
    cache.set(schema, { members, extensions: key, value });
    return value;
  };
}

/** Shared between runs, so it must never change: frozen, any write throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
