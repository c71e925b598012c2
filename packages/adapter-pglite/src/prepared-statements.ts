import {
  type PGlite,
  parse,
  protocol,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';

/** How many named statements one instance keeps prepared (the least recently used is closed first). */
export const PREPARED_STATEMENT_LIMIT = 256;
/** How many statement texts seen once are remembered, waiting for a second run to be prepared. */
const SEEN_ONCE_LIMIT = 1024;

/** Statements whose plans the cache keeps: data reads and writes (never DDL, whose text rarely repeats). */
const CACHEABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** Statements that leave the schema as it was; any other one may change a prepared statement's result shape. */
const KEEPS_SCHEMA =
  /^\s*(select|insert|update|delete|with|values|set|reset|show|begin|start|commit|end|rollback|savepoint|release|explain|listen|unlisten|notify|prepare|execute|deallocate|lock)\b/i;
/** PostgreSQL's refusal to run a prepared statement whose result columns changed since it was planned. */
const RESULT_SHAPE_CHANGED = 'cached plan must not change result type';

type Message = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];
type QueryFn = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

interface Prepared {
  readonly name: string;
  readonly paramTypes: readonly number[];
  /** The statement's RowDescription (absent when it returns no rows), given to the result parser. */
  readonly rowDescription: Message | undefined;
}

/**
 * Makes an instance this package owns run a repeated statement as a named prepared statement, from
 * its second run on: PostgreSQL parses and analyses it once, and may keep one generic plan. On PGlite
 * every statement otherwise pays parse, analysis and planning in WebAssembly on every call, which is
 * most of what a short query costs. Results, errors and transaction behaviour are PGlite's own: the
 * same mutexes, the same parsers and serializers, and errors carry `query`/`params` as PGlite sets them.
 * A statement that may change the schema closes every prepared statement; one whose result columns
 * changed anyway is closed and, outside a transaction, run again once.
 */
export function usePreparedStatements(pglite: PGlite): void {
  const prepared = new Map<string, Prepared>();
  const seenOnce = new Set<string>();
  let counter = 0;
  const stream = (message: Uint8Array) => pglite.execProtocolStream(message, { syncToFs: false });

  const close = async (statements: readonly Prepared[]): Promise<void> => {
    for (const statement of statements)
      await stream(protocol.serialize.close({ type: 'S', name: statement.name }));
    await stream(protocol.serialize.sync());
  };

  const forgetAll = async (): Promise<void> => {
    const all = [...prepared.values()];
    prepared.clear();
    if (all.length > 0) await pglite._runExclusiveQuery(() => close(all));
  };

  /** The prepared statement for `text`, preparing it now (closing the least recently used past the limit). */
  const prepare = async (text: string): Promise<Prepared> => {
    const known = prepared.get(text);
    if (known) {
      prepared.delete(text); // re-inserted: the Map's order is the recency order
      prepared.set(text, known);
      return known;
    }
    const name = `eliza_sql_${++counter}`;
    await stream(protocol.serialize.parse({ name, text, types: [] }));
    const described = await stream(protocol.serialize.describe({ type: 'S', name }));
    const statement: Prepared = {
      name,
      paramTypes: parse.parseDescribeStatementResults(described),
      rowDescription: described.find((message) => message.name === 'rowDescription'),
    };
    prepared.set(text, statement);
    if (prepared.size > PREPARED_STATEMENT_LIMIT) {
      const [oldest, stale] = prepared.entries().next().value as [string, Prepared];
      prepared.delete(oldest);
      await stream(protocol.serialize.close({ type: 'S', name: stale.name }));
    }
    return statement;
  };

  const runPrepared = async <T>(
    text: string,
    params: readonly unknown[],
    options: QueryOptions | undefined,
  ): Promise<Results<T>> => {
    const messages: Message[] = [];
    try {
      const statement = await prepare(text);
      const values = params.map((value, index) => {
        if (value === null || value === undefined) return null;
        const type = statement.paramTypes[index] ?? 0;
        const serialize = options?.serializers?.[type] ?? pglite.serializers[type];
        return serialize ? serialize(value) : String(value);
      });
      messages.push(...(await stream(protocol.serialize.bind({ statement: statement.name, values }))));
      if (statement.rowDescription) messages.push(statement.rowDescription);
      messages.push(...(await stream(protocol.serialize.execute({}))));
    } catch (error) {
      if (error instanceof Error) Object.assign(error, { query: text, params, queryOptions: options });
      throw error;
    } finally {
      messages.push(...(await stream(protocol.serialize.sync())));
    }
    return parse.parseResults(messages, pglite.parsers, options)[0] as Results<T>;
  };

  /**
   * `text` through a prepared statement when it repeats, else through `original`; `exclusive` takes
   * the locks PGlite's own query would (the instance: both mutexes and a sync to the file system after;
   * a transaction: the query mutex).
   */
  const run = async <T>(
    original: QueryFn,
    text: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
    exclusive: (fn: () => Promise<Results<T>>) => Promise<Results<T>>,
    retry: boolean,
  ): Promise<Results<T>> => {
    const cacheable = CACHEABLE.test(text) && !options?.blob && !options?.paramTypes;
    if (!cacheable || !(prepared.has(text) || seenOnce.has(text))) {
      if (cacheable) {
        if (seenOnce.size >= SEEN_ONCE_LIMIT) seenOnce.clear();
        seenOnce.add(text);
      }
      const result = await original<T>(text, params, options);
      if (!KEEPS_SCHEMA.test(text)) await forgetAll();
      return result;
    }
    seenOnce.delete(text);
    try {
      return await exclusive(() => runPrepared<T>(text, params ?? [], options));
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes(RESULT_SHAPE_CHANGED)) throw error;
      const stale = prepared.get(text);
      prepared.delete(text);
      if (stale) await pglite._runExclusiveQuery(() => close([stale]));
      if (!retry) throw error;
      return run(original, text, params, options, exclusive, false);
    }
  };

  const instanceQuery: QueryFn = pglite.query.bind(pglite);
  pglite.query = <T>(text: string, params?: unknown[], options?: QueryOptions) =>
    run<T>(
      instanceQuery,
      text,
      params,
      options,
      (fn) =>
        pglite._runExclusiveTransaction(() =>
          pglite._runExclusiveQuery(async () => {
            const result = await fn();
            await pglite.syncToFs();
            return result;
          }),
        ),
      true,
    );

  const exec = pglite.exec.bind(pglite);
  pglite.exec = async (text, options) => {
    const results = await exec(text, options);
    if (!KEEPS_SCHEMA.test(text)) await forgetAll();
    return results;
  };

  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      const txQuery: QueryFn = tx.query.bind(tx);
      tx.query = <R>(text: string, params?: unknown[], options?: QueryOptions) => {
        if (tx.closed) return txQuery<R>(text, params, options); // PGlite's own "Transaction is closed"
        // An error inside a transaction aborts it: no second run there.
        return run<R>(txQuery, text, params, options, (fn) => pglite._runExclusiveQuery(fn), false);
      };
      const txExec = tx.exec.bind(tx);
      tx.exec = async (text, options) => {
        const results = await txExec(text, options);
        if (!KEEPS_SCHEMA.test(text)) await forgetAll();
        return results;
      };
      return callback(tx);
    });
}
