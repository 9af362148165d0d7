/**
 * The numbers a k6 user reads in the summary, handleSummary data and threshold verdicts:
 * percentiles, the time base of Counter rates, vus/vus_max, data_sent/data_received,
 * dropped_iterations, thresholds on metrics without samples. Each script runs on the
 * embedded engine; where a real k6 is found (K6_PATH, else PATH, as the runner finds it)
 * the same script runs on k6 too and the two are compared. Without k6 those comparisons
 * skip with a notice, and fail where `.ci/run` put k6 on PATH (CI and LOADGATE_EXPECT_K6=1).
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { statPercentile } from '../../src/core/threshold-expression.js';
import { k6Percentile, percentileFraction } from '../../src/engine/metrics/k6-percentile.js';
import { fallbackErrorBound } from '../../src/engine/metrics/trend-samples.js';
import { captureConsole } from './helpers/target-server.js';
import type { K6Compat } from '../../src/engine/k6-compat.js';
import { currentK6 } from '../helpers/real-k6.js';

const SCRIPTS = new URL('./scripts/', import.meta.url).pathname;
const k6 = currentK6(import.meta.url, 'the comparisons with real k6');
/** k6 v0.x differs from the current generation in places: the engine follows the one found (--compat). */
const k6IsV0 = k6?.version.startsWith('0.') ?? false;
const compat = k6?.compat;

