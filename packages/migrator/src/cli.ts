#!/usr/bin/env node
/**
 * `eliza-sql-migrate <plan|apply|status> --url <postgres://... | PGlite dir | memory://> --plugin <name>
 *   [--schema <module>] [--force]`
 *
 * Loads the schema module with dynamic import (a .ts module needs `node --import tsx` or a build), opens
 * the database with `@eliza-sql/adapter-pg` or `@eliza-sql/adapter-pglite` (optional peers, loaded only
 * when used) and runs the migrator. Exit codes: 0 ok, 1 error, 2 destructive change blocked, 64 usage.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMigrator } from './create-migrator.js';
import type { DrizzleSchema } from './create-snapshot.js';
import { DestructiveMigrationError } from './errors.js';
import type { MigrationExecutor } from './types.js';

export const USAGE = `usage: eliza-sql-migrate <command> --url <url> --plugin <name> [options]

commands:
  plan     print the statements that would bring the database to --schema (changes nothing)
  apply    apply them in one transaction; destructive changes need --force
  status   print the plugin's journal as JSON

options:
  --url <url>        postgres://... or postgresql://... (needs @eliza-sql/adapter-pg),
                     otherwise a PGlite directory or memory:// (needs @eliza-sql/adapter-pglite)
  --plugin <name>    the plugin whose schema and journal this is (required: it names the journal)
  --schema <module>  module exporting the Drizzle tables (required for plan and apply)
  --force            apply even if statements would lose data
  -h, --help         print this help

exit codes: 0 ok, 1 error, 2 destructive change blocked, 64 usage`;

type Closable = MigrationExecutor & { close(): Promise<void> };

/** How the CLI loads a module; replaceable so the missing-package path can be exercised. */
export type ImportModule = (specifier: string) => Promise<unknown>;

/** Extra inputs of {@link runCli}. */
export interface RunCliOptions {
  /** Loads the adapter packages (default: dynamic `import`). */
  readonly importModule?: ImportModule;
}

class UsageError extends Error {}

type ParsedArgs =
  | { readonly command: 'help' }
  | {
      readonly command: 'plan' | 'apply' | 'status';
      readonly url: string;
      readonly schemaPath: string;
      readonly plugin: string;
      readonly force: boolean;
    };

/** Opens the database named by `url` with the matching eliza-sql adapter. */
async function openDatabase(url: string, importModule: ImportModule): Promise<Closable> {
  const postgres = /^postgres(ql)?:\/\//.test(url);
  const specifier = postgres ? '@eliza-sql/adapter-pg' : '@eliza-sql/adapter-pglite';
  let mod: unknown;
  try {
    mod = await importModule(specifier);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(specifier)) {
      throw new Error(
        `--url ${postgres ? 'is a PostgreSQL URL' : 'is a PGlite directory'}, which needs ${specifier}: ` +
          `install it next to @eliza-sql/migrator (npm install ${specifier})`,
        { cause: error },
      );
    }
    throw error;
  }
  if (postgres) {
    const { createPgDriver } = mod as { createPgDriver(o: { url: string; max?: number }): Promise<Closable> };
    return createPgDriver({ url, max: 2 });
  }
  const { createPgliteDriver } = mod as { createPgliteDriver(o: { dataDir: string }): Promise<Closable> };
  return createPgliteDriver({ dataDir: url });
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(
  argv: readonly string[],
  write: (line: string) => void,
  options: RunCliOptions = {},
): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !isParseArgsError(error)) throw error;
    write(`${error.message}\n\n${USAGE}`);
    return 64;
  }
  if (parsed.command === 'help') {
    write(USAGE);
    return 0;
  }
  const { command, url, schemaPath, plugin, force } = parsed;
  const schema: DrizzleSchema = schemaPath
    ? { ...((await import(pathToFileURL(resolve(schemaPath)).href)) as DrizzleSchema) }
    : {};
  let db: Closable;
  try {
    db = await openDatabase(url, options.importModule ?? ((s) => import(s)));
  } catch (error) {
    write(error instanceof Error ? error.message : String(error));
    return 1;
  }
  try {
    const migrator = createMigrator(db);
    if (command === 'status') {
      write(JSON.stringify(await migrator.status(plugin), null, 2));
    } else if (command === 'plan') {
      const plan = await migrator.plan(plugin, schema);
      write(`-- ${plugin}: ${plan.statements.length} statement(s), hash ${plan.hash}`);
      for (const s of plan.statements) write(`${s.sql};${s.destructive ? ' -- DESTRUCTIVE' : ''}`);
      for (const w of plan.warnings) write(`-- warning: ${w}`);
    } else {
      const result = await migrator.migrate(plugin, schema, { force });
      for (const s of result.statements) write(`${s};`);
      write(
        `-- ${plugin}: ${result.applied ? `applied ${result.statements.length} statement(s)` : 'up to date'}`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof DestructiveMigrationError) {
      write(
        `Destructive migration blocked for ${error.pluginName}: ${error.changes.length} statement(s) would lose data:\n` +
          error.changes.map((c) => `  - ${c.reason}: ${c.sql}`).join('\n') +
          '\nNothing was applied. Back up the data, then re-run with --force to apply it.',
      );
      return 2;
    }
    write(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await db.close();
  }
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown }).code;
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function parse(argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      schema: { type: 'string' },
      plugin: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || command === 'help') return { command: 'help' };
  if (command === undefined) throw new UsageError('missing command: expected plan, apply or status');
  if (command !== 'plan' && command !== 'apply' && command !== 'status') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}: expected plan, apply or status`);
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  if (!values.url) throw new UsageError(`--url is required for ${command}`);
  if (!values.plugin) throw new UsageError(`--plugin is required for ${command}: it names the journal`);
  if (!values.schema && command !== 'status') throw new UsageError(`--schema is required for ${command}`);
  return {
    command,
    url: values.url,
    schemaPath: values.schema ?? '',
    plugin: values.plugin,
    force: values.force === true,
  };
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  runCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
