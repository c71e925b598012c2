import { PolicyTimeoutError } from './errors.js';

/**
 * Runs `fn(signal)` and rejects with {@link PolicyTimeoutError} as soon as `signal` aborts (the
 * timeout policy aborts it after `timeoutMs`), whether or not `fn` honours the signal. The abandoned
 * attempt's late result or error is ignored (it belongs to no caller any more), never left unhandled.
 */
export function runWithTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
  timeoutMs: number,
  onTimeout: () => void,
): Promise<T> {
  if (!Number.isFinite(timeoutMs)) return new Promise<T>((resolve) => resolve(fn(signal)));
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      onTimeout();
      return reject(new PolicyTimeoutError(timeoutMs));
    }
    const work = new Promise<T>((resolveWork) => resolveWork(fn(signal)));
    const timedOut = () => {
      onTimeout();
      reject(new PolicyTimeoutError(timeoutMs));
    };
    signal.addEventListener('abort', timedOut, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', timedOut);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', timedOut);
        reject(err);
      },
    );
  });
}
