/**
 * The results file (`results/<run-id>.json`) and baselines: versioned JSON, one file per
 * run. This is the contract between the runner (writer) and compare/report/history
 * (readers). Bump RESULTS_SCHEMA and keep a reader for the old version on any change.
 */
import type { K6Summary } from '../core/k6-summary.js';

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

import type { Direction, ExpectedChange } from '../stats/expected-change.js';

export type { Direction, ExpectedChange } from '../stats/expected-change.js';

/** How one metric of a scenario is compared against the baseline. */
export interface GatingMetric {
  /** Metric selector, e.g. `http_req_duration` or `http_req_duration{name:health}`. */
  metric: string;
  /** Summary value key: `p(95)`, `med`, `rate`, `count`, `value`… */
  stat: string;
  direction: Direction;
  /**
   * Smallest change (in %) that counts as a regression, for this metric alone. Unset: the
   * comparison's (config `compare.minEffectPct`, `--min-effect`; default 5).
   */
  minEffectPct?: number;
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
  /** What the machine and the load generator were doing during this repetition (absent in older files). */
  host?: HostSignals;
}

/**
 * The machine and the load generator during one repetition or canary sample, so a report can
 * say whether the numbers measured the service or the machine. Linux `/proc` figures are null
 * where the platform has none. CPU amounts are in cores: 1 = one core fully busy for the whole
 * repetition.
 */
export interface HostSignals {
  /** Wall time the signals cover, ms. */
  wallMs: number;
  /** Logical cores of the machine. */
  cores: number;
  /** CPU busy on the whole machine (every process), in cores. */
  machineBusyCores: number | null;
  /** CPU time the hypervisor gave to other guests (steal), in % of all cores' time. */
  stealPct: number | null;
  /** CPU of the load generator: loadgate's own process for the embedded engine, the k6 process for k6. In cores. */
  generatorCores: number | null;
  /** CPU of the measured service when its metrics say so (process_cpu_seconds_total), in cores. */
  serviceCores: number | null;
  /** CPU of everything else: machineBusy − generator − service, in cores; null when a part is unknown. */
  othersCores: number | null;
  /** 1-minute load average at the end. */
  loadAvg1: number;
  /**
   * Busiest VU thread of the embedded engine: the share of the repetition its event loop was
   * working (Node's event-loop utilization, 0–1). Near 1 the generator itself was the bottleneck
   * and its timings include its own queueing. Null for k6 and for blocking (per-VU) threads.
   */
  vuThreadBusy: number | null;
  /** Event-loop delay of the generator's main thread (p99, ms); the engine ingests samples there. */
  mainThreadDelayP99Ms: number | null;
}

/**
 * One measurement of the canary: a fixed workload whose true speed never changes (a tiny
 * in-process HTTP server loaded by the same engine, and a fixed CPU loop on every core). When
 * the canary moved between two stored runs, the machine changed and their numbers cannot be
 * compared (compare/drift-guard.ts).
 */
export interface CanarySample {
  /** Measured after this measured round (0-based); -1 during warm-up (never stored). */
  round: number;
  startedAt: string;
  /** Median latency of the canary's HTTP requests, ms. */
  httpMedMs: number;
  /** Requests per second the canary's HTTP load reached. */
  httpReqsPerSec: number;
  /** Wall time of the fixed CPU loop run on every core at once (the slowest core), ms. */
  cpuLoopMs: number;
  host?: HostSignals;
}

/** The canary samples of a run, and which canary workload took them (samples of different versions never compare). */
export interface CanaryRecord {
  /** Version of the canary workload, e.g. `1`; bumped whenever the workload changes. */
  version: number;
  samples: CanarySample[];
}

export interface ScenarioResult {
  name: string;
  /** Scenario source file, relative to the project root. */
  file: string;
  thresholds: TargetThreshold[];
  gating: GatingMetric[];
  repetitions: Repetition[];
}

/**
 * The engine as one line for people: the version alone when it already names the engine
 * (k6's `k6 v0.49.0 (go1.21.6, linux/amd64)`, the embedded engine's `loadgate-embedded/0.3.0 (…)`),
 * else name and version (`k6 unknown (imported summary)`, `go-test go1.22.1`).
 */
export function describeEngine(engine: ResultsFile['engine']): string {
  const named = new RegExp(`(?:^|[^A-Za-z0-9])${engine.name.replace(/[^A-Za-z0-9]/g, '\\$&')}(?:[^A-Za-z0-9]|$)`, 'i');
  const version = engine.version.trim();
  if (version === '') return engine.name;
  return named.test(version) ? version : `${engine.name} ${version}`;
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
  /** The drift guard's canary, measured between the measured rounds (absent in side-by-side runs and older files). */
  canary?: CanaryRecord;
  /**
   * Set on both files of a side-by-side run (`ab`, `gate --base-ref`): which side this is, the run
   * id of the other side, and the order each measured pair ran in (`AB` or `BA`, per repetition
   * index), so a comparison knows the samples were taken interleaved and can keep pairs together.
   */
  sideBySide?: { side: 'base' | 'head'; otherRunId: string; order: Array<'AB' | 'BA'>; ref?: string; commit?: string };
}
