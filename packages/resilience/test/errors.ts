/** Error objects shaped like the ones postgres.js and Node produce (for the fake-timer suites). */
export function codedError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`failed with ${code}`), { code, ...extra });
}

/** A refused TCP connect, as Node reports it. */
export const refused = () => codedError('ECONNREFUSED', { syscall: 'connect', errno: -111 });
/** A connection reset mid-query: transient, but the statement may have run. */
export const reset = () => codedError('ECONNRESET', { syscall: 'read', errno: -104 });
/** A PostgreSQL unique violation: permanent. */
export const uniqueViolation = () =>
  Object.assign(codedError('23505'), { severity: 'ERROR', constraint_name: 'users_email_key' });

/** A function for `policy.execute` that fails with `failures` in order, then resolves `value`. */
export function failingThen<T>(failures: unknown[], value: T) {
  const queue = [...failures];
  const fn = async (signal: AbortSignal): Promise<T> => {
    fn.calls++;
    fn.signals.push(signal);
    if (queue.length > 0) throw queue.shift();
    return value;
  };
  fn.calls = 0;
  fn.signals = [] as AbortSignal[];
  return fn;
}

/** A function that always fails with a fresh error from `make`. */
export function alwaysFailing(make: () => unknown) {
  const fn = async (_signal: AbortSignal): Promise<never> => {
    fn.calls++;
    const err = make();
    fn.errors.push(err);
    throw err;
  };
  fn.calls = 0;
  fn.errors = [] as unknown[];
  return fn;
}

/** Settles a promise into a value or error without letting a rejection go unhandled. */
export function settle<T>(promise: Promise<T>) {
  const result: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(result, { done: true, value }),
    (error: unknown) => Object.assign(result, { done: true, error }),
  );
  return result;
}
