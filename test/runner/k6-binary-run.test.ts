/**
 * runWithK6 against a stand-in `k6` (test/runner/k6-standin.ts) that replays real
 * k6 v0.49.0 outputs: the argv k6 gets, the summary and histograms read back, exit
 * codes, errors, progress and abort.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeasurementError } from '../../src/core/errors.js';
import type { EngineProgress } from '../../src/engine/index.js';
import { DENSE_TREND_STATS, runWithK6, SUMMARY_PATH_ENV, type K6RunOptions } from '../../src/runner/k6-binary/index.js';
import { installK6StandIn, K6_FIXTURES, standInEnv } from './k6-standin.js';

let dir: string;
let k6Path: string;
let bundlePath: string;
const fixtureSummary = JSON.parse(readFileSync(join(K6_FIXTURES, 'handle-summary-data.json'), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-run-'));
  k6Path = await installK6StandIn(join(dir, 'bin'));
  // The real k6 script of the fixtures run: exports options, setup, teardown, default, arrivals, handleSummary.
  await writeFile(join(dir, 'script.js'), readFileSync(join(K6_FIXTURES, 'script.js')));
  bundlePath = join(dir, 'script.js');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Recorded {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  pid: number;
}

async function run(mode: Record<string, string>, extra: Partial<K6RunOptions> = {}) {
  const record = join(dir, `record-${Math.random().toString(36).slice(2)}.json`);
  const result = await runWithK6({
    k6Path,
    scriptPath: bundlePath,
    workDir: join(dir, 'work'),
    processEnv: standInEnv({ STANDIN_RECORD: record, ...mode }),
    ...extra,
  });
  const recorded = JSON.parse(await readFile(record, 'utf8')) as Recorded;
  return { result, recorded };
}

/** Point values of one metric in the fixture's --out json file, read independently of the code under test. */
function fixturePoints(metric: string): number[] {
  const text = gunzipSync(readFileSync(join(K6_FIXTURES, 'points.ndjson.gz'))).toString('utf8');
  const values: number[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { type: string; metric: string; data: { value: number } };
    if (r.type === 'Point' && r.metric === metric) values.push(r.data.value);
  }
  return values;
}

