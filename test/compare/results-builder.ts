/** Builds real ResultsFile objects for the comparator tests (no mocks: the same shape the runner writes). */
import type { K6Summary, K6SummaryMetric } from '../../src/core/k6-summary.js';
import type { GatingMetric, Repetition, ResultsFile, ScenarioResult, TargetThreshold } from '../../src/results/results.js';

export type MetricValues = Record<string, Partial<K6SummaryMetric> & { values: Record<string, number> }>;

const TYPES: Record<string, Pick<K6SummaryMetric, 'type' | 'contains'>> = {
  http_req_duration: { type: 'trend', contains: 'time' },
  iteration_duration: { type: 'trend', contains: 'time' },
  http_req_failed: { type: 'rate', contains: 'default' },
  checks: { type: 'rate', contains: 'default' },
  http_reqs: { type: 'counter', contains: 'default' },
};

export function summary(metrics: MetricValues): K6Summary {
  const out: Record<string, K6SummaryMetric> = {};
  for (const [name, m] of Object.entries(metrics)) {
    const base = TYPES[name.replace(/\{.*$/, '')] ?? { type: 'trend', contains: 'default' };
    out[name] = { type: m.type ?? base.type, contains: m.contains ?? base.contains, values: m.values };
  }
  return {
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 1000 },
    metrics: out,
  };
}

export function repetition(index: number, metrics: MetricValues, histograms: Record<string, string> = {}): Repetition {
  return {
    index,
    startedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, index)).toISOString(),
    durationMs: 1000,
    exitCode: 0,
    errors: [],
    summary: summary(metrics),
    histograms,
  };
}

export function scenario(name: string, reps: MetricValues[], opts: { gating?: GatingMetric[]; thresholds?: TargetThreshold[] } = {}): ScenarioResult {
  return {
    name,
    file: `scenarios/${name}.ts`,
    thresholds: opts.thresholds ?? [],
    gating: opts.gating ?? [],
    repetitions: reps.map((m, i) => repetition(i, m)),
  };
}

export function run(runId: string, scenarios: ScenarioResult[], fingerprint = 'env-a'): ResultsFile {
  return {
    schema: 1,
    runId,
    createdAt: '2024-01-01T00:00:00.000Z',
    profile: 'ci',
    complete: true,
    engine: { name: 'embedded', version: '0.1.0' },
    environment: {
      gitSha: null,
      gitBranch: null,
      nodeVersion: 'v20.0.0',
      os: 'linux',
      cpuModel: 'test cpu',
      cores: 2,
      memoryBytes: 4e9,
      fingerprint,
    },
    target: { url: 'http://127.0.0.1:0', kind: 'embedded' },
    scenarios,
  };
}

/** One gating metric with a 5 % noise floor. */
export function gate(metric: string, stat: string, direction: 'lower' | 'higher', extra: Partial<GatingMetric> = {}): GatingMetric {
  return { metric, stat, direction, minEffectPct: 5, gate: true, ...extra };
}

/** Repetitions whose `metric` `stat` takes the given values. */
export function repsOf(metric: string, stat: string, values: number[]): MetricValues[] {
  return values.map((v) => ({ [metric]: { values: { [stat]: v } } }));
}
