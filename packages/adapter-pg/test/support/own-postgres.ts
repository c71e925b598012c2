/**
 * A PostgreSQL cluster this test owns (so it can stop and start it without disturbing the shared
 * server others test against): initdb'd in a fresh directory under the pgvector chroot's /tmp, run
 * with the chroot's PostgreSQL 17 binaries, on its own port, and removed afterwards. Needs root.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PG_CHROOT = '/var/lib/pgvector-root';
const BIN = '/usr/lib/postgresql/17/bin';

export interface OwnPostgres {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and deletes its directory. */
  destroy(): Promise<void>;
}

/** Whether this machine can run {@link createOwnPostgres} (root + the chroot's binaries). */
export function canRunOwnPostgres(): boolean {
  return process.getuid?.() === 0 && existsSync(`${PG_CHROOT}${BIN}/pg_ctl`);
}

async function asPostgres(command: string): Promise<void> {
  await run('chroot', [
    PG_CHROOT,
    '/usr/bin/env',
    '-i',
    'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    '/bin/su',
    'postgres',
    '-s',
    '/bin/bash',
    '-c',
    command,
  ]);
}

export async function createOwnPostgres(): Promise<OwnPostgres> {
  const name = `pgfault-${randomBytes(5).toString('hex')}`;
  const dir = `/tmp/${name}`;
  const port = 5440 + Math.floor(Math.random() * 400);
  await asPostgres(`${BIN}/initdb -D ${dir} -U postgres --auth=trust -E UTF8 >/dev/null`);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  const server: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () =>
      asPostgres(`${BIN}/pg_ctl -D ${dir} -o '${options}' -l ${dir}/server.log -w -t 60 start >/dev/null`),
    stop: () => asPostgres(`${BIN}/pg_ctl -D ${dir} -m fast -w stop >/dev/null`),
    async destroy() {
      await server.stop().catch(() => {});
      rmSync(`${PG_CHROOT}${dir}`, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (error) {
    rmSync(`${PG_CHROOT}${dir}`, { recursive: true, force: true });
    throw error;
  }
  return server;
}
