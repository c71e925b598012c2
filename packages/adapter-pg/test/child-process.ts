import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child running `fixtures/<script>` from sources (tsx, `@eliza-sql/source`). */
export interface Child {
  readonly process: ChildProcess;
  readonly stdout: () => string;
  /** Resolves once stdout contains `text` (rejects if the child exits first or after `ms`). */
  waitForOutput(text: string, ms?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnFixture(script: string, args: string[]): Child {
  const file = fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@eliza-sql/source', '--import', 'tsx', file, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
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
  return {
    process: child,
    stdout: () => out,
    exited,
    async waitForOutput(text, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (!out.includes(text)) {
        if (exitedYet) throw new Error(`child exited before printing ${text}: ${out} ${err}`);
        if (Date.now() > deadline)
          throw new Error(`child did not print ${text} within ${ms} ms: ${out} ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
