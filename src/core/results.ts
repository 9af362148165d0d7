/**
 * The results file (`results/<run-id>.json`) and baselines: versioned JSON, one file per
 * run. This is the contract between the runner (writer) and compare/report/history
 * (readers). Bump RESULTS_SCHEMA and keep a reader for the old version on any change.
 */
import type { K6Summary } from './k6-summary.js';

export const RESULTS_SCHEMA = 1 as const;

export interface Environment {
  gitSha: string | null;
  gitBranch: string | null;
  nodeVersion: string;
  os: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  /** Short hash of the fields above that decide comparability (not git). */
  fingerprint: string;
}

/** A loadgate target threshold (SLO) for one scenario, in k6's grammar. */
export interface TargetThreshold {
  /** Metric selector, e.g. `http_req_duration{name:health}`. */
  metric: string;
  /** Failing level, e.g. `p(95)<100`. */
  expression: string;
  /** Optional warning level in the same grammar, e.g. `p(95)<50`. */
  warn?: string;
}

export type Direction = 'lower' | 'higher';

/** How one metric of a scenario is compared against the baseline. */
export interface GatingMetric {
  /** Metric selector, e.g. `http_req_duration` or `http_req_duration{name:health}`. */
  metric: string;
  /** Summary value key: `p(95)`, `med`, `rate`, `count`, `value`… */
  stat: string;
  direction: Direction;
  /** Smallest change (in %) that counts as a regression. @default 5 */
  minEffectPct: number;
  /** Whether a regression of this metric fails the gate (false: report only). */
  gate: boolean;
  /**
   * Guard for zero or near-zero baselines, in the stat's own unit: the effect is
   * |head − base| / max(|base|, effectFloor), so 0 → 0.0001 errors is measured
   * against the floor instead of being +∞ %. E.g. 0.01 (1 %) for `http_req_failed` rate.
   * @default 0 (plain relative change)
   */
  effectFloor?: number;
  /**
   * An expected change, e.g. `{ factor: 0.5 }`: "after this optimisation the stat is at
   * most 0.5× the baseline" (lower is better; for higher, at least factor×). Verified only
   * when the whole confidence interval of the head/base ratio is on the right side of the
   * factor; an unmet expectation fails the gate. See compare/expected-change.ts.
   */
  expect?: ExpectedChange;
}

/** An expected ratio head/base of a gating metric's stat. */
export interface ExpectedChange {
  /** Expected head/base ratio bound, > 0: at most this for direction 'lower', at least this for 'higher'. */
  factor: number;
}

export interface Repetition {
  /** 0-based index of this repetition within its scenario. */
  index: number;
  startedAt: string;
  durationMs: number;
  /** The engine's exit code (k6 codes: 0, 99, 107…). */
  exitCode: number;
  /** Script or engine errors, one line each. */
  errors: string[];
  summary: K6Summary;
  /** Metric selector → base64 of an HDR histogram (hdr-histogram-js encode), values in microseconds. */
  histograms: Record<string, string>;
  /** 1 s snapshots for charts: t (s since start), requests in the bucket, reqs/s, p95 ms, VUs. */
  timeSeries?: Array<{ t: number; requests?: number; rps: number; p95Ms: number; vus: number }>;
}

export interface ScenarioResult {
  name: string;
  /** Scenario source file, relative to the project root. */
  file: string;
  thresholds: TargetThreshold[];
  gating: GatingMetric[];
  repetitions: Repetition[];
}

export interface ResultsFile {
  schema: typeof RESULTS_SCHEMA;
  runId: string;
  createdAt: string;
  profile: string;
  /** false when the run was interrupted or a repetition could not be measured; never a baseline. */
  complete: boolean;
  /** What measured the run; `autocannon` and `go-test` only for files imported with loadInputs. */
  engine: { name: 'embedded' | 'k6' | 'autocannon' | 'go-test'; version: string };
  environment: Environment;
  target: { url: string; kind: 'embedded' | 'external'; options?: Record<string, unknown> };
  scenarios: ScenarioResult[];
}
