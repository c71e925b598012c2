/** The reference package ships no type declarations; the part the compatibility test uses. */
declare module '@elizaos/plugin-sql' {
  import type { IDatabaseAdapter, Plugin, UUID } from '@elizaos/core';
  export function createDatabaseAdapter(
    config: { dataDir?: string; postgresUrl?: string },
    agentId: UUID,
  ): IDatabaseAdapter;
  export const plugin: Plugin;
}
