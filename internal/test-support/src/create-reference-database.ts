import type { TestDatabaseLocation } from './create-test-backends.js';

/** The lifecycle part of the reference's adapter this fixture drives. */
export interface ReferenceAdapterLifecycle {
  init(): Promise<void>;
  runPluginMigrations?(plugins: { name: string; schema: unknown }[], options: object): Promise<void>;
  close(): Promise<void>;
}

/**
 * The part of the reference package `@elizaos/plugin-sql@1.7.2` used here. Its published declarations
 * do not resolve under NodeNext, and this package does not depend on it, so it is declared here.
 */
interface ReferencePackage {
  createDatabaseAdapter(config: TestDatabaseLocation, agentId: string): ReferenceAdapterLifecycle;
  plugin: { name: string; schema: unknown };
}

/** Options of {@link createReferenceDatabase}. */
export interface ReferenceDatabaseOptions<Adapter, Result> {
  /**
   * The reference module, imported by the calling package (which has `@elizaos/plugin-sql@1.7.2` as a
   * devDependency): `import * as reference from '@elizaos/plugin-sql'`.
   */
  readonly reference: unknown;
  /** An empty database (from a `TestBackend` without `connect`): where the reference creates its schema. */
  readonly location: TestDatabaseLocation;
  /** The agent the reference adapter is created for (default: a fixed UUID). */
  readonly agentId?: string;
  /** Runs on the open reference adapter after its migrations (writes rows, reads them); its result is returned. */
  fill?(adapter: Adapter): Promise<Result>;
}

const DEFAULT_AGENT_ID = '00000000-0000-4000-8000-00000000a11e';

/**
 * Lets the reference create (and optionally fill) a database exactly as an agent does at start: its
 * `createDatabaseAdapter`, `init()`, then its runtime migrator with the plugin's own schema. The
 * reference adapter is closed before this resolves, so the caller may open the database next.
 */
export async function createReferenceDatabase<Adapter = ReferenceAdapterLifecycle, Result = undefined>(
  options: ReferenceDatabaseOptions<Adapter, Result>,
): Promise<Result> {
  const { createDatabaseAdapter, plugin } = options.reference as ReferencePackage;
  const adapter = createDatabaseAdapter(options.location, options.agentId ?? DEFAULT_AGENT_ID);
  try {
    await adapter.init();
    await adapter.runPluginMigrations?.([{ name: plugin.name, schema: plugin.schema }], { verbose: false });
    // `Adapter` is the caller's view of the same object (e.g. elizaOS's IDatabaseAdapter).
    return (await options.fill?.(adapter as unknown as Adapter)) as Result;
  } finally {
    await adapter.close();
  }
}
