import type { RetentionReport } from './retention-report.js';

/** Options of {@link createRetentionSchedule}. */
export interface RetentionScheduleOptions {
  /** Time between the end of one run and the start of the next. */
  readonly intervalMs: number;
  /** Time before the first run (default: `intervalMs`), so a start is never slowed by pruning. */
  readonly firstRunDelayMs?: number;
  /** One pass; stops at its next batch when `signal` aborts. */
  run(signal: AbortSignal): Promise<RetentionReport>;
  /** Called with each finished run's report. */
  onReport?(report: RetentionReport): void;
  /** Called when a run fails; the schedule keeps going. */
  onError(error: unknown): void;
}

/** A running retention schedule. */
export interface RetentionSchedule {
  /** Runs a pass now (or joins the one running) and resolves with its report. */
  runNow(): Promise<RetentionReport>;
  /** Cancels the timer, aborts a running pass at its next batch and waits for it. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs `run` off the request path: on an unref'd timer (it never keeps the process alive), one pass
 * at a time, rescheduled after each pass ends so slow passes never pile up.
 */
export function createRetentionSchedule(options: RetentionScheduleOptions): RetentionSchedule {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<RetentionReport> | undefined;

  const schedule = (delayMs: number) => {
    if (controller.signal.aborted) return;
    timer = setTimeout(() => {
      timer = undefined;
      runNow().then(
        () => schedule(options.intervalMs),
        () => schedule(options.intervalMs), // reported through onError already
      );
    }, delayMs);
    timer.unref();
  };

  const runNow = (): Promise<RetentionReport> => {
    running ??= options
      .run(controller.signal)
      .then(
        (report) => {
          options.onReport?.(report);
          return report;
        },
        (error: unknown) => {
          options.onError(error);
          throw error;
        },
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  schedule(options.firstRunDelayMs ?? options.intervalMs);
  return {
    runNow,
    async stop() {
      controller.abort();
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined); // its error went to onError
    },
  };
}
