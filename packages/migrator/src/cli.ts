#!/usr/bin/env node
/**
 * `eliza-sql-migrate plan|apply|status --url <postgres://... | PGlite dir | memory://> --schema <module>
 *   [--plugin <name>] [--force]`
 *
 * Loads the schema module with dynamic import (a .ts module needs `node --import tsx` or a build), opens
 * the database with `@eliza-sql/adapter-pg` or `@eliza-sql/adapter-pglite` (optional peers, loaded only
 * when used) and runs the migrator. Exit codes: 0 ok, 1 error, 2 destructive change blocked, 64 usage.
 */
import { realpathSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMigrator } from './create-migrator.js';
import type { DrizzleSchema } from './create-snapshot.js';
import { isMigratorError } from './errors.js';
import type { MigrationExecutor } from './types.js';

const USAGE =
  'usage: eliza-sql-migrate <plan|apply|status> --url <postgres://...|pglite-dir|memory://> --schema <module> [--plugin <name>] [--force]';

type Closable = MigrationExecutor & { close(): Promise<void> };

/** Opens the database named by `url` with the matching eliza-sql adapter. */
async function openDatabase(url: string): Promise<Closable> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const specifier = '@eliza-sql/adapter-pg';
    const mod = (await import(specifier)) as {
      createPgDriver(o: { url: string; max?: number }): Promise<Closable>;
    };
    return mod.createPgDriver({ url, max: 2 });
  }
  const specifier = '@eliza-sql/adapter-pglite';
  const mod = (await import(specifier)) as { createPgliteDriver(o: { dataDir: string }): Promise<Closable> };
  return mod.createPgliteDriver({ dataDir: url });
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], write: (line: string) => void): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 64;
  }
  const { command, url, schemaPath, plugin, force } = parsed;
  const schema: DrizzleSchema = schemaPath
    ? { ...((await import(pathToFileURL(resolve(schemaPath)).href)) as DrizzleSchema) }
    : {};
  const db = await openDatabase(url);
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
    write(error instanceof Error ? error.message : String(error));
    return isMigratorError(error) && error.code === 'DESTRUCTIVE_MIGRATION_BLOCKED' ? 2 : 1;
  } finally {
    await db.close();
  }
}

function parse(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      schema: { type: 'string' },
      plugin: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (command !== 'plan' && command !== 'apply' && command !== 'status') {
    throw new Error(`unknown command ${JSON.stringify(command)}: expected plan, apply or status`);
  }
  if (!values.url) throw new Error('--url is required');
  if (!values.schema && command !== 'status') throw new Error('--schema is required');
  const schemaPath = values.schema ?? '';
  const plugin = values.plugin ?? (schemaPath ? basename(schemaPath, extname(schemaPath)) : '');
  if (!plugin) throw new Error('--plugin is required for status');
  return { command, url: values.url, schemaPath, plugin, force: values.force === true };
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
