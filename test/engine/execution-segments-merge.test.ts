/**
 * The proof that execution segments split one test exactly: three engine instances
 * (segments 0:1/3, 1/3:2/3, 2/3:1 of one sequence) run concurrently against one local
 * server; merged, they did what one unsegmented run does, and thresholds that every
 * instance fails alone pass on the merged numbers.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';
import { mergeSummaries } from '../../src/results/merge-summaries.js';
import { K6ExitCode } from '../../src/core/errors.js';
import { captureConsole, startTargetServer, type TargetServer } from './helpers/target-server.js';

const script = fileURLToPath(new URL('./scripts/segmented.js', import.meta.url));
const SEQUENCE = '0,1/3,2/3,1';
const SEGMENTS = ['0:1/3', '1/3:2/3', '2/3:1'];
/** Arrival-rate scenario: 30/s for 2 s, 61 as k6 starts them (one at 0; 60 truncated periods end before 2 s). */
const RATE_ARRIVALS = 61;
/** Ramp 0 → 30/s over 1 s: 14 as k6 starts them (its float64 area of the stage is 14.999999999999998). */
const RAMP_ARRIVALS = 14;

interface Hit {
  inst: string;
  sc: string;
  it: number;
  vu: number;
  /** exec.instance.vusInitialized when the request was made. */
  vus: number;
}

let server: TargetServer;
const hits: Hit[] = [];
let parts: EngineRunResult[];
let whole: EngineRunResult;

const count = (r: EngineRunResult, metric: string) => r.summary.metrics[metric]?.values.count ?? 0;

beforeAll(async () => {
  server = await startTargetServer((req) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    if (q.has('inst')) hits.push({ inst: q.get('inst') as string, sc: q.get('sc') as string, it: Number(q.get('it')), vu: Number(q.get('vu')), vus: Number(q.get('vus')) });
    return false;
  });
  const run = (instance: string, segment?: string) =>
    runScript({
      scriptPath: script,
      env: { BASE_URL: server.url, INSTANCE: instance },
      executionSegment: segment,
      executionSegmentSequence: segment ? SEQUENCE : undefined,
      threads: 1,
      summaryTrendStats: ['avg', 'p(95)', 'count'],
      console: captureConsole().console,
    });
  parts = await Promise.all(SEGMENTS.map((s, i) => run(`part${i + 1}`, s)));
  whole = await run('whole');
}, 60_000);
afterAll(() => server.close());

describe('three segmented instances = one unsegmented run', () => {
  it('runs exactly the iteration-count scenarios, split by k6 striping', () => {
    const per = (name: string) => parts.map((p) => count(p, `iterations{scenario:${name}}`));
    // shared: 5 VUs split 2,2,1; 60 iterations striped over 2/5, 2/5, 1/5.
    expect(per('shared')).toEqual([24, 24, 12]);
    // each: 4 VUs split 2,1,1, 5 iterations each.
    expect(per('each')).toEqual([10, 5, 5]);
    expect(count(whole, 'iterations{scenario:shared}')).toBe(60);
    expect(count(whole, 'iterations{scenario:each}')).toBe(20);
  });

  it('starts every whole-test arrival on exactly one instance', () => {
    const started = (r: EngineRunResult) => count(r, 'iterations{scenario:rate}') + count(r, 'dropped_iterations{scenario:rate}');
    // maxVUs 6 split 2,2,2 → arrivals striped in thirds: 0, 3, 6 … 60 on the first.
    expect(parts.map(started)).toEqual([21, 20, 20]);
    expect(started(whole)).toBe(RATE_ARRIVALS);
    // ramping-arrival-rate 0 → 30/s over 1 s: 14 arrivals; maxVUs 3 split 1,1,1 → 5, 5, 4.
    const ramped = (r: EngineRunResult) => count(r, 'iterations{scenario:ramp}') + count(r, 'dropped_iterations{scenario:ramp}');
    expect(parts.map(ramped)).toEqual([5, 5, 4]);
    expect(ramped(whole)).toBe(RAMP_ARRIVALS);
  });

  it('gives every iteration and VU a whole-test number used by exactly one instance', () => {
    for (const sc of ['shared', 'rate', 'ramp']) {
      const seen = hits.filter((h) => h.inst !== 'whole' && h.sc === sc).map((h) => h.it);
      const wholeSeen = hits.filter((h) => h.inst === 'whole' && h.sc === sc).map((h) => h.it);
      expect(new Set(seen).size, `${sc}: no iterationInTest twice`).toBe(seen.length);
      expect([...seen].sort((a, b) => a - b)).toEqual([...wholeSeen].sort((a, b) => a - b));
    }
    const vusBy = new Map<number, Set<string>>();
    for (const h of hits.filter((x) => x.inst !== 'whole')) vusBy.set(h.vu, (vusBy.get(h.vu) ?? new Set()).add(h.inst));
    expect([...vusBy.values()].every((insts) => insts.size === 1)).toBe(true);
  });

  it("reports each instance's own VUs in exec.instance", () => {
    const maxVus = (inst: string) => Math.max(...hits.filter((h) => h.inst === inst).map((h) => h.vus));
    // part1 initializes shared 2 + each 2 + rate 1 + ramp 1 (up to 2 and 1 with growth); the whole run 5 + 4 + 3 + 3.
    expect(maxVus('part1')).toBeGreaterThanOrEqual(6);
    expect(maxVus('part1')).toBeLessThanOrEqual(7);
    expect(maxVus('whole')).toBeGreaterThanOrEqual(15);
  });

  it('merges into the totals of the unsegmented run, and judges thresholds on the whole', () => {
    for (const p of parts) expect(p.exitCode).toBe(K6ExitCode.thresholdsCrossed);
    expect(whole.exitCode).toBe(K6ExitCode.ok);
    const merged = mergeSummaries(parts.map((p, i) => ({ label: SEGMENTS[i] as string, summary: p.summary, histograms: p.histograms })));
    const m = merged.summary.metrics;
    expect(m['iterations{scenario:shared}']?.values.count).toBe(60);
    expect(m['http_reqs{scenario:each}']?.values.count).toBe(20);
    // Each instance failed count==60 with its 24, 24 and 12; the merge holds all 60.
    for (const p of parts) expect(p.summary.metrics['iterations{scenario:shared}']?.thresholds?.['count==60']?.ok).toBe(false);
    for (const p of parts) expect(p.summary.metrics.iterations?.thresholds?.['count>=100']?.ok).toBe(false);
    expect(m.iterations?.thresholds).toEqual({ 'count>=100': { ok: true } });
    expect(m['iterations{scenario:shared}']?.thresholds).toEqual({ 'count==60': { ok: true } });
    expect(merged.failedThresholds).toEqual([]);
    // Requests: exact for the counted scenarios; the arrival-rate share within its tolerance (dropped arrivals are not requests).
    const mergedReqs = m.http_reqs?.values.count ?? 0;
    const wholeReqs = count(whole, 'http_reqs');
    const dropped = parts.reduce((a, p) => a + count(p, 'dropped_iterations'), 0) + count(whole, 'dropped_iterations');
    expect(Math.abs(mergedReqs - wholeReqs)).toBeLessThanOrEqual(dropped);
    expect(mergedReqs).toBeGreaterThanOrEqual(80 + (RATE_ARRIVALS + RAMP_ARRIVALS) * 0.9);
    // Trend counts come from the added HDR histograms.
    expect(m.http_req_duration?.values.count).toBe(mergedReqs);
  });
});
