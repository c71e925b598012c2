/**
 * Tests of the fault proxy itself (internal/test-support has no test project of its own, so they run
 * here with the fault scenarios that rely on it): against a loopback echo server, and against real
 * PostgreSQL through postgres.js.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createFaultProxy, type FaultProxy, testPostgresUrl } from '@eliza-sql/test-support';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects to the proxy and resolves with the socket once connected (or rejects with the error). */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Collects what arrives on `socket` until `bytes` have arrived or `ms` passed. */
function receive(socket: Socket, bytes: number, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const done = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(got);
    };
    const onData = (chunk: Buffer) => {
      got += chunk.toString();
      if (got.length >= bytes) done();
    };
    const timer = setTimeout(done, ms);
    socket.on('data', onData);
  });
}

describe('fault proxy (loopback echo server)', () => {
  let echo: Server;
  let echoPort: number;
  let proxy: FaultProxy;
  const sockets: Socket[] = [];
  const client = async () => {
    const socket = await open(proxy.port);
    socket.on('error', () => {});
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    echo = createServer((socket) => {
      socket.on('error', () => {});
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const address = echo.address();
    echoPort = typeof address === 'object' && address ? address.port : 0;
  });
  beforeAll(async () => {
    proxy = await createFaultProxy({ targetHost: '127.0.0.1', targetPort: echoPort });
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy.resume();
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  it('refuses non-loopback targets', async () => {
    await expect(createFaultProxy({ targetHost: '10.0.0.1', targetPort: 5432 })).rejects.toThrow(/loopback/);
  });

  it('forwards bytes both ways, on 127.0.0.1, and rewrites URLs to itself', async () => {
    expect(proxy.host).toBe('127.0.0.1');
    expect(proxy.rewrite('postgres://u:p@127.0.0.1:5433/db?x=1')).toBe(
      `postgres://u:p@127.0.0.1:${proxy.port}/db?x=1`,
    );
    const socket = await client();
    socket.write('hello');
    expect(await receive(socket, 5, 2000)).toBe('hello');
    expect(proxy.openConnections).toBe(1);
  });

  it('adds latency and keeps byte order', async () => {
    const socket = await client();
    proxy.setLatency(150);
    const started = Date.now();
    const sent = Array.from({ length: 50 }, (_, i) => `${i};`).join('');
    for (let i = 0; i < 50; i++) socket.write(`${i};`);
    const got = await receive(socket, sent.length, 5000);
    expect(got).toBe(sent);
    // Two hops (to the server and back), each delayed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(() => proxy.setLatency(-1)).toThrow();
  });

  it('blackholes: accepts, but nothing comes back, on new and open connections; resume destroys them', async () => {
    const before = await client();
    proxy.blackhole();
    expect(proxy.mode).toBe('blackhole');
    const after = await client(); // accepted
    before.write('lost');
    after.write('lost too');
    expect(await receive(before, 1, 300)).toBe('');
    expect(await receive(after, 1, 300)).toBe('');
    const closed = new Promise((resolve) => after.once('close', resolve));
    await proxy.resume();
    await closed;
    const fresh = await client();
    fresh.write('back');
    expect(await receive(fresh, 4, 2000)).toBe('back');
  });

  it('refuses new connections with ECONNREFUSED, keeps open ones, and listens again on resume (same port)', async () => {
    const kept = await client();
    await proxy.refuse();
    await expect(open(proxy.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    kept.write('still');
    expect(await receive(kept, 5, 2000)).toBe('still');
    await proxy.resume();
    const socket = await client();
    socket.write('again');
    expect(await receive(socket, 5, 2000)).toBe('again');
  });

  it('cuts every open connection', async () => {
    const a = await client();
    const b = await client();
    const closed = Promise.all([a, b].map((s) => new Promise((resolve) => s.once('close', resolve))));
    expect(proxy.cutAll()).toBe(2);
    await closed;
    expect(proxy.openConnections).toBe(0);
    const c = await client();
    c.write('ok');
    expect(await receive(c, 2, 2000)).toBe('ok');
  });

  it('close() destroys connections and stops listening; it is idempotent', async () => {
    const other = await createFaultProxy({ targetHost: '127.0.0.1', targetPort: echoPort });
    const socket = await open(other.port);
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await other.close();
    await other.close();
    await closed;
    await expect(open(other.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(other.resume()).rejects.toThrow(/closed/);
  });
});

const url = testPostgresUrl();

describe.runIf(url)('fault proxy with postgres.js [postgres]', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    const target = new URL(url as string);
    proxy = await createFaultProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
  });
  afterAll(() => proxy?.close());

  it('carries queries, and a cut rejects the in-flight query with a connection error', async () => {
    const sql = postgres(proxy.rewrite(url as string), { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
      const inFlight = sql`select pg_sleep(10)`.then(
        () => 'finished',
        (error: { code?: string }) => error.code,
      );
      await sleep(200);
      expect(proxy.cutAll()).toBe(1);
      expect(await inFlight).toMatch(/CONNECTION_CLOSED|ECONNRESET|CONNECTION_DESTROYED/);
      // postgres.js reconnects through the proxy on the next query.
      expect(await sql`select 2 as two`).toEqual([{ two: 2 }]);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  it('refused: connecting fails with ECONNREFUSED until resume', async () => {
    await proxy.refuse();
    const sql = postgres(proxy.rewrite(url as string), { max: 1, onnotice: () => {}, connect_timeout: 2 });
    try {
      await expect(sql`select 1`).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await proxy.resume();
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
