import type { Exchange } from './server-scenario.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SHORT_ID = /\b[0-9a-f]{8}\b/g;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;
/** Epoch milliseconds of this century (in numbers, or in a path such as `?before=...`). */
const EPOCH_MS = /\b1\d{12}\b/g;
const isEpochMs = (n: number) => Number.isInteger(n) && n >= 1e12 && n < 2e12;

/**
 * One run's exchanges with what differs between two runs of the same scenario replaced by
 * placeholders: ids by `<id N>` in order of first appearance in the run (so the same id is the same
 * placeholder everywhere, and an 8-digit prefix of a known id, as in a channel's default name, is
 * `<id N:8>`), times by `<time>`, durations by `<ms>`, and the encrypted values of `secrets` (random
 * per encryption) by `<secret>`.
 */
export function normaliseExchanges(exchanges: readonly Exchange[]): Exchange[] {
  const ids = new Map<string, string>();
  const idOf = (uuid: string) => {
    const key = uuid.toLowerCase();
    let placeholder = ids.get(key);
    if (!placeholder) {
      placeholder = `<id ${ids.size}>`;
      ids.set(key, placeholder);
    }
    return placeholder;
  };
  const text = (value: string): string =>
    value
      .replace(UUID, idOf)
      .replace(SHORT_ID, (prefix) => {
        for (const [uuid, placeholder] of ids) {
          if (uuid.startsWith(prefix)) return `${placeholder.slice(0, -1)}:8>`;
        }
        return prefix;
      })
      .replace(ISO_TIME, '<time>')
      .replace(EPOCH_MS, '<time>');
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'number') {
      if (isEpochMs(value)) return '<time>';
      return key && /duration|executionTime/i.test(key) ? '<ms>' : value;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => {
          if (k === 'secrets' && v && typeof v === 'object') {
            return [k, Object.fromEntries(Object.keys(v).map((name) => [name, '<secret>']))];
          }
          return [k, walk(v, k)];
        }),
      );
    }
    return value;
  };
  return exchanges.map((e) => ({ request: text(e.request), status: e.status, body: walk(e.body) }));
}
