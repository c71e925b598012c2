import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DatabaseConfig } from '../support/config-backends.js';

/** Which SQL plugin the server runs on. */
export type PluginUnderTest = 'ours' | 'reference';

/** One running `AgentServer` child process. */
export interface ServerProcess {
  readonly baseUrl: string;
  /** Everything the child printed (for failure messages). */
  output(): string;
  /** The server's own shutdown (SIGTERM: agents stopped, database closed); resolves when it exited. */
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const REFERENCE_HOOK = fileURLToPath(new URL('./reference-plugin-hook.mjs', import.meta.url));
// tsx's loader as a file URL: the child runs in a temporary directory, where `--import tsx` would not resolve.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A port the kernel just handed out on loopback (the server needs a number; 0 is refused). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * The child's whole environment, so both plugins see the same one: the runtime copies every
 * environment variable into the agent's stored settings. No network: Sentry (on by default in the
 * server, with a DSN of its own) is pointed at a closed loopback port, plugin auto-installation is
 * off, the web UI is off, and the server listens on loopback only. HOME is the run's own directory.
 */
function childEnv(port: number, database: DatabaseConfig, home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    NODE_ENV: 'test',
    ELIZA_NO_AUTO_INSTALL: 'true',
    ELIZA_NO_PLUGIN_AUTO_INSTALL: 'true',
    LOG_LEVEL: 'warn',
    SENTRY_DSN: 'http://offline@127.0.0.1:9/0',
    ELIZA_UI_ENABLE: 'false',
    SERVER_HOST: '127.0.0.1',
    SERVER_TEST_PORT: String(port),
    ...('dataDir' in database
      ? { SERVER_TEST_DATA_DIR: database.dataDir }
      : { POSTGRES_URL: database.postgresUrl }),
  };
}

/**
 * Starts the server with `plugin` on `database`, in `cwd` (where it writes uploads), and resolves
 * once it printed READY. Ours comes through the workspace's dependency override; the reference
 * through a resolve hook (see `reference-plugin-hook.mjs`), so both runs use the same installed server.
 * A port taken between choosing and binding it is retried with another.
 */
export async function startServer(
  plugin: PluginUnderTest,
  database: DatabaseConfig,
  cwd: string,
): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnServer(plugin, database, cwd, await freePort());
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function spawnServer(
  plugin: PluginUnderTest,
  database: DatabaseConfig,
  cwd: string,
  port: number,
): Promise<ServerProcess> {
  const args = ['--conditions=@eliza-sql/source', '--import', TSX];
  if (plugin === 'reference') args.push('--import', REFERENCE_HOOK);
  const child: ChildProcess = spawn(process.execPath, [...args, CHILD], {
    cwd,
    env: childEnv(port, database, cwd),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const deadline = Date.now() + 120_000;
  while (!output.includes(`READY ${port}`)) {
    if (!running() || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`server (${plugin}) did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