interface SummaryMetric {
  type: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
interface ScriptOutput {
  metrics: Record<string, SummaryMetric>;
  [key: string]: unknown;
}

/** Runs a script on the engine; returns what its handleSummary printed, with the exit code. */
async function onEngine(script: string, env: Record<string, string> = {}, exactTrendSamples?: number, compat?: K6Compat): Promise<ScriptOutput & { exitCode: number }> {
  const r = await runScript({ scriptPath: `${SCRIPTS}${script}`, env, console: captureConsole().console, exactTrendSamples, compat });
  const stdout = r.handleSummaryOutput?.stdout;
  if (stdout === undefined) throw new Error(`${script}: no handleSummary output (exit ${r.exitCode}): ${r.errors.join('; ')}`);
  return { ...(JSON.parse(stdout) as ScriptOutput), exitCode: r.exitCode };
}

/** Runs a script on real k6 the same way; handleSummary's stdout is the only thing on stdout. */
function onK6(script: string, env: Record<string, string> = {}): Promise<ScriptOutput & { exitCode: number }> {
  const args = ['run', '--quiet', '--no-color', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), `${SCRIPTS}${script}`];
  return new Promise((resolve, reject) => {
    execFile(k6?.path as string, args, { env: { ...process.env, K6_NO_USAGE_REPORT: 'true' }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const exitCode = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      try {
        resolve({ ...(JSON.parse(stdout) as ScriptOutput), exitCode });
      } catch {
        reject(new Error(`k6 ${args.join(' ')} exited ${exitCode} without JSON on stdout: ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

function verdicts(m: SummaryMetric | undefined): Record<string, boolean> {
  return Object.fromEntries(Object.entries(m?.thresholds ?? {}).map(([k, v]) => [k, v.ok]));
}

/** The values of test/engine/scripts/k6-percentiles.js MODE=lcg, computed here the same way. */
function lcgValues(n: number): number[] {
  const out: number[] = [];
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    out.push((x / 2147483647) * 1000 - 300);
  }
  return out;
}

const LCG_STATS = ['med', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'p(12.345)'];

describe('percentiles: k6-percentiles.js', () => {
  it('0..5: med 2.5, p(90) 4.5, p(95) 4.75, and thresholds written on those numbers pass', async () => {
    const r = await onEngine('k6-percentiles.js', { MODE: 'small' });
    expect(r.metrics.values?.values).toEqual({ avg: 2.5, min: 0, med: 2.5, max: 5, 'p(90)': 4.5, 'p(95)': 4.75, 'p(99)': 4.95, 'p(99.9)': 4.995000000000001, 'p(12.345)': 0.6172500000000001, count: 6 });
    expect(verdicts(r.metrics.values)).toEqual({ 'med==2.5': true, 'p(90)==4.5': true, 'p(95)==4.75': true, 'avg==2.5': true, 'min==0': true, 'max==5': true, 'p(95)<4.75': false, 'med!=2': true });
    expect(r.exitCode).toBe(99);
  });

  it("100 001 samples: every stat is k6's to the bit", async () => {
    const values = lcgValues(100_001);
    const sorted = Float64Array.from(values).sort();
    const r = await onEngine('k6-percentiles.js', { MODE: 'lcg', N: '100001' });
    for (const stat of LCG_STATS) {
      expect(r.metrics.values?.values[stat], stat).toBe(k6Percentile(sorted, sorted.length, percentileFraction(statPercentile(stat) as number)));
    }
    expect(r.metrics.values?.values.count).toBe(100_001);
  }, 30_000);

  it('past a 1000-sample cap: every stat within the documented bound of the exact one', async () => {
    const values = lcgValues(20_000);
    const sorted = Float64Array.from(values).sort();
    const r = await onEngine('k6-percentiles.js', { MODE: 'lcg', N: '20000' }, 1000);
    for (const stat of LCG_STATS) {
      const fraction = percentileFraction(statPercentile(stat) as number);
      const rank = fraction * (sorted.length - 1);
      const exact = k6Percentile(sorted, sorted.length, fraction);
      const bound = fallbackErrorBound(sorted[Math.floor(rank)] as number, sorted[Math.ceil(rank)] as number);
      expect(Math.abs((r.metrics.values?.values[stat] as number) - exact), stat).toBeLessThanOrEqual(bound);
    }
    expect(r.metrics.values?.values.min).toBe(sorted[0]);
    expect(r.metrics.values?.values.max).toBe(sorted[sorted.length - 1]);
  }, 30_000);
});

describe('the time base of rates: k6-time-base.js', () => {
  it('runs from setup() to the end of teardown(): setup counted, VU initialization (done before setup) not', async () => {
    const r = await onEngine('k6-time-base.js', { SETUP_S: '0.3', INIT_MS: '250' });
    const durationMs = r.durationMs as number;
    const things = r.metrics.things?.values as Record<string, number>;
    expect(things.count).toBe(6);
    expect(things.rate).toBe(6 / (durationMs / 1000));
    expect(durationMs).toBeGreaterThanOrEqual(300);
    // As in k6, every VU ended its init before setup() began...
    expect(r.metrics.init_end_ms?.values.max).toBeLessThanOrEqual(r.setupStart as number);
    // ...and the clock started after that: the run lasted no longer than from the last VU's
    // init end to handleSummary (2 ms for Date.now's whole milliseconds).
    expect(durationMs).toBeLessThanOrEqual((r.summaryAt as number) - (r.metrics.init_end_ms?.values.max as number) + 2);
  }, 30_000);
});

describe('metrics k6 always or never reports', () => {
  let emptyRun: Promise<ScriptOutput & { exitCode: number }> | undefined;
  const emptyThresholds = () => (emptyRun ??= onEngine('k6-empty-thresholds.js'));

  it('data_sent and data_received at 0 without any request; no dropped_iterations', async () => {
    const r = await emptyThresholds();
    expect(r.metrics.data_sent?.values).toEqual({ count: 0, rate: 0 });
    expect(r.metrics.data_received?.values).toEqual({ count: 0, rate: 0 });
    expect(r.metrics.dropped_iterations).toBeUndefined();
  });

  it('thresholds on metrics without samples are judged as k6 judges them (a Rate passes)', async () => {
    const r = await emptyThresholds();
    // What k6 v0.49.0 and v2.2.0 reported for this script.
    expect(verdicts(r.metrics.t_empty)).toEqual({ 'p(95)>10': false, 'p(95)<10': true, 'avg<1': true, 'min>=0': true, 'max>-1': true });
    expect(verdicts(r.metrics.r_empty)).toEqual({ 'rate>0.5': true, 'rate<0.5': true, 'rate!=0.5': true });
    expect(verdicts(r.metrics.c_empty)).toEqual({ 'count>0': false, 'count<1': true, 'rate<1': true, 'rate>=0': true });
    expect(verdicts(r.metrics.g_empty)).toEqual({ 'value>0': false, 'value<1': true });
    expect(verdicts(r.metrics['iterations{foo:bar}'])).toEqual({ 'count>0': false });
    expect(r.metrics.g_seen?.values).toEqual({ value: -7, min: -7, max: -5 });
    expect(r.exitCode).toBe(99);
  });

  it('`vus` alone: that many iterations shared among that many VUs; vus and vus_max sampled once a second', async () => {
    const r = await onEngine('k6-vus-metrics.js', { MODE: 'vus-only' });
    expect(r.metrics.iterations?.values.count).toBe(3);
    expect(r.metrics.vus_max?.values).toEqual({ value: 3, min: 3, max: 3 });
    // No closing 0: k6's last sample was taken while the VUs ran.
    expect(r.metrics.vus?.values).toEqual({ value: 3, min: 3, max: 3 });
  }, 30_000);

  it('a run shorter than a second has no vus/vus_max, and test.abort() leaves no dropped_iterations', async () => {
    const r = await onEngine('k6-vus-metrics.js', { MODE: 'abort' });
    expect(Object.keys(r.metrics).sort()).toEqual(['data_received', 'data_sent', 'iteration_duration', 'iterations']);
  });
});

describe.runIf(k6 !== null)(`the same scripts on real k6 (${k6?.versionLine ?? 'none'})`, () => {
  it('percentiles and their threshold verdicts are identical', async () => {
    for (const env of [{ MODE: 'small' }, { MODE: 'lcg', N: '100001' }]) {
      const [ours, theirs] = await Promise.all([onEngine('k6-percentiles.js', env), onK6('k6-percentiles.js', env)]);
      expect(ours.metrics.values?.values, JSON.stringify(env)).toEqual(theirs.metrics.values?.values);
      expect(verdicts(ours.metrics.values)).toEqual(verdicts(theirs.metrics.values));
      expect(ours.exitCode).toBe(theirs.exitCode);
    }
  }, 60_000);

  it("past the cap, the engine's percentiles stay within the bound of k6's exact ones", async () => {
    const env = { MODE: 'lcg', N: '20000' };
    const [ours, theirs] = await Promise.all([onEngine('k6-percentiles.js', env, 1000), onK6('k6-percentiles.js', env)]);
    const sorted = Float64Array.from(lcgValues(20_000)).sort();
    for (const stat of LCG_STATS) {
      const rank = percentileFraction(statPercentile(stat) as number) * (sorted.length - 1);
      const bound = fallbackErrorBound(sorted[Math.floor(rank)] as number, sorted[Math.ceil(rank)] as number);
      expect(Math.abs((ours.metrics.values?.values[stat] as number) - (theirs.metrics.values?.values[stat] as number)), stat).toBeLessThanOrEqual(bound);
    }
  }, 60_000);

  it('k6 keeps the same time base: rate = count / test run duration, setup counted, VU init not', async () => {
    const r = await onK6('k6-time-base.js', { SETUP_S: '0.3' });
    const durationMs = r.durationMs as number;
    expect(r.metrics.things?.values.rate).toBeCloseTo(6 / (durationMs / 1000), 9);
    expect(durationMs).toBeGreaterThanOrEqual(300);
    expect(r.metrics.init_end_ms?.values.max).toBeLessThanOrEqual(r.setupStart as number);
    expect(durationMs).toBeLessThanOrEqual((r.summaryAt as number) - (r.metrics.init_end_ms?.values.max as number) + 2);
  }, 60_000);

  it('the same metrics, empty-metric threshold verdicts and exit code', async () => {
    const [ours, theirs] = await Promise.all([onEngine('k6-empty-thresholds.js'), onK6('k6-empty-thresholds.js')]);
    expect(Object.keys(ours.metrics).sort()).toEqual(Object.keys(theirs.metrics).sort());
    for (const name of Object.keys(theirs.metrics)) expect(verdicts(ours.metrics[name]), name).toEqual(verdicts(theirs.metrics[name]));
    expect(ours.exitCode).toBe(theirs.exitCode);
    // k6 v0.49's Gauge started its max at 0 (a max of 0 for negative values); v1+ does not.
    expect(theirs.metrics.g_seen?.values).toEqual(k6IsV0 ? { value: -7, min: -7, max: 0 } : ours.metrics.g_seen?.values);
  }, 60_000);

  it('vus, vus_max, iterations for `vus` alone (the engine in the found k6 generation), and the metric set after test.abort()', async () => {
    const [ours, theirs] = await Promise.all([onEngine('k6-vus-metrics.js', { MODE: 'vus-only' }, undefined, compat), onK6('k6-vus-metrics.js', { MODE: 'vus-only' })]);
    expect(Object.keys(ours.metrics).sort()).toEqual(Object.keys(theirs.metrics).sort());
    // k6 v0.49 ignored `vus` alone (1 VU, 1 iteration, with a warning); v1+ shares that many iterations among that many VUs.
    expect(theirs.metrics.iterations?.values.count).toBe(k6IsV0 ? 1 : 3);
    expect(ours.metrics.vus_max?.values).toEqual(theirs.metrics.vus_max?.values);
    expect(ours.metrics.vus?.values).toEqual(theirs.metrics.vus?.values);
    expect(ours.metrics.iterations?.values.count).toBe(theirs.metrics.iterations?.values.count);
    const [oursAbort, theirsAbort] = await Promise.all([onEngine('k6-vus-metrics.js', { MODE: 'abort' }), onK6('k6-vus-metrics.js', { MODE: 'abort' })]);
    expect(Object.keys(oursAbort.metrics).sort()).toEqual(Object.keys(theirsAbort.metrics).sort());
  }, 60_000);
});
