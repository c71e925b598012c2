/**
 * A TCP proxy on 127.0.0.1 (ephemeral port) between a client and a server, that injects network
 * faults on command: latency, blackhole, refused connections, and cutting every open connection
 * mid-query. Used by the fault tests to make PostgreSQL "misbehave" without touching the server.
 *
 * ```ts
 * const proxy = await createFaultProxy({ targetHost: '127.0.0.1', targetPort: 5433 });
 * const url = proxy.rewrite('postgres://postgres@127.0.0.1:5433/db'); // same URL, via the proxy
 * proxy.cutAll(); await proxy.refuse(); ... await proxy.resume(); await proxy.close();
 * ```
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** Options of {@link createFaultProxy}. */
export interface FaultProxyOptions {
  /** Where traffic is forwarded to (must be a loopback address: tests never leave the machine). */
  readonly targetHost: string;
  readonly targetPort: number;
}

/** What the proxy is doing to new and existing connections. */
export type FaultMode = 'forward' | 'blackhole' | 'refuse';

export interface FaultProxy {
  readonly host: '127.0.0.1';
  /** The proxy's port (stable for its whole life, also across refuse/resume). */
  readonly port: number;
  readonly mode: FaultMode;
  /** Client connections currently open through the proxy. */
  readonly openConnections: number;
  /** Client connections accepted since creation. */
  readonly acceptedConnections: number;
  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  /** Delays every chunk, in both directions, by `ms` (order is kept). 0 = none. */
  setLatency(ms: number): void;
  /**
   * Accepts new connections but never forwards their bytes, and silently discards the bytes of open
   * ones (a partition: nothing arrives, nothing errors). Those connections are destroyed by `resume()`.
   */
  blackhole(): void;
  /** Stops listening: new connections get ECONNREFUSED (open ones are left alone; see `cutAll`). */
  refuse(): Promise<void>;
  /** Destroys every open connection on both sides (a server crash seen from the client); returns how many. */
  cutAll(): number;
  /** Back to plain forwarding with no latency (listening again; blackholed connections destroyed). */
  resume(): Promise<void>;
  /** Destroys every connection and stops listening. Idempotent. */
  close(): Promise<void>;
}

interface Pipe {
  readonly client: Socket;
  upstream: Socket | undefined;
  /** Set once the pipe has been blackholed: it never forwards again. */
  dead: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** A delivery queue per direction, so latency keeps the byte order of a stream. */
function createDelayedWriter(getLatency: () => number) {
  const queue: Array<{ due: number; chunk: Buffer; to: Socket }> = [];
  let timer: NodeJS.Timeout | undefined;
  const pump = () => {
    timer = undefined;
    const now = Date.now();
    while (queue.length > 0 && (queue[0]?.due ?? 0) <= now) {
      const item = queue.shift();
      if (item && !item.to.destroyed) item.to.write(item.chunk);
    }
    const next = queue[0];
    if (next) timer = setTimeout(pump, Math.max(0, next.due - now));
  };
  return {
    write(to: Socket, chunk: Buffer) {
      const latency = getLatency();
      if (latency <= 0 && queue.length === 0) {
        to.write(chunk);
        return;
      }
      const last = queue.at(-1)?.due ?? 0;
      queue.push({ due: Math.max(last, Date.now() + latency), chunk, to });
      timer ??= setTimeout(pump, Math.max(0, (queue[0]?.due ?? 0) - Date.now()));
    },
    clear() {
      queue.length = 0;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Starts a fault proxy listening on 127.0.0.1 (ephemeral port), forwarding to the target. */
export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  if (!LOOPBACK.has(options.targetHost)) {
    throw new Error(`createFaultProxy: targetHost must be loopback, got ${options.targetHost}`);
  }
  const pipes = new Set<Pipe>();
  const writers = new Set<ReturnType<typeof createDelayedWriter>>();
  let latency = 0;
  let mode: FaultMode = 'forward';
  let accepted = 0;
  let closed = false;

  const destroy = (pipe: Pipe) => {
    pipe.client.destroy();
    pipe.upstream?.destroy();
    pipes.delete(pipe);
  };

  const onConnection = (client: Socket) => {
    accepted++;
    client.setNoDelay(true);
    const pipe: Pipe = { client, upstream: undefined, dead: mode === 'blackhole' };
    pipes.add(pipe);
    client.on('error', () => destroy(pipe));
    client.on('close', () => destroy(pipe));
    if (pipe.dead) {
      client.on('data', () => {}); // swallowed
      return;
    }
    const upstream = tcpConnect({ host: options.targetHost, port: options.targetPort });
    upstream.setNoDelay(true);
    pipe.upstream = upstream;
    upstream.on('error', () => destroy(pipe));
    upstream.on('close', () => destroy(pipe));
    const toServer = createDelayedWriter(() => latency);
    const toClient = createDelayedWriter(() => latency);
    writers.add(toServer).add(toClient);
    client.on('close', () => {
      toServer.clear();
      toClient.clear();
      writers.delete(toServer);
      writers.delete(toClient);
    });
    client.on('data', (chunk: Buffer) => {
      if (!pipe.dead) toServer.write(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pipe.dead) toClient.write(client, chunk);
    });
  };

  const server = createServer(onConnection);
  const port = await listen(server, 0);
  let listening = true;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
    });

  const proxy: FaultProxy = {
    host: '127.0.0.1',
    port,
    get mode() {
      return mode;
    },
    get openConnections() {
      return pipes.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    rewrite(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`setLatency: expected ms >= 0, got ${ms}`);
      latency = ms;
    },
    blackhole() {
      mode = 'blackhole';
      for (const pipe of pipes) pipe.dead = true;
    },
    async refuse() {
      mode = 'refuse';
      // server.close() waits for open connections; resolve as soon as the listener is gone.
      const done = stopListening();
      await Promise.race([done, new Promise((resolve) => setImmediate(resolve))]);
    },
    cutAll() {
      const count = pipes.size;
      for (const pipe of [...pipes]) destroy(pipe);
      for (const writer of writers) writer.clear();
      return count;
    },
    async resume() {
      if (closed) throw new Error('resume: the proxy is closed');
      for (const pipe of [...pipes]) if (pipe.dead) destroy(pipe);
      latency = 0;
      mode = 'forward';
      if (!listening) {
        await listen(server, port);
        listening = true;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      mode = 'refuse';
      proxy.cutAll();
      await stopListening();
    },
  };
  return proxy;
}
