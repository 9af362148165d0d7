import type { K6Summary } from '../../src/core/k6-summary.js';
import type { ResultsFile } from '../../src/results/results.js';

/**
 * A structurally complete results file for tests of the stores and readers, built
 * from given per-repetition p(95) values. Tests of numbers use real runs instead.
 */
export function makeResults(overrides: Partial<ResultsFile> = {}, p95s: number[] = [1, 1.1, 0.9, 1, 1.05, 0.95]): ResultsFile {
  return {
    schema: 1,
    runId: '20261126T000000Z-smoke-abcd',
    createdAt: '2026-11-26T00:00:00.000Z',
    profile: 'smoke',
    complete: true,
    engine: { name: 'embedded', version: 'test' },
    environment: {
      gitSha: null,
      gitBranch: null,
      nodeVersion: 'v20.0.0',
      os: 'linux 6 x64',
      cpuModel: 'cpu',
      cores: 2,
      memoryBytes: 2 ** 34,
      fingerprint: 'f00dfeed0001',
    },
    target: { url: 'http://127.0.0.1:1', kind: 'external' },
    scenarios: [
      {
        name: 'baseline',
        file: 'scenarios/baseline.ts',
        thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<500' }],
        gating: [{ metric: 'http_req_duration', stat: 'p(95)', direction: 'lower', minEffectPct: 5, gate: true }],
        repetitions: p95s.map((p95, index) => ({
          index,
          startedAt: '2026-11-26T00:00:00.000Z',
          durationMs: 1000,
          exitCode: 0,
          errors: [],
          summary: summaryWithP95(p95),
          histograms: {},
        })),
      },
    ],
    ...overrides,
  };
}

function summaryWithP95(p95: number): K6Summary {
  return {
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: ['avg', 'p(95)'], summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 1000 },
    metrics: {
      http_req_duration: { type: 'trend', contains: 'time', values: { avg: p95 / 2, 'p(95)': p95 } },
      http_reqs: { type: 'counter', contains: 'default', values: { count: 1000, rate: 1000 } },
    },
  };
}
