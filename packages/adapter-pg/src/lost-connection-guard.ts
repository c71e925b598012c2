/**
 * Keeps a transaction whose connection died from crashing the process.
 *
 * postgres.js 3.4.x (porsager/postgres#1154, #1208; fix PRs #1168/#1209 unmerged): when the
 * connection of `sql.begin()` closes (server restart, `pg_terminate_backend`, network cut), `begin`
 * rejects with CONNECTION_CLOSED, but its scope still runs the transaction's `ROLLBACK` (or `COMMIT`,
 * or a savepoint's `ROLLBACK TO`) on that closed connection. The write is scheduled with
 * `setImmediate` and dereferences the connection's nulled socket: an uncaught
 * `TypeError: Cannot read properties of null (reading 'write')` that kills the process (and, when
 * caught by a test runner, leaves the connection unable to write ever again).
 *
 * The guard wraps the transaction's callback: once the transaction's connection is known to be lost,
 * the callback never settles, so postgres.js never reaches its ROLLBACK/COMMIT on the dead
 * connection; the caller still gets `begin`'s own CONNECTION_CLOSED rejection. (The pending callback
 * holds no timer or socket and is garbage-collected.)
 */
export interface TransactionLink {
  /** True once the transaction's `begin()` settled while its callback was still running. */
  readonly lost: boolean;
  /** Observes the `begin()` promise of this transaction. */
  watch(begun: Promise<unknown>): void;
  /** Settles like `work`, unless the connection was lost meanwhile: then never. */
  guard<T>(work: Promise<T>): Promise<T>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createTransactionLink(): TransactionLink {
  let lost = false;
  const never = () => new Promise<never>(() => {});
  return {
    get lost() {
      return lost;
    },
    watch(begun) {
      // `begin` can only settle before the callback does when its connection closed (onclose).
      begun.catch(() => {
        lost = true;
      });
    },
    async guard<T>(work: Promise<T>): Promise<T> {
      let value: T;
      try {
        value = await work;
      } catch (error) {
        // A connection close rejects the in-flight queries and then `begin`, in the same macrotask;
        // two turns let every microtask of it (and a trailing 'close' event) run before deciding.
        await nextTurn();
        await nextTurn();
        if (lost) return never();
        throw error;
      }
      if (lost) return never();
      return value;
    },
  };
}
