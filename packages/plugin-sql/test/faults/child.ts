import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child process running `fixtures/<script>` from sources (tsx, `@eliza-sql/source` condition). */
export interface Child {
  readonly process: ChildProcess;
  /** Complete stdout lines so far. */
  readonly lines: () => string[];
  readonly stderr: () => string;
  /** Resolves with the first line matching `pattern` (rejects when the child exits first, or after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnFixture(script: string, args: string[], env: Record<string, string> = {}): Child {
  const file = fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@eliza-sql/source', '--import', 'tsx', file, ...args],
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
    lines,
    stderr: () => err,
    exited,
    async waitFor(pattern, ms = 30_000) {
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
