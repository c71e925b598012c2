import { describe, expect, it } from 'vitest';
import { createRetentionSchedule } from '../../src/retention/create-retention-schedule.js';
import type { RetentionReport } from '../../src/retention/retention-report.js';

const EMPTY: RetentionReport = { removed: [], total: 0, interrupted: false };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('retention schedule', () => {
  it('runs on its interval, one pass at a time, and stop() aborts the running pass and ends the timer', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    let abortedSeen = false;
    const schedule = createRetentionSchedule({
      intervalMs: 10,
      firstRunDelayMs: 0,
      async run(signal) {
        runs++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(15);
        abortedSeen ||= signal.aborted;
        concurrent--;
        return EMPTY;
      },
      onError: (error) => {
        throw error;
      },
    });
    await sleep(120);
    expect(runs).toBeGreaterThanOrEqual(3);
    const joined = [schedule.runNow(), schedule.runNow()];
    await schedule.stop();
    await Promise.all(joined);
    expect(abortedSeen).toBe(true);
    expect(maxConcurrent).toBe(1);
    const after = runs;
    await sleep(60);
    expect(runs).toBe(after);
  });

  it('reports a failed pass and keeps its schedule', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const schedule = createRetentionSchedule({
      intervalMs: 5,
      firstRunDelayMs: 0,
      async run() {
        runs++;
        if (runs === 1) throw new Error('database away');
        return EMPTY;
      },
      onError: (error) => errors.push(error),
    });
    await sleep(60);
    await schedule.stop();
    expect(errors).toHaveLength(1);
    expect(runs).toBeGreaterThan(1);
  });
});
