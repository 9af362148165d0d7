/** mergeInstances on real engine runs: three "load generators" against one local server. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeThresholds } from '../../src/compare/index.js';
import { loadInputs } from '../../src/results/importers/index.js';
import { mergeInstances } from '../../src/results/merge-instances.js';
import { mergeSummaries } from '../../src/results/merge-summaries.js';
import { decodeHistogram } from '../../src/results/metric-values.js';
import { UsageError } from '../../src/core/errors.js';
import type { Repetition, ResultsFile } from '../../src/results/results.js';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';
import { run } from '../compare/results-builder.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';

const SCRIPT = `
import http from 'k6/http';
import { check, group } from 'k6';
import { Counter, Gauge } from 'k6/metrics';
const work = new Counter('work_done');
const depth = new Gauge('queue_depth');
export const options = {
  scenarios: { load: { executor: 'shared-iterations', vus: 2, iterations: 12 } },
  thresholds: { work_done: ['count>30'], http_req_duration: ['p(95)<5000'], checks: ['rate==1'] },
};
export default function () {
  group('api', () => {
    const r = http.get(__ENV.BASE_URL + '/health?delay=' + __ENV.DELAY);
    check(r, { 'status 200': (x) => x.status === 200 });
  });
  work.add(1);
  depth.add(Number(__ENV.DEPTH));
}
`;

let dir: string;
let server: http.Server;
let url: string;
const runs: Array<{ result: EngineRunResult; durations: number[] }> = [];

function percentileOfSorted(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-merge-'));
  server = http.createServer((req, res) => {
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}'), delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const script = join(dir, 'script.js');
  await writeFile(script, SCRIPT);
  // Three instances with different latency (0, 4, 8 ms) so the merged distribution is none of the parts'.
  for (const i of [0, 1, 2]) {
    const durations: number[] = [];
    const result = await runScript({
      scriptPath: script,
      env: { BASE_URL: url, DELAY: String(i * 4), DEPTH: String(3 + i * 2) },
      console: { log() {}, warn() {}, error() {} },
      onSample: (metric, _tags, value) => {
        if (metric.name === 'http_req_duration') durations.push(value);
      },
    });
    runs.push({ result, durations });
  }
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function asResults(result: EngineRunResult, id: string): ResultsFile {
  const rep: Repetition = {
    index: 0,
    startedAt: new Date().toISOString(),
    durationMs: result.summary.state.testRunDurationMs,
    exitCode: result.exitCode,
    errors: result.errors,
    summary: result.summary,
    histograms: result.histograms,
    timeSeries: result.timeSeries,
  };
  return run(id, [{ name: 'load', file: 'scenarios/load.ts', thresholds: [{ metric: 'work_done', expression: 'count>30' }], gating: [], repetitions: [rep] }]);
}

describe('mergeInstances on three real engine runs', () => {
  it('sums counters, checks and groups; merges histograms; re-evaluates thresholds each part failed', () => {
    for (const r of runs) {
      expect(r.result.summary.metrics.work_done?.values.count).toBe(12);
      expect(r.result.summary.metrics.work_done?.thresholds).toEqual({ 'count>30': { ok: false } });
      expect(r.result.exitCode).toBe(99);
    }
    const parts = runs.map((r, i) => asResults(r.result, `pod-${i}`));
    const merged = mergeInstances(parts);
    const rep = merged.scenarios[0]?.repetitions[0] as Repetition;
    const m = rep.summary.metrics;
    const sum = (f: (s: EngineRunResult) => number) => runs.reduce((acc, r) => acc + f(r.result), 0);
    expect(m.work_done?.values.count).toBe(36);
    expect(m.http_reqs?.values.count).toBe(sum((r) => r.summary.metrics.http_reqs?.values.count as number));
    expect(m.http_reqs?.values.count).toBe(36);
    const longest = Math.max(...runs.map((r) => r.result.summary.state.testRunDurationMs));
    expect(m.http_reqs?.values.rate).toBeCloseTo(36 / (longest / 1000), 9);
    expect(m.checks?.values).toEqual({ rate: 1, passes: 36, fails: 0 });
    expect(rep.summary.root_group.groups.find((g) => g.name === 'api')?.checks).toMatchObject([{ name: 'status 200', passes: 36, fails: 0 }]);
    expect(m.queue_depth?.values).toEqual({ value: 7, min: 3, max: 7 });
    // Thresholds judged again on the whole: 36 > 30 passes though every instance failed it.
    expect(m.work_done?.thresholds).toEqual({ 'count>30': { ok: true } });
    expect(m.checks?.thresholds).toEqual({ 'rate==1': { ok: true } });
    expect(rep.exitCode).toBe(0);
    expect(judgeThresholds(merged.scenarios[0] as never).map((v) => v.verdict)).toEqual(['pass']);
  });

  it('recomputes trend stats from the merged histogram: they match the union of every raw sample', () => {
    const merged = mergeInstances(runs.map((r, i) => asResults(r.result, `pod-${i}`)));
    const rep = merged.scenarios[0]?.repetitions[0] as Repetition;
    const all = runs.flatMap((r) => r.durations).sort((a, b) => a - b);
    const values = rep.summary.metrics.http_req_duration?.values as Record<string, number>;
    expect(decodeHistogram(rep.histograms.http_req_duration as string).totalCount).toBe(all.length);
    expect(values.min).toBe(all[0]);
    expect(values.max).toBe(all[all.length - 1]);
    expect(values.avg).toBeCloseTo(all.reduce((a, b) => a + b, 0) / all.length, 9);
    for (const [stat, p] of [['med', 50], ['p(90)', 90], ['p(95)', 95]] as const) {
      const exact = percentileOfSorted(all, p);
      // HDR keeps 3 significant digits (and 1 µs resolution).
      expect(Math.abs(values[stat] as number - exact), stat).toBeLessThanOrEqual(exact * 0.001 + 0.001);
    }
    // Not what averaging the parts' p(95) would give: the slow instance dominates the tail.
    const meanOfP95 = runs.reduce((a, r) => a + (r.result.summary.metrics.http_req_duration?.values['p(95)'] as number), 0) / 3;
    expect(Math.abs((values['p(95)'] as number) - meanOfP95)).toBeGreaterThan(0.5);
  });

  it('refuses parts that do not line up, summaries without histograms, and metric type clashes', async () => {
    const parts = runs.map((r, i) => asResults(r.result, `pod-${i}`));
    const renamed = structuredClone(parts[1] as ResultsFile);
    (renamed.scenarios[0] as { name: string }).name = 'other';
    expect(() => mergeInstances([parts[0] as ResultsFile, renamed])).toThrow(/pod-1 has no scenario "load" \(it is in pod-0\)/);
    expect(() => mergeInstances([])).toThrow(UsageError);
    const k6 = join(K6_FIXTURES, 'handle-summary-data.json');
    const summaries = await Promise.all([loadInputs([k6]), loadInputs([k6])]);
    expect(() => mergeInstances(summaries, { labels: ['a.json', 'b.json'] })).toThrow(/a\.json imported\[0\]: trend http_req_connecting has values but no HDR histogram/);
    const [a, b] = runs.map((r) => ({ label: 'x', summary: structuredClone(r.result.summary), histograms: r.result.histograms }));
    (b?.summary.metrics.work_done as { type: string }).type = 'gauge';
    expect(() => mergeSummaries([a!, { ...b!, label: 'y' }])).toThrow(/y: metric work_done is a gauge there but a counter in x/);
  });

  it('merges k6 --out json files of instances (the k6-operator case) with thresholds from their Metric records', async () => {
    const k6 = join(K6_FIXTURES, 'points.ndjson.gz');
    const parts = await Promise.all([loadInputs([k6]), loadInputs([k6])]);
    const merged = mergeInstances(parts);
    const m = merged.scenarios[0]?.repetitions[0]?.summary.metrics;
    const one = parts[0]?.scenarios[0]?.repetitions[0]?.summary.metrics;
    expect(m?.http_reqs?.values.count).toBe(2 * (one?.http_reqs?.values.count as number));
    expect(m?.http_req_failed?.values).toEqual({ rate: one?.http_req_failed?.values.rate, passes: 580, fails: 884 });
    // Same distribution twice. The part's p(95) follows k6's rule on exact samples; the merged one is
    // the nearest rank of the HDR histograms (3 significant digits): close, not equal (a known gap).
    const exactP95 = one?.http_req_duration?.values['p(95)'] as number;
    expect(Math.abs((m?.http_req_duration?.values['p(95)'] as number) - exactP95)).toBeLessThanOrEqual(exactP95 * 0.01);
    expect(m?.http_req_failed?.thresholds).toEqual({ 'rate<0.01': { ok: false } });
    expect(merged.scenarios[0]?.repetitions[0]?.exitCode).toBe(99);
  });
});
