import {
  BrokenCircuitError,
  CircuitState,
  circuitBreaker,
  handleWhen,
  type IDefaultPolicyContext,
  type IPolicy,
  type IRetryContext,
  noop,
  type RetryPolicy,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import type {
  BreakEvent,
  CircuitStateName,
  DatabasePolicy,
  HalfOpenEvent,
  PolicyStats,
  ResetEvent,
  RetryEvent,
  TimeoutEvent,
} from './database-policy.js';
import {
  type DatabasePolicyOptions,
  type ExecuteOptions,
  resolvePolicyOptions,
  validTimeout,
} from './database-policy-options.js';
import { CircuitOpenError, InvalidPolicyOptionError, PolicyTimeoutError } from './errors.js';
import { createJitteredBackoff } from './jittered-backoff.js';
import { Listeners } from './listeners.js';
import { runWithTimeout } from './run-with-timeout.js';
import { TrialBreaker } from './trial-breaker.js';

type Chain = IPolicy<IDefaultPolicyContext, never>;

/**
 * Creates the policy that guards database calls: retry (outside) → circuit breaker → per-attempt
 * timeout (inside), composed once with cockatiel's `wrap`. Each attempt passes the breaker, so
 * `failureThreshold` consecutive transient attempt failures open it, and once it is open every call —
 * and every pending retry — fails at once with {@link CircuitOpenError}. Defaults are the reference
 * plugin's documented configuration; see the README for how each maps onto cockatiel.
 */
export function createDatabasePolicy(options: DatabasePolicyOptions = {}): DatabasePolicy {
  const config = resolvePolicyOptions(options);
  const events = {
    retry: new Listeners<RetryEvent>(),
    break: new Listeners<BreakEvent>(),
    halfOpen: new Listeners<HalfOpenEvent>(),
    reset: new Listeners<ResetEvent>(),
    timeout: new Listeners<TimeoutEvent>(),
    stateChange: new Listeners<CircuitStateName>(),
  };
  const counts = { calls: 0, successes: 0, failures: 0, retries: 0, rejections: 0, timeouts: 0, breaks: 0 };
  let openedAt = 0;
  let outageStartedAt: number | undefined;
  let breakCause: unknown;

  /** Failures that count against the database's health: transient errors and timeouts. */
  const isFailure = (err: unknown): boolean =>
    err instanceof PolicyTimeoutError ||
    (!(err instanceof BrokenCircuitError) && !(err instanceof CircuitOpenError) && config.isTransient(err));

  const closed = () => {
    const downtimeMs = outageStartedAt === undefined ? 0 : Date.now() - outageStartedAt;
    outageStartedAt = undefined;
    events.reset.emit({ downtimeMs });
    events.stateChange.emit('closed');
  };
  const trials = new TrialBreaker(config.failureThreshold, config.halfOpenMaxAttempts, {
    currentState: () => breaker.state,
    onTrialsPassed: closed,
  });
  const breaker = circuitBreaker(handleWhen(isFailure), {
    halfOpenAfter: config.resetTimeout,
    breaker: trials,
  });

  const subscriptions = [
    breaker.onBreak((reason) => {
      openedAt = Date.now();
      outageStartedAt ??= openedAt;
      breakCause = 'error' in reason ? reason.error : reason;
      trials.opened();
      counts.breaks++;
      const retryAt = new Date(openedAt + config.resetTimeout);
      events.break.emit({ error: breakCause, retryAt, retryInMs: config.resetTimeout });
      events.stateChange.emit('open');
    }),
    breaker.onHalfOpen(() => {
      events.halfOpen.emit({ requiredSuccesses: config.halfOpenMaxAttempts });
      events.stateChange.emit('half-open');
    }),
    breaker.onReset(() => {
      if (trials.probeFinished()) closed();
    }),
  ];

  /** Retry only what may succeed next time, never into a breaker that just opened. */
  const retryable =
    (connectOnly: boolean) =>
    (err: unknown): boolean =>
      breaker.state === CircuitState.Closed &&
      isFailure(err) &&
      (!connectOnly || (!(err instanceof PolicyTimeoutError) && config.isConnectFailure(err)));
  const backoff = createJitteredBackoff(config);
  const makeRetry = (connectOnly: boolean): RetryPolicy => {
    const policy = retry(handleWhen(retryable(connectOnly)), { maxAttempts: config.maxRetries, backoff });
    subscriptions.push(
      policy.onRetry((event) => {
        counts.retries++;
        events.retry.emit({
          attempt: event.attempt,
          delayMs: event.delay,
          error: 'error' in event ? event.error : event.value,
        });
      }),
    );
    return policy;
  };
  const retryAny = makeRetry(false);
  const retryConnectFailures = makeRetry(true);

  const timeoutLeaf = (ms: number) =>
    Number.isFinite(ms) ? timeout(ms, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false }) : noop;
  const defaultLeaf = timeoutLeaf(config.connectionTimeout);
  const idempotentChain: Chain = wrap(retryAny, breaker, defaultLeaf);
  const writeChain: Chain = wrap(retryConnectFailures, breaker, defaultLeaf);

  const circuitOpen = () =>
    new CircuitOpenError(new Date(openedAt + config.resetTimeout), Date.now(), breakCause);

  return {
    async execute<T>(fn: (signal: AbortSignal) => Promise<T>, callOptions: ExecuteOptions = {}): Promise<T> {
      if (typeof fn !== 'function')
        throw new InvalidPolicyOptionError('fn', fn, 'a function (signal) => Promise');
      const idempotent = callOptions.idempotent ?? false;
      if (typeof idempotent !== 'boolean')
        throw new InvalidPolicyOptionError('idempotent', idempotent, 'a boolean');
      const timeoutMs =
        callOptions.timeoutMs === undefined
          ? config.connectionTimeout
          : validTimeout('timeoutMs', callOptions.timeoutMs);
      const chain: Chain =
        timeoutMs === config.connectionTimeout
          ? idempotent
            ? idempotentChain
            : writeChain
          : wrap(idempotent ? retryAny : retryConnectFailures, breaker, timeoutLeaf(timeoutMs));
      counts.calls++;
      // Each call gets a signal of its own for cockatiel to derive attempt signals from. Without one,
      // cockatiel derives them from a single module-wide signal, so more than 10 calls in flight made
      // Node print "MaxListenersExceededWarning: Possible EventTarget memory leak detected".
      const callSignal = new AbortController().signal;
      try {
        const value = await chain.execute((context) => {
          const attempt = ((context as Partial<IRetryContext>).attempt ?? 0) + 1;
          return runWithTimeout(fn, context.signal, timeoutMs, () => {
            counts.timeouts++;
            events.timeout.emit({ timeoutMs, attempt });
          });
        }, callSignal);
        counts.successes++;
        return value;
      } catch (err) {
        if (err instanceof BrokenCircuitError) {
          counts.rejections++;
          throw circuitOpen();
        }
        counts.failures++;
        throw err;
      }
    },
    get state(): CircuitStateName {
      switch (breaker.state) {
        case CircuitState.Closed:
          return trials.inTrialPhase ? 'half-open' : 'closed';
        case CircuitState.HalfOpen:
          return 'half-open';
        default:
          return 'open';
      }
    },
    get stats(): PolicyStats {
      return { ...counts };
    },
    onRetry: (listener) => events.retry.add(listener),
    onBreak: (listener) => events.break.add(listener),
    onHalfOpen: (listener) => events.halfOpen.add(listener),
    onReset: (listener) => events.reset.add(listener),
    onTimeout: (listener) => events.timeout.add(listener),
    onStateChange: (listener) => events.stateChange.add(listener),
    dispose() {
      for (const listeners of Object.values(events)) listeners.clear();
    },
  };
}
