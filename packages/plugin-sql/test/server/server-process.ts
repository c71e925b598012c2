import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawnSourceScript } from '@eliza-sql/test-support';
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
  const child = spawnSourceScript(CHILD, [], childEnv(port, database, cwd), {
    cwd,
    inheritEnv: false,
    imports: plugin === 'reference' ? [REFERENCE_HOOK] : [],
  });
  const output = () => child.stdout() + child.stderr();
  const running = () => child.process.exitCode === null && child.process.signalCode === null;
  try {
    await child.waitFor(new RegExp(`READY ${port}`), 120_000);
  } catch (error) {
    child.process.kill('SIGKILL');
    await child.exited;
    throw new Error(`server (${plugin}) did not start:\n${output()}`, { cause: error });
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output,
    async stop() {
      if (!running()) return;
      child.process.kill('SIGTERM');
      const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
      await child.exited;
      clearTimeout(timer);
    },
  };
}
