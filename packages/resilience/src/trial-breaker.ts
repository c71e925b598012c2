import { CircuitState, type IBreaker } from 'cockatiel';

/** Serializable counters of a {@link TrialBreaker} (cockatiel's `IBreaker.state`). */
export interface TrialBreakerState {
  consecutiveFailures: number;
  /** > 0 while the breaker is in its trial phase (reported as half-open) after the first trial call. */
  trialSuccessesRemaining: number;
  /** The first trial call (cockatiel's half-open probe) succeeded. */
  firstTrialSucceeded: boolean;
}

/** What the breaker strategy needs from the layer around cockatiel's `CircuitBreakerPolicy`. */
export interface TrialBreakerHooks {
  /** cockatiel's current state (results of calls admitted in an earlier state are stale). */
  currentState(): CircuitState;
  /** The last required trial call succeeded: the breaker is closed now. */
  onTrialsPassed(): void;
}

/**
 * cockatiel breaker strategy for "open after N consecutive failures; close after M successful
 * trial calls".
 *
 * cockatiel's `CircuitBreakerPolicy` admits ONE probe call in half-open and closes on its first
 * success. This strategy extends that: once cockatiel closes after the probe, the strategy keeps a
 * trial phase (`trialSuccessesRemaining`) in which the next successes are counted and the first
 * failure returns `true` at once, so the breaker reopens on ANY failed trial, not after N. A result
 * that arrives while the breaker is in another state than when its call was admitted is ignored.
 */
export class TrialBreaker implements IBreaker {
  state: TrialBreakerState = {
    consecutiveFailures: 0,
    trialSuccessesRemaining: 0,
    firstTrialSucceeded: false,
  };

  constructor(
    private readonly failureThreshold: number,
    private readonly requiredTrialSuccesses: number,
    private readonly hooks: TrialBreakerHooks,
  ) {}

  /** True in the trial phase that follows the probe call. */
  get inTrialPhase(): boolean {
    return this.state.trialSuccessesRemaining > 0;
  }

  success(admittedIn: CircuitState): void {
    if (admittedIn === CircuitState.HalfOpen) {
      this.state.firstTrialSucceeded = true;
      return;
    }
    if (this.hooks.currentState() !== CircuitState.Closed) return;
    this.state.consecutiveFailures = 0;
    if (this.state.trialSuccessesRemaining > 0 && --this.state.trialSuccessesRemaining === 0) {
      this.hooks.onTrialsPassed();
    }
  }

  failure(admittedIn: CircuitState): boolean {
    if (admittedIn === CircuitState.HalfOpen) return true;
    if (this.hooks.currentState() !== CircuitState.Closed) return false;
    if (this.state.trialSuccessesRemaining > 0) return true;
    this.state.consecutiveFailures++;
    return this.state.consecutiveFailures >= this.failureThreshold;
  }

  /** The breaker opened: every count starts over. */
  opened(): void {
    this.state = { consecutiveFailures: 0, trialSuccessesRemaining: 0, firstTrialSucceeded: false };
  }

  /**
   * cockatiel closed after the probe call. Starts the trial phase (the probe counts when it succeeded;
   * a probe that failed with a permanent error counts as neither) and returns true when it is over.
   */
  probeFinished(): boolean {
    const remaining = this.requiredTrialSuccesses - (this.state.firstTrialSucceeded ? 1 : 0);
    this.state = { consecutiveFailures: 0, trialSuccessesRemaining: remaining, firstTrialSucceeded: false };
    return remaining === 0;
  }
}
