import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as referencePackage from '@elizaos/plugin-sql';

/**
 * The part of the reference package this file uses. Its published type declarations do not resolve
 * under NodeNext (`dist/node/index.d.ts` re-exports a file that is not shipped), so it is declared here.
 */
interface ReferencePackage {
  createDatabaseAdapter(
    config: { dataDir?: string; postgresUrl?: string },
    agentId: string,
  ): {
    init(): Promise<void>;
    runPluginMigrations(plugins: { name: string; schema: unknown }[], options: object): Promise<void>;
    close(): Promise<void>;
  };
  plugin: { name: string; schema: unknown };
}
const { createDatabaseAdapter, plugin } = referencePackage as unknown as ReferencePackage;

/** Where and how the reference created its database. */
export interface ReferenceDatabase {
  /** PGlite data directory (for a PGlite reference database). */
  readonly dataDir?: string;
  /** Removes what `createReferenceDatabase` made on disk. */
  cleanup(): void;
}

const AGENT_ID = '00000000-0000-4000-8000-00000000a11e';

/**
 * Lets the reference `@elizaos/plugin-sql@1.7.2` create its schema, exactly as an agent does at start:
 * its adapter, `init()`, then its runtime migrator with the plugin's own schema. On PostgreSQL pass
 * `postgresUrl` (an empty database); otherwise a PGlite database is made in a temp directory.
 */
export async function createReferenceDatabase(postgresUrl?: string): Promise<ReferenceDatabase> {
  const dataDir = postgresUrl ? undefined : mkdtempSync(join(tmpdir(), 'core-schema-reference-'));
  const adapter = createDatabaseAdapter(postgresUrl ? { postgresUrl } : { dataDir }, AGENT_ID);
  try {
    await adapter.init();
    await adapter.runPluginMigrations([{ name: plugin.name, schema: plugin.schema }], {});
  } finally {
    await adapter.close();
  }
  return {
    dataDir,
    cleanup() {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
