import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child process running a TypeScript file from sources, with what it printed so far. */
export interface SourceScript {
  readonly process: ChildProcess;
  /** Everything printed on stdout so far. */
  stdout(): string;
  /** The complete stdout lines so far. */
  lines(): string[];
  /** Everything printed on stderr so far. */
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (rejects when the child exits first, or after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `file` (a path or a `file:` URL, e.g. `new URL('./fixtures/x.ts', import.meta.url)`) in a new
 * Node process with tsx and the `@eliza-sql/source` condition, so workspace packages load from sources.
 */
export function spawnSourceScript(
  file: string | URL,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): SourceScript {
  const path = file instanceof URL ? fileURLToPath(file) : file;
  const child = spawn(
    process.execPath,
    ['--conditions=@eliza-sql/source', '--import', 'tsx', path, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  let out = '';
  let err = '';
  let exitedYet = false;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      exitedYet = true;
      resolve({ code, signal });
    });
  });
  const lines = () => out.split('\n').slice(0, -1);
  return {
    process: child,
    stdout: () => out,
    lines,
    stderr: () => err,
    exited,
    async waitFor(pattern, ms = 60_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const line = lines().find((l) => pattern.test(l));
        if (line !== undefined) return line;
        if (exitedYet) throw new Error(`child exited before printing ${pattern}: ${out}\n${err}`);
        if (Date.now() > deadline)
          throw new Error(`child did not print ${pattern} within ${ms} ms: ${out}\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
