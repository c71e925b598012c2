import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';

/** What the lifecycle functions run on: a started adapter (its agent is the default) or an open driver. */
export type RetentionTarget = DatabaseDriver | AdapterLike;

/** The part of `SqlDatabaseAdapter` the lifecycle functions use. */
export interface AdapterLike {
  readonly agentId: UUID;
  getDriver(): Promise<DatabaseDriver>;
}

/** True when `target` is an adapter (it has `getDriver`) rather than a driver. */
export function isAdapterLike(target: unknown): target is AdapterLike {
  return (
    typeof target === 'object' &&
    target !== null &&
    typeof (target as Partial<AdapterLike>).getDriver === 'function'
  );
}

/** The driver of `target` and the agent to work for (`agentId` given, else the adapter's; a driver needs one). */
export async function resolveRetentionTarget(
  target: RetentionTarget,
  agentId: UUID | undefined,
): Promise<{ driver: DatabaseDriver; agentId: UUID }> {
  if (isAdapterLike(target)) {
    return { driver: await target.getDriver(), agentId: assertUuid('agentId', agentId ?? target.agentId) };
  }
  if (typeof target !== 'object' || target === null || typeof target.query !== 'function') {
    throw invalidInput('target', target, 'a SqlDatabaseAdapter or a DatabaseDriver');
  }
  return { driver: target, agentId: assertUuid('agentId', agentId, '(required with a driver)') };
}
