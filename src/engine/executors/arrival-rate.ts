/**
 * constant-arrival-rate and ramping-arrival-rate: iterations start on a schedule
 * whatever the response times; each start takes an idle VU, grows the pool up to
 * maxVUs, or is dropped (dropped_iterations) when none is free. k6 warns once per
 * scenario when a start is dropped and no more VUs may be initialized.
 */
import type { ScenarioRun } from './scenario-run.js';
import type { VuRef } from './vu-ref.js';
import { regularDurationMs } from '../options/scenarios.js';
import { constantArrivalSchedule, rampingArrivalSchedule, type ArrivalSchedule } from './arrival-schedule.js';

/** Longest timer sleep between scheduling checks. */
const MAX_TICK_MS = 20;

export async function runConstantArrivalRate(run: ScenarioRun): Promise<void> {
  const c = run.config;
  run.ratePerSec = (c.rate * 1000) / c.timeUnitMs;
  await runArrivals(run, constantArrivalSchedule(c.rate, c.timeUnitMs, c.durationMs), c.durationMs);
}

export async function runRampingArrivalRate(run: ScenarioRun): Promise<void> {
  const c = run.config;
  await runArrivals(run, rampingArrivalSchedule(c.startRate, c.timeUnitMs, c.stages), regularDurationMs(c));
}

async function runArrivals(run: ScenarioRun, schedule: ArrivalSchedule, total: number): Promise<void> {
  // Segmented (k6's striping): the whole-test schedule, of which this instance starts only its stripes.
  const stripes = run.config.segment?.iterations;
  const ownDue = (wholeTestDue: number) => (stripes ? stripes.scale(wholeTestDue) : wholeTestDue);
  const nextWholeTestArrival = (ownStarted: number) => (stripes ? stripes.globalIndex(ownStarted) : ownStarted);
  const pool = run.vus;
  let started = 0;
  let growing = 0;
  let warnedOutOfVus = false;
  /** Starts initializing one more VU; false when maxVUs are all there or on their way. */
  const grow = (): boolean => {
    if (pool.length + growing >= run.config.maxVUs) return false;
    growing++;
    void run.hooks
      .newVu()
      .then((vu) => vu && pool.push(vu))
      .finally(() => growing--);
    return true;
  };
  let readMessagesFirst = false;
  const lastDue = ownDue(schedule.dueBy(total));
  for (;;) {
    const t = run.elapsedMs();
    if (run.isAborted) break;
    const wholeTestDue = schedule.dueBy(Math.min(t, total));
    const due = ownDue(wholeTestDue);
    // The rate now, as k6's progress bar shows it: from the gap between the last two starts.
    if (run.config.executor === 'ramping-arrival-rate' && wholeTestDue >= 2) run.ratePerSec = 1000 / (schedule.startMs(wholeTestDue - 1) - schedule.startMs(wholeTestDue - 2));
    let dropped = 0;
    while (started < due) {
      const vu = idle(pool);
      if (!vu && !readMessagesFirst) break;
      started++;
      if (vu) void run.start(vu, 'once');
      else {
        dropped++;
        // As k6: a drop with no VU left to initialize is told once per scenario.
        if (!grow() && !warnedOutOfVus) {
          warnedOutOfVus = true;
          run.hooks.outOfVus(run.config.maxVUs);
        }
      }
    }
    if (started < due && !readMessagesFirst) {
      // After this thread was busy, timers run before the messages of VUs that finished
      // meanwhile are read, so those VUs still look busy: read them, then drop only if
      // still none is free (k6 drops when no VU is, not when our bookkeeping lags).
      readMessagesFirst = true;
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    readMessagesFirst = false;
    if (dropped) run.hooks.dropped(dropped);
    if (t >= total) break;
    // As k6's: a ramping-arrival-rate is over once its last iteration has started, even before
    // its duration (its schedule has run out); a constant one runs to the end of its duration.
    if (run.config.executor === 'ramping-arrival-rate' && started >= lastDue) break;
    const next = Math.min(schedule.startMs(nextWholeTestArrival(started)), total) - t;
    await run.wait(Math.max(1, Math.min(MAX_TICK_MS, next)));
  }
  await run.stopAll(run.config.gracefulStopMs);
}

function idle(pool: VuRef[]): VuRef | undefined {
  for (const vu of pool) if (!vu.busy) return vu;
  return undefined;
}
