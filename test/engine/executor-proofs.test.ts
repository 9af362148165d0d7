/**
 * The executor proofs of issue 3, all by counting what the engine started and finished
 * (never by how fast it went): arrival rates held within 2 %, exact iteration counts,
 * ramping-vus stage targets reached, graceful stops interrupting and counting iterations.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { runScript, type EngineProgress, type EngineRunResult } from '../../src/engine/index.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';

const SCRIPTS = new URL('./scripts/', import.meta.url).pathname;

/** `metric: expression` of every crossed threshold, so a failure shows which. */
function crossed(r: EngineRunResult): string[] {
  return Object.entries(r.summary.metrics).flatMap(([name, m]) => Object.entries(m.thresholds ?? {}).filter(([, t]) => !t.ok).map(([expr]) => `${name}: ${expr}`));
}

describe('executor proofs', () => {
  let server: TargetServer;
  beforeAll(async () => {
    server = await startTargetServer();
  });
  afterAll(() => server.close());

  it('arrival-rate executors start rate × duration iterations (constant) and the integral of the stages (ramping), within 2 %', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}proof-arrival-rates.js`, env: { BASE_URL: server.url }, console: captureConsole().console });
    expect(r.errors).toEqual([]);
    expect(crossed(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    const count = (name: string) => r.summary.metrics[name]?.values.count ?? 0;
    // 200/s × 10 s.
    expect(Math.abs(count('iterations{scenario:constant}') - 2000)).toBeLessThanOrEqual(40);
    // 50→150/s over 5 s (500) + 150/s for 5 s (750).
    expect(Math.abs(count('iterations{scenario:ramping}') - 1250)).toBeLessThanOrEqual(25);
    // Enough VUs: nothing dropped (the thresholds make the sub-metrics exist even without samples).
    expect(r.summary.metrics['dropped_iterations{scenario:constant}']?.thresholds).toEqual({ 'count==0': { ok: true } });
    expect(count('dropped_iterations')).toBe(0);
    expect(count('http_reqs')).toBe(count('iterations{scenario:constant}'));
    // The rate is held through the run, not bunched: every whole second inside the 10 s carries
    // about 200 requests (loosely bounded: a busy machine can shift arrivals across a second's edge).
    const inner = r.timeSeries.filter((p) => p.t >= 2 && p.t <= 10 && Number.isInteger(p.t));
    expect(inner.length).toBeGreaterThanOrEqual(8);
    for (const p of inner) {
      expect(p.requests).toBeGreaterThanOrEqual(150);
      expect(p.requests).toBeLessThanOrEqual(250);
    }
  }, 30_000);

  it('shared-iterations and per-vu-iterations run exactly their iterations', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}proof-exact-counts.js`, console: captureConsole().console });
    expect(r.errors).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.summary.metrics['iterations{scenario:shared}']?.values.count).toBe(100);
    expect(r.summary.metrics['iterations{scenario:pervu}']?.values.count).toBe(35);
    expect(r.summary.metrics.iterations?.values.count).toBe(135);
    expect(r.summary.metrics.dropped_iterations).toBeUndefined();
    expect(r.interruptedIterations).toBe(0);
  });

  it('iterations maxDuration left unstarted are dropped_iterations, as in k6: started + dropped = the total', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}proof-max-duration.js`, console: captureConsole().console });
    expect(r.errors).toEqual([]);
    const count = (name: string) => r.summary.metrics[name]?.values.count ?? 0;
    // 2 VUs × 0.1 s iterations for 1 s: about 20 per scenario, far from the 100 each asks for.
    for (const sc of ['shared', 'pervu']) {
      expect(count(`dropped_iterations{scenario:${sc}}`)).toBeGreaterThan(50);
      expect(count(`iterations{scenario:${sc}}`)).toBeGreaterThan(0);
    }
    // gracefulStop 0s interrupts the iterations running at maxDuration: each is neither complete nor dropped.
    expect(count('iterations') + r.interruptedIterations + count('dropped_iterations')).toBe(200);
  });

  it('scenarios one after the other reuse VUs: vus_max is the most needed at once, as k6 plans it', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}proof-vu-reuse.js`, console: captureConsole().console });
    expect(r.errors).toEqual([]);
    expect(crossed(r)).toEqual([]);
    // first: 3 VUs (window 0–1 s); second (2) and third (1) overlap each other, not first.
    expect(r.summary.metrics.vus_max?.values.value).toBe(3);
    // Every VU id the later scenarios used is one of the three made for "first": 4 + 1 iterations.
    const ids = r.summary.metrics.second_vu_ids?.values.count ?? 0;
    expect(ids).toBeGreaterThanOrEqual(5);
    expect(ids).toBeLessThanOrEqual(5 * 3);
  });

  it('ramping-vus reaches each stage target: 4 VUs held, then 8 held, then none', async () => {
    let last: EngineProgress | undefined;
    const r = await runScript({ scriptPath: `${SCRIPTS}proof-ramping-vus.js`, console: captureConsole().console, onProgress: (p) => (last = p) });
    expect(r.errors).toEqual([]);
    // k6's once-a-second vus samples catch the 2 s hold at 8.
    expect(r.summary.metrics.vus_max?.values.value).toBe(8);
    expect(r.summary.metrics.vus?.values.max).toBe(8);
    expect(last).toMatchObject({ vus: 0, vusMax: 8 });
    // Per-second VU peaks: the 2 s holds each contain a whole second at exactly their target.
    const vus = r.timeSeries.map((p) => p.vus);
    const firstAt4 = vus.indexOf(4);
    const firstAt8 = vus.indexOf(8);
    expect(firstAt4).toBeGreaterThanOrEqual(0);
    expect(firstAt8).toBeGreaterThan(firstAt4);
    expect(Math.max(...vus)).toBe(8);
    // Rising to the peak and falling after it, never above the stages.
    expect(vus.slice(0, firstAt8 + 1)).toEqual([...vus.slice(0, firstAt8 + 1)].sort((a, b) => a - b));
  }, 20_000);

  it('graceful stop and graceful ramp-down interrupt what is still running and count it', async () => {
    const progress: EngineProgress[] = [];
    const r = await runScript({ scriptPath: `${SCRIPTS}proof-graceful.js`, console: captureConsole().console, onProgress: (p) => progress.push(p) });
    expect(r.errors).toEqual([]);
    // finishes: each of 2 VUs runs one 1.5 s iteration past its 1 s duration and completes it in gracefulStop.
    expect(r.summary.metrics['iterations{scenario:finishes}']?.values.count).toBe(2);
    // stuck (3 VUs, gracefulStop) and rampdown (2 VUs, gracefulRampDown) complete nothing; as in k6,
    // interrupted iterations emit no `iterations` sample and are counted apart.
    expect(r.noDataThresholds.sort()).toEqual(['iterations{scenario:rampdown}: count==0', 'iterations{scenario:stuck}: count==0']);
    expect(r.summary.metrics.iterations?.values.count).toBe(2);
    expect(r.interruptedIterations).toBe(5);
    // The last progress report (k6's final "running" line) has the final counts.
    expect(progress.at(-1)).toMatchObject({ iterations: 2, interruptedIterations: 5, vus: 0 });
  }, 20_000);
});
