import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Options of {@link spawnSourceScript} beyond the arguments and the added environment. */
export interface SourceScriptOptions {
  /** The child's working directory (default: this process's). */
  readonly cwd?: string;
  /** When false, the child's environment is exactly `env` (default true: `process.env` plus `env`). */
  readonly inheritEnv?: boolean;
  /** More modules to `--import` after tsx (e.g. a resolve hook), as paths or `file:` URLs. */
  readonly imports?: readonly (string | URL)[];
  /** Kills the child with SIGTERM after `timeoutMs` (default: never). */
  readonly timeoutMs?: number;
}

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
  /** Resolves once the child exited and its output was read to the end. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// tsx's loader as a file URL, so the child finds it whatever its working directory.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const asPath = (file: string | URL) => (file instanceof URL ? fileURLToPath(file) : file);

/**
 * Runs `file` (a path or a `file:` URL, e.g. `new URL('./fixtures/x.ts', import.meta.url)`) in a new
 * Node process with tsx and the `@eliza-sql/source` condition, so workspace packages load from sources.
 */
export function spawnSourceScript(
  file: string | URL,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
  options: SourceScriptOptions = {},
): SourceScript {
  const imports = (options.imports ?? []).flatMap((hook) => ['--import', pathToFileURL(asPath(hook)).href]);
  const child = spawn(
    process.execPath,
    ['--conditions=@eliza-sql/source', '--import', TSX, ...imports, asPath(file), ...args],
    {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.inheritEnv === false ? { ...env } : { ...process.env, ...env },
    },
  );
  const timer =
    options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
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
    child.on('exit', () => {
      exitedYet = true;
    });
    // 'close' comes after 'exit' once stdout and stderr are drained: everything printed is in.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
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
