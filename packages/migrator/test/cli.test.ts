import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the CLI as a user would: a child process, TypeScript loaded through tsx. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await exec(
      process.execPath,
      ['--conditions=@eliza-sql/source', '--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: pkg, timeout: 60_000 },
    );
    return { code: 0, out: r.stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
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
}

describe('eliza-sql-migrate CLI [pglite]', () => {
  it('plans, applies and reports status on a PGlite directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrator-cli-'));
    try {
      await scenario(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const url = testPostgresUrl();
describe.runIf(url)('eliza-sql-migrate CLI [postgres]', () => {
  it('plans, applies and reports status on PostgreSQL', async () => {
    const db = await createTestDatabase(url!, 'eliza_migrator_cli');
    try {
      await scenario(db.url);
    } finally {
      await db.drop();
    }
  });
});
