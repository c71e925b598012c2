import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestBackends, spawnSourceScript } from '@eliza-sql/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the CLI as a user would: a child process, TypeScript loaded through tsx. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const child = spawnSourceScript(join(pkg, 'src/cli.ts'), args, {}, { cwd: pkg, timeoutMs: 60_000 });
  const { code } = await child.exited;
  return code === 0
    ? { code, out: child.stdout() }
    : { code: code ?? -1, out: child.stdout() + child.stderr() };
}

async function scenario(url: string) {
  const schema = 'test/fixtures/cli-schema.ts';
  const plan = await cli(['plan', '--url', url, '--schema', schema, '--plugin', 'cli-test']);
  expect(plan.code).toBe(0);
  expect(plan.out).toContain('2 statement(s)');
  expect(plan.out).toContain('CREATE TABLE "public"."cli_books"');
  const apply = await cli(['apply', '--url', url, '--schema', schema, '--plugin', 'cli-test']);
  expect(apply.code).toBe(0);
  expect(apply.out).toContain('applied 2 statement(s)');
  const again = await cli(['apply', '--url', url, '--schema', schema, '--plugin', 'cli-test']);
  expect(again.out).toContain('up to date');
  const status = await cli(['status', '--url', url, '--plugin', 'cli-test']);
  expect(JSON.parse(status.out)).toMatchObject({ hasRun: true, snapshots: 1 });
  const usage = await cli(['explode', '--url', url]);
  expect(usage.code).toBe(64);
  expect(usage.out).toContain('usage: eliza-sql-migrate');
  const shrunk = 'test/fixtures/cli-schema-shrunk.ts';
  const blocked = await cli(['apply', '--url', url, '--schema', shrunk, '--plugin', 'cli-test']);
  expect(blocked.code).toBe(2);
  expect(blocked.out).toContain('DROP COLUMN "title"');
  expect(blocked.out).toContain('re-run with --force');
  expect(blocked.out).not.toContain('migrate()');
  const forced = await cli(['apply', '--url', url, '--schema', shrunk, '--plugin', 'cli-test', '--force']);
  expect(forced.code).toBe(0);
  expect(forced.out).toContain('applied 2 statement(s)');
}

/** Runs the CLI in this process, collecting what it writes. */
async function inProcess(args: string[], options?: Parameters<typeof runCli>[2]) {
  const lines: string[] = [];
  const code = await runCli(args, (line) => lines.push(line), options);
  return { code, out: lines.join('\n') };
}

describe('eliza-sql-migrate CLI usage', () => {
  it.each([
    [['--help'], 0, 'commands:'],
    [['-h'], 0, 'commands:'],
    [['help'], 0, 'commands:'],
    [[], 64, 'missing command: expected plan, apply or status'],
    [['explode', '--url', 'memory://'], 64, 'unknown command "explode"'],
    [['plan', '--plugin', 'p', '--schema', 's.js'], 64, '--url is required for plan'],
    [['status', '--url', 'memory://'], 64, '--plugin is required for status'],
    [['plan', '--url', 'memory://', '--schema', 's.js'], 64, '--plugin is required for plan'],
    [['apply', '--url', 'memory://', '--plugin', 'p'], 64, '--schema is required for apply'],
    [['status', 'extra', '--url', 'memory://', '--plugin', 'p'], 64, 'unexpected argument "extra"'],
    [['status', '--url', 'memory://', '--plugin', 'p', '--nope'], 64, "Unknown option '--nope'"],
  ])('%j exits %i and says %s', async (args, code, text) => {
    const result = await inProcess(args);
    expect(result.code).toBe(code);
    expect(result.out).toContain(text);
    expect(result.out).toContain('usage: eliza-sql-migrate');
  });

  it.each([
    ['postgres://localhost/db', '@eliza-sql/adapter-pg'],
    ['./data', '@eliza-sql/adapter-pglite'],
  ])('names the adapter package to install when %s needs %s and it is missing', async (url, pkgName) => {
    const missing = async (specifier: string) => {
      throw Object.assign(new Error(`Cannot find package '${specifier}' imported from cli.js`), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    };
    const result = await inProcess(['status', '--url', url, '--plugin', 'p'], { importModule: missing });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`npm install ${pkgName}`);
    expect(result.out).not.toContain('    at ');
  });
});

for (const backend of createTestBackends({ pgliteStorage: 'disk', databasePrefix: 'eliza_migrator_cli' })) {
  describe(`eliza-sql-migrate CLI [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it(`plans, applies and reports status on ${backend.name === 'pglite' ? 'a PGlite directory' : 'PostgreSQL'}`, async () => {
      const location = await backend.open();
      await scenario('dataDir' in location ? location.dataDir : location.postgresUrl);
    });
  });
}
