import { methodGroup } from '../adapter/adapter-context.js';
import * as cache from '../stores/cache-store.js';

/** The agent's key-value cache. */
export const cacheMethods = methodGroup({
  getCache<T>(key: string): Promise<T | undefined> {
    return this.calls.read((ex) => cache.getCache<T>(ex, this.agentId, key));
  },
  setCache<T>(key: string, value: T): Promise<boolean> {
    return this.calls.idempotentWrite((ex) => cache.setCache<T>(ex, this.agentId, key, value));
  },
  deleteCache(key: string): Promise<boolean> {
    return this.calls.idempotentWrite((ex) => cache.deleteCache(ex, this.agentId, key));
  },
});
