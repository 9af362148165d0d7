/**
 * constant-arrival-rate and ramping-arrival-rate: iterations start on a schedule
 * whatever the response times; each start takes an idle VU, grows the pool up to
 * maxVUs, or is dropped (dropped_iterations) when none is free. k6 warns once per
 * scenario when a start is dropped and no more VUs may be initialized.
 */
import type { ScenarioRun } from './scenario-run.js';
import type { VuRef } from '../controller/vu-worker.js';
import type { Stage } from '../options/scenarios.js';

/** Longest timer sleep between scheduling checks. */
const MAX_TICK_MS = 20;

/** Iterations due by `t` ms: integral of the rate (per ms) over [0, t]. */
export function arrivalsDue(startRatePerMs: number, stages: ReadonlyArray<{ durationMs: number; ratePerMs: number }>, t: number): number {
  let due = 0;
  let from = startRatePerMs;
  let at = 0;
  for (const s of stages) {
    const span = Math.min(s.durationMs, Math.max(0, t - at));
    if (span > 0) due += from * span + ((s.ratePerMs - from) * span * span) / (2 * s.durationMs || 1);
    if (t <= at + s.durationMs) return due;
    at += s.durationMs;
    from = s.ratePerMs;
  }
  return due;
}

export async function runConstantArrivalRate(run: ScenarioRun): Promise<void> {
  const c = run.config;
  const perMs = c.rate / c.timeUnitMs;
  await runArrivals(run, perMs, [{ durationMs: c.durationMs, ratePerMs: perMs }]);
}

export async function runRampingArrivalRate(run: ScenarioRun): Promise<void> {
  const c = run.config;
  const stages = c.stages.map((s: Stage) => ({ durationMs: s.durationMs, ratePerMs: s.target / c.timeUnitMs }));
  await runArrivals(run, c.startRate / c.timeUnitMs, stages);
}

async function runArrivals(run: ScenarioRun, startPerMs: number, stages: Array<{ durationMs: number; ratePerMs: number }>): Promise<void> {
  const total = stages.reduce((a, s) => a + s.durationMs, 0);
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
  for (;;) {
    const t = run.elapsedMs();
    if (run.isAborted) break;
    const due = ownDue(Math.floor(arrivalsDue(startPerMs, stages, Math.min(t, total)) + 1e-9));
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
    const next = nextArrivalIn(startPerMs, stages, t, nextWholeTestArrival(started), total);
    await run.wait(Math.max(1, Math.min(MAX_TICK_MS, next)));
  }
  await run.stopAll(run.config.gracefulStopMs);
}

function idle(pool: VuRef[]): VuRef | undefined {
  for (const vu of pool) if (!vu.busy) return vu;
  return undefined;
}

/** Rough ms until whole-test arrival `arrival` (0-based) is due (the loop re-checks precisely). */
function nextArrivalIn(startPerMs: number, stages: Array<{ durationMs: number; ratePerMs: number }>, t: number, arrival: number, total: number): number {
  const rate = Math.max(startPerMs, ...stages.map((s) => s.ratePerMs));
  if (rate <= 0) return Math.min(MAX_TICK_MS, total - t);
  const behind = arrival - arrivalsDue(startPerMs, stages, t);
  return Math.max(0, (behind + 1) / rate) || 1;
}
