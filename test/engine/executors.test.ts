import { describe, it, expect } from 'vitest';
import { runScript, type EngineProgress } from '../../src/engine/index.js';
import { rampingTarget } from '../../src/engine/executors/ramping-vus.js';
import { constantArrivalSchedule, rampingArrivalSchedule } from '../../src/engine/executors/arrival-schedule.js';
import { captureConsole } from './helpers/target-server.js';
import type { K6LogEntry } from '../../src/engine/output/k6-log.js';

const SCRIPTS = new URL('./scripts/', import.meta.url).pathname;

describe('executors', () => {
  it.each(['auto', 'per-vu'] as const)('interrupts iterations still running after gracefulStop and ramps VUs up and down (vuThreads %s)', async (vuThreads) => {
    const t0 = Date.now();
    const progress: EngineProgress[] = [];
    const r = await runScript({ scriptPath: `${SCRIPTS}graceful.js`, console: captureConsole().console, vuThreads, onProgress: (p) => progress.push(p) });
    expect(r.errors).toEqual([]);
    // stuck: both VUs sleep 5 s; they are interrupted at 300 ms + 100 ms, so no iteration completes.
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(r.noDataThresholds).toEqual(['iterations{scenario:stuck}: count==0']);
    expect(r.summary.metrics.iterations?.values.count).toBeGreaterThan(0); // from ramp only
    // Under a second: k6 would sample vus/vus_max not once; the charts' 250 ms samples and the progress show the ramp.
    expect(r.summary.metrics.vus).toBeUndefined();
    expect(Math.max(...r.timeSeries.map((p) => p.vus))).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatchObject({ vusMax: 5, vus: 0 });
  });

  it('a setup() exception is exit 107 and skips the scenarios', async () => {
    const out = captureConsole();
    const r = await runScript({ scriptPath: `${SCRIPTS}setup-error.js`, console: out.console });
    expect(r.exitCode).toBe(107);
    expect(r.errors[0]).toMatch(/^setup\(\) failed: Error: database not seeded at .*setup-error\.js:1:\d+$/);
    expect(r.summary.metrics.iterations).toBeUndefined();
  });

  it('setupTimeout bounds setup(): exit 100 (as k6) naming the option, data_sent/data_received 0 as in k6', async () => {
    const t0 = Date.now();
    const r = await runScript({ scriptPath: `${SCRIPTS}setup-timeout.js`, console: captureConsole().console });
    expect(r.exitCode).toBe(100);
    expect(r.errors[0]).toContain('setup() execution timed out after 0.3 seconds (options.setupTimeout)');
    // The setup VU is still sleeping, so handleSummary cannot run (rather than hang).
    expect(r.handleSummaryOutput).toBeUndefined();
    expect(r.errors).toContain('handleSummary() skipped: setup() or teardown() is still running');
    // As k6: the timed-out setup() still counts its (zero) network bytes.
    expect(r.summary.metrics.data_sent?.values).toMatchObject({ count: 0 });
    expect(r.summary.metrics.data_received?.values).toMatchObject({ count: 0 });
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it("an arrival rate out of VUs logs k6's Insufficient VUs warning once per starved scenario, with its executor and name", async () => {
    const entries: K6LogEntry[] = [];
    const r = await runScript({ scriptPath: `${SCRIPTS}insufficient-vus.js`, console: { ...captureConsole().console, entry: (e) => entries.push(e) } });
    expect(r.exitCode).toBe(0);
    const warnings = entries.filter((e) => e.msg.startsWith('Insufficient VUs'));
    expect(warnings.sort((a, b) => (a.fields?.scenario ?? '').localeCompare(b.fields?.scenario ?? ''))).toEqual([
      { level: 'warning', msg: 'Insufficient VUs, reached 2 active VUs and cannot initialize more', fields: { executor: 'constant-arrival-rate', scenario: 'grows' } },
      { level: 'warning', msg: 'Insufficient VUs, reached 1 active VUs and cannot initialize more', fields: { executor: 'ramping-arrival-rate', scenario: 'ramps' } },
    ]);
    expect(r.summary.metrics.dropped_iterations?.values.count).toBeGreaterThan(0);
  });

  it('iteration_duration: k6 v0.49 (--compat v0.49) adds a sample for setup() and teardown(), failed or not; current k6 does not', async () => {
    const run = (compat: 'v2' | 'v0.49', env: Record<string, string> = {}) => runScript({ scriptPath: `${SCRIPTS}lifecycle-durations.js`, env, compat, summaryTrendStats: ['count', 'avg'], console: captureConsole().console });
    expect((await run('v2')).summary.metrics.iteration_duration?.values.count).toBe(1);
    expect((await run('v0.49')).summary.metrics.iteration_duration?.values.count).toBe(3);
    const failed = await run('v0.49', { FAIL_SETUP: '1' });
    expect(failed.exitCode).toBe(107);
    expect(failed.summary.metrics.iteration_duration?.values.count).toBe(1);
    expect((await run('v2', { FAIL_SETUP: '1' })).summary.metrics.iteration_duration).toBeUndefined();
  });

  it('rampingTarget interpolates linearly between stages', () => {
    const stages = [{ durationMs: 1000, target: 10 }, { durationMs: 1000, target: 10 }, { durationMs: 500, target: 0 }];
    expect([0, 500, 1000, 1500, 2250, 2500, 9999].map((t) => rampingTarget(0, stages, t))).toEqual([0, 5, 10, 10, 5, 0, 0]);
  });

  it('arrival-rate iterations start when k6 starts them, to the nanosecond', () => {
    // Constant: one at 0, then every timeUnit/rate truncated to ns; 60 × 33 333 333 ns is 1.99999998 s, inside 2 s.
    const c30 = constantArrivalSchedule(30, 1000, 2000);
    expect([0, 33.3, 33.334, 1999.99997, 1999.99998, 2000].map((t) => c30.dueBy(t))).toEqual([1, 1, 2, 60, 61, 61]);
    expect(c30.startMs(60)).toBeCloseTo(1999.99998, 9);
    expect(c30.startMs(61)).toBe(Infinity);
    // An iteration exactly on the end is started (k6's usual count: 21 for 10/s over 2 s).
    expect(constantArrivalSchedule(10, 1000, 2000).dueBy(2000)).toBe(21);
    // Ramping 0 → 30/s over 1 s: iteration i where 15 t² = i; k6's float64 area of the stage is 14.999999999999998, so no 15th.
    const r30 = rampingArrivalSchedule(0, 1000, [{ durationMs: 1000, target: 30 }]);
    expect(r30.dueBy(1000)).toBe(14);
    expect(r30.startMs(13)).toBeCloseTo(Math.sqrt(14 / 15) * 1000, 5);
    expect(r30.startMs(14)).toBe(Infinity);
    // 0 → 20/s: the area is exactly 10, and the 10th, exactly on the end, is started.
    expect(rampingArrivalSchedule(0, 1000, [{ durationMs: 1000, target: 20 }]).dueBy(1000)).toBe(10);
    // A flat stage, then a ramp down: 7 in the first second, 3.5 more in the next (10 in all).
    const r7 = rampingArrivalSchedule(7, 1000, [{ durationMs: 1000, target: 7 }, { durationMs: 1000, target: 0 }]);
    expect([999, 1000, 2000].map((t) => r7.dueBy(t))).toEqual([6, 7, 10]);
  });
});
