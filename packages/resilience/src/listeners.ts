/** Returned by every `on...()` subscription: `dispose()` removes the listener (idempotent). */
export interface Subscription {
  dispose(): void;
}

/** A set of listeners of one event. A listener that throws does not break the policy: its error is rethrown asynchronously. */
export class Listeners<E> {
  private readonly listeners = new Set<(event: E) => void>();

  add(listener: (event: E) => void): Subscription {
    if (typeof listener !== 'function')
      throw new TypeError(`listener: expected a function, got ${typeof listener}`);
    const entry = (event: E) => listener(event);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  }

  emit(event: E): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
