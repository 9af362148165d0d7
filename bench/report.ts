/**
 * Report rendering cost: 5 scenarios × 30 compared metrics × 6 repetitions (with HDR
 * histograms and 30 s time series each), every format rendered from one input.
 * Prints time per format and output size. Run:
 *   npx esbuild bench/report.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=.loadgate/bench/report.mjs && node .loadgate/bench/report.mjs
 */
import { performance } from 'node:perf_hooks';
import type { Comparison, MetricComparison, ScenarioComparison } from '../src/compare/model.js';
import {
  buildReportViewModel,
  renderHtmlReport,
  renderJsonReport,
  renderJunitReport,
  renderMarkdownReport,
  type ReportInput,
} from '../src/report/index.js';
import { BASE_ENV, HEAD_ENV, resultsFile, sampleSummary, scenarioResult, threshold } from '../test/report/fixtures/report-fixtures.js';

const SCENARIOS = ['baseline', 'warm-cache', 'peak', 'sync-stress', 'db-1m'];
const METRICS = 30;

function metricsFor(s: number): MetricComparison[] {
  return Array.from({ length: METRICS }, (_, j) => {
    const base = [100, 102, 98, 101, 99, 103].map((v) => v + j);
    const head = base.map((v) => v * (j % 7 === 0 ? 1.2 : 1.01));
    return {
      metric: `http_req_duration{name:endpoint_${s}_${j}}`,
      stat: 'p(95)',
      unit: 'ms',
      direction: 'lower',
      minEffectPct: 5,
      gating: true,
      base: sampleSummary(base, 3),
      head: sampleSummary(head, 3),
      deltaPct: j % 7 === 0 ? 20 : 1,
      p: j % 7 === 0 ? 0.002 : 0.6,
      pAdjusted: j % 7 === 0 ? 0.01 : 1,
      verdict: j % 7 === 0 ? 'regressed' : 'unchanged',
    };
  });
}

function benchInput(): ReportInput {
  const p95 = [100, 104, 98, 101, 99, 103];
  const spec = (name: string) => ({ name, p95Ms: p95, rps: [400, 410, 395, 405, 402, 398], dropped: [0, 1, 0, 2, 0, 0] });
  const head = resultsFile('bench-head', HEAD_ENV, SCENARIOS.map((n, i) => scenarioResult(spec(n), i + 1)));
  const base = resultsFile('bench-base', BASE_ENV, SCENARIOS.map((n, i) => scenarioResult(spec(n), i + 11)));
  const scenarios: ScenarioComparison[] = SCENARIOS.map((name, s) => ({
    name,
    presence: 'both',
    // every scenario carries one failing threshold (k === 0 below)
    verdict: 'fail',
    metrics: metricsFor(s),
    thresholds: Array.from({ length: 10 }, (_, k) => threshold({ verdict: k === 0 ? 'fail' : 'pass', expression: `p(95)<${100 + k * 10}` })),
  }));
  const comparison: Comparison = {
    settings: { alpha: 0.05, confidence: 0.95, minEffectPct: 5, correction: 'holm', confirmAlpha: 0.01 },
    base: { runId: base.runId, createdAt: base.createdAt, profile: 'release', environment: BASE_ENV, repetitions: 6 },
    head: { runId: head.runId, createdAt: head.createdAt, profile: 'release', environment: HEAD_ENV, repetitions: 6 },
    environmentMismatch: false,
    scenarios,
    verdict: 'fail',
    reasons: ['baseline: 25 metrics regressed'],
  };
  return { comparison, head, base, signOff: true, generatedAt: '2025-06-02T11:00:00.000Z' };
}

function time(label: string, rounds: number, fn: () => string | object): void {
  fn(); // warm-up: template compilation, JIT
  const start = performance.now();
  let size = 0;
  for (let i = 0; i < rounds; i += 1) {
    const out = fn();
    size = typeof out === 'string' ? out.length : JSON.stringify(out).length;
  }
  const ms = (performance.now() - start) / rounds;
  console.log(`${label.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms/render   ${(size / 1024).toFixed(1).padStart(8)} KiB`);
}

const input = benchInput();
console.log(`report bench: ${SCENARIOS.length} scenarios × ${METRICS} metrics × 6 repetitions (histograms + time series), sign-off on`);
time('view model', 10, () => buildReportViewModel(input));
time('html', 10, () => renderHtmlReport(input));
time('markdown', 10, () => renderMarkdownReport(input));
time('junit', 10, () => renderJunitReport(input));
time('json', 10, () => renderJsonReport(input));
