/**
 * Process shutdown hooks for open pools: on SIGINT, SIGTERM and beforeExit, `close` runs once
 * (bounded by `timeoutMs`), then the hooks remove themselves. After a signal, if no other listener
 * handles it, the signal is raised again so the process exits exactly as it would have without us.
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface ShutdownHooks {
  /** Removes the listeners; idempotent. */
  uninstall(): void;
}

export function installShutdownHooks(close: () => Promise<void>, timeoutMs: number): ShutdownHooks {
  let running: Promise<void> | undefined;
  let installed = true;

  const run = (): Promise<void> => {
    running ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        process.emitWarning(
          `@eliza-sql/adapter-pg: closing pools took longer than ${timeoutMs} ms at shutdown`,
        );
        resolve();
      }, timeoutMs);
      timer.unref();
      close().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          process.emitWarning(
            error instanceof Error ? error : new Error(String(error)),
            'ElizaSqlShutdownWarning',
          );
          resolve();
        },
      );
    });
    return running;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    void run().then(() => {
      uninstall();
      // Nobody else handles this signal: behave like the default handler (terminate by the signal).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const onBeforeExit = (): void => {
    void run().then(uninstall);
  };

  function uninstall(): void {
    if (!installed) return;
    installed = false;
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
    process.removeListener('beforeExit', onBeforeExit);
  }

  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);
  return { uninstall };
}