describe('runWithK6 with a stand-in k6 replaying real k6 v0.49 outputs', () => {
  it('runs `k6 run` on the wrapper with the dense trend stats, json output, quiet, and -e pairs', async () => {
    const { result, recorded } = await run({}, { env: { LOADGATE_TEST_BASE: 'http://127.0.0.1:9', VUS: '3' }, overrides: { vus: 2, duration: '1s' } });
    const a = recorded.argv;
    expect(a[0]).toBe('run');
    expect(a.at(-1)).toBe(result.wrapperPath);
    expect(result.wrapperPath).toBe(join(dir, 'work', 'script.loadgate-k6.js'));
    expect(recorded.cwd).toBe(join(dir, 'work'));
    for (const flag of ['--quiet', '--no-color', '--no-usage-report', '--include-system-env-vars=false']) expect(a).toContain(flag);
    expect(a[a.indexOf('--summary-trend-stats') + 1]).toBe('avg,min,med,max,p(50),p(90),p(95),p(99),p(99.9)');
    expect(a[a.indexOf('--out') + 1]).toMatch(/^json=.*\/work\/script\.[0-9a-f]{8}\.points\.ndjson$/);
    expect(a.slice(a.indexOf('--vus'), a.indexOf('--vus') + 4)).toEqual(['--vus', '2', '--duration', '1s']);
    const pairs = a.flatMap((x, i) => (x === '-e' ? [a[i + 1]] : []));
    expect(pairs.slice(0, 2)).toEqual(['LOADGATE_TEST_BASE=http://127.0.0.1:9', 'VUS=3']);
    expect(pairs[2]).toMatch(new RegExp(`^${SUMMARY_PATH_ENV}=.*/work/script\\.[0-9a-f]{8}\\.summary\\.json$`));
    expect(result.args).toEqual(a);
    // Script env goes through -e only, not into the k6 process environment.
    expect(recorded.env['LOADGATE_TEST_BASE']).toBeUndefined();
  });

  it('returns the summary k6 handed to handleSummary, and exit code 0', async () => {
    const { result } = await run({});
    expect(result.exitCode).toBe(0);
    expect(result.summary).toEqual(fixtureSummary);
    // The output files were read, then removed.
    const points = result.args[result.args.indexOf('--out') + 1]!.slice('json='.length);
    expect(existsSync(points)).toBe(false);
  });

  it('builds HDR histograms of every trend from --out json: counts and percentiles agree with the points and the summary', async () => {
    const { result } = await run({});
    const durations = fixturePoints('http_req_duration').sort((x, y) => x - y);
    const h = hdr.decodeFromCompressedBase64(result.histograms['http_req_duration']!);
    expect(durations.length).toBeGreaterThan(100);
    expect(h.totalCount).toBe(durations.length);
    const summaryValues = (fixtureSummary['metrics'] as Record<string, { values: Record<string, number> }>)['http_req_duration']!.values;
    for (const p of [50, 90, 95, 99]) {
      const hdrMs = h.getValueAtPercentile(p) / 1000;
      // HDR (3 significant digits) against the exact nearest-rank sample…
      const exact = durations[Math.ceil((p / 100) * durations.length) - 1]!;
      expect(Math.abs(hdrMs - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.001);
      // …and against k6's own (interpolated) percentile of the same run.
      const k6Value = summaryValues[p === 50 ? 'med' : `p(${p})`]!;
      const lo = durations[Math.floor((p / 100) * (durations.length - 1))]!;
      const hi = durations[Math.ceil((p / 100) * durations.length)]!;
      expect(Math.abs(hdrMs - k6Value)).toBeLessThanOrEqual(hi - lo + 0.002);
    }
    expect(h.maxValue / 1000).toBeCloseTo(summaryValues['max']!, 2);
    // Sub-metrics of the summary get their own histograms, counted by tag match.
    const arrivals = hdr.decodeFromCompressedBase64(result.histograms['http_req_duration{scenario:arrivals}']!);
    const expectedOk = fixturePoints('http_req_failed').filter((v) => v === 0).length;
    expect(hdr.decodeFromCompressedBase64(result.histograms['http_req_duration{expected_response:true}']!).totalCount).toBe(expectedOk);
    expect(arrivals.totalCount).toBeGreaterThan(0);
    expect(arrivals.totalCount).toBeLessThan(h.totalCount);
    // Every trend in the summary has a histogram; no counter or rate does.
    const trends = Object.entries(fixtureSummary['metrics'] as Record<string, { type: string }>).filter(([, m]) => m.type === 'trend').map(([n]) => n);
    expect(Object.keys(result.histograms).sort()).toEqual(trends.sort());
  });

  it('builds the 1 s time series: requests per second add up to http_reqs', async () => {
    const { result } = await run({});
    const total = result.timeSeries.reduce((s, p) => s + p.requests, 0);
    expect(total).toBe(fixturePoints('http_reqs').length);
    // Whole seconds, but the last point: it ends at the last k6 point, its rate over the part of its second the run covered.
    const ts = result.timeSeries.map((p) => p.t);
    expect(ts.slice(0, -1)).toEqual(ts.slice(0, -1).map((_t, i) => i + 1));
    expect(ts[ts.length - 1]).toBeGreaterThan(ts.length - 1);
    expect(ts[ts.length - 1]).toBeLessThanOrEqual(ts.length);
    expect(Math.max(...result.timeSeries.map((p) => p.vus))).toBe(5);
    expect(result.timeSeries.some((p) => p.p95Ms > 0)).toBe(true);
  });

  it('reads a gzipped --out json file the same way', async () => {
    const plain = (await run({})).result;
    const { result, recorded } = await run({}, { gzipJsonOutput: true });
    expect(recorded.argv[recorded.argv.indexOf('--out') + 1]).toMatch(/\.points\.ndjson\.gz$/);
    expect(result.histograms).toEqual(plain.histograms);
  });

  it('lists thresholds on metrics that got no samples as no-data (k6 reports them as passed)', async () => {
    expect((await run({})).result.noDataThresholds).toEqual([]);
    const { result } = await run({ STANDIN_DROP_METRIC: 'item_latency' });
    expect(result.noDataThresholds).toEqual(['item_latency: med<100']);
    expect(result.histograms['item_latency']).toBeUndefined();
  });

  it('passes exit code 99 (thresholds crossed) through with the summary', async () => {
    const { result } = await run({ STANDIN_EXIT: '99' });
    expect(result.exitCode).toBe(99);
    expect(result.summary).toEqual(fixtureSummary);
  });

  it('turns a script error (exit 107) into errors and an empty summary', async () => {
    const { result } = await run({ STANDIN_MODE: 'syntax-error' });
    expect(result.exitCode).toBe(107);
    expect(result.summary.metrics).toEqual({});
    expect(result.errors).toEqual([
      'SyntaxError: file:///scripts/syntax-error.js: Unexpected token, expected , (2:32) (hint: script exception)',
    ]);
  });

  it('does not start k6 for a bundle that does not parse: exit 107 with the file:line:col', async () => {
    const broken = join(dir, 'broken.js');
    await writeFile(broken, "export default function ( {\n");
    const result = await runWithK6({ k6Path, scriptPath: broken, workDir: join(dir, 'work') });
    expect(result.exitCode).toBe(107);
    expect(result.args).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.startsWith(`${broken}:2:1: `)).toBe(true);
  });

  it('counts repeated k6 warnings as one error line, and forwards console output', async () => {
    const logged: string[] = [];
    const sink = { log: (...a: unknown[]) => logged.push(`log ${a.join(' ')}`), warn: () => {}, error: () => {} };
    const { result } = await run({ STANDIN_MODE: 'unreachable' }, { console: sink });
    expect(result.errors).toEqual([
      'Request Failed: Get "http://127.0.0.1:1/nothing": dial tcp 127.0.0.1:1: connect: connection refused (×3)',
    ]);
    expect(logged).toEqual(['log teardown healthy=true']);
  });

  it('reports progress from k6 progress lines (and then runs without --quiet)', async () => {
    const seen: EngineProgress[] = [];
    const { recorded } = await run({}, { onProgress: (p) => seen.push(p) });
    expect(recorded.argv).not.toContain('--quiet');
    expect(seen[0]).toEqual({ elapsedMs: 1000, vus: 5, iterations: 93, interruptedIterations: 0 });
    expect(seen.at(-1)).toEqual({ elapsedMs: 4000, vus: 0, iterations: 441, interruptedIterations: 0 });
  });

  it('rejects with MeasurementError when k6 exits 0 without a summary', async () => {
    await expect(run({ STANDIN_MODE: 'no-summary' })).rejects.toThrow(MeasurementError);
  });

  it('rejects with MeasurementError naming the path when k6 cannot be started', async () => {
    await expect(runWithK6({ k6Path: join(dir, 'nope', 'k6'), scriptPath: bundlePath, workDir: join(dir, 'work') })).rejects.toThrow(
      /cannot start k6 at .*nope\/k6: ENOENT/,
    );
  });

  it('on abort sends SIGINT to the process group: k6 finishes, the summary is read, exit 105', async () => {
    const controller = new AbortController();
    const childPidFile = join(dir, 'child-a.pid');
    const seen: EngineProgress[] = [];
    const onProgress = (p: EngineProgress): void => {
      seen.push(p);
      if (seen.length === 3) controller.abort();
    };
    const { result, recorded } = await run({ STANDIN_MODE: 'hang', STANDIN_CHILD_PID_FILE: childPidFile }, { signal: controller.signal, onProgress });
    expect(result.exitCode).toBe(105);
    expect(result.summary).toEqual(JSON.parse(readFileSync(join(K6_FIXTURES, 'abort-summary-data.json'), 'utf8')));
    expect(result.errors).toContain('Stopping k6 in response to signal...');
    expect(isAlive(recorded.pid)).toBe(false);
    await expectDead(Number(await readFile(childPidFile, 'utf8')));
  });

  it('SIGKILLs the whole group when k6 ignores SIGINT past the grace period', async () => {
    const controller = new AbortController();
    const childPidFile = join(dir, 'child-b.pid');
    const onProgress = (): void => controller.abort();
    const { result } = await run({ STANDIN_MODE: 'hang-ignore-int', STANDIN_CHILD_PID_FILE: childPidFile }, { signal: controller.signal, onProgress, abortGraceMs: 200 });
    expect(result.exitCode).toBe(105);
    expect(result.summary.metrics).toEqual({});
    expect(result.errors).toContain('k6 did not stop within the grace period after SIGINT and was killed (SIGKILL)');
    await expectDead(Number(await readFile(childPidFile, 'utf8')));
  });

  it('asks for the dense trend stats by default, or the ones given', async () => {
    expect(DENSE_TREND_STATS).toContain('p(99.9)');
    const { recorded } = await run({}, { summaryTrendStats: ['avg', 'p(95)'] });
    expect(recorded.argv[recorded.argv.indexOf('--summary-trend-stats') + 1]).toBe('avg,p(95)');
  });
});

/** A zombie counts as dead: it has exited, only nobody reaped it (PID 1 in some containers never does). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/** The grandchild is reaped by init a moment after the group signal; poll briefly (bounded). */
async function expectDead(pid: number): Promise<void> {
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  expect(isAlive(pid)).toBe(false);
}
