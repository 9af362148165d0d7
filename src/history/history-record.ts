/**
 * One line of the history file: a compact summary of one run — per scenario and gating
 * metric, the per-repetition samples and their median. Enough to redraw the trend and
 * to compare any two runs with the comparator, without keeping the full results files.
 */
import { DEFAULT_MIN_EFFECT_PCT, defaultGatingMetrics } from '../results/default-gating.js';
import { repetitionValue, summaryMetric, unitOf } from '../results/metric-values.js';
import { canaryProblem } from '../results/results-store.js';
import { describeEngine, type CanaryRecord, type Direction, type GatingMetric, type ResultsFile, type ScenarioResult } from '../results/results.js';
import { median } from '../stats/median-ci.js';

/** Version of the history line format. Bump it (and keep a reader) on any change. */
export const HISTORY_SCHEMA = 1 as const;

/** One gating metric of one scenario in one run. */
export interface HistoryMetric {
  scenario: string;
  /** Metric selector, e.g. `http_req_duration{name:health}`. */
  metric: string;
  /** Summary stat, e.g. `p(95)`. */
  stat: string;
  /** Display unit (`ms`, `/s`, '' for rates). */
  unit: string;
  direction: Direction;
  /** Smallest change in % that counts (from the gating definition). */
  minEffectPct: number;
  /** Whether the metric gates (false: report-only). */
  gate: boolean;
  /** Zero-baseline guard, in the stat's unit (see GatingMetric.effectFloor). */
  effectFloor?: number;
  /** Median over repetitions. */
  center: number;
  /** One value per measured repetition, in repetition order. */
  samples: number[];
}

/** One run, as stored on one line of `history/<profile>.ndjson`. */
export interface HistoryRecord {
  v: typeof HISTORY_SCHEMA;
  runId: string;
  /** ISO 8601 start of the run. */
  createdAt: string;
  profile: string;
  gitSha: string | null;
  gitBranch: string | null;
  /** Environment fingerprint: a change here explains a step in the trend. */
  environment: string;
  engine: string;
  metrics: HistoryMetric[];
  /** The run's drift-guard canary (absent in older lines): the trend marks weeks where the machine changed. */
  canary?: CanaryRecord;
}

/** Rounds to 6 significant digits: far below measurement noise, and keeps a line short. */
function compact(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

function gatingOf(scenario: ScenarioResult): GatingMetric[] {
  return scenario.gating.length > 0 ? scenario.gating : defaultGatingMetrics();
}

function metricOf(scenario: ScenarioResult, g: GatingMetric): HistoryMetric | null {
  const samples = scenario.repetitions.flatMap((rep) => {
    const v = repetitionValue(rep, g.metric, g.stat);
    return v === undefined ? [] : [compact(v)];
  });
  if (samples.length === 0) return null;
  const first = scenario.repetitions.map((rep) => summaryMetric(rep, g.metric)).find((m) => m !== undefined);
  return {
    scenario: scenario.name,
    metric: g.metric,
    stat: g.stat,
    unit: unitOf(first, g.stat),
    direction: g.direction,
    // The trend's change points need one: the metric's own, else the default.
    minEffectPct: g.minEffectPct ?? DEFAULT_MIN_EFFECT_PCT,
    gate: g.gate,
    ...(g.effectFloor !== undefined && { effectFloor: g.effectFloor }),
    center: compact(median(samples)),
    samples,
  };
}

/** The history line of a run: every gating metric (the comparator's defaults when a scenario declares none). */
export function historyRecordOf(results: ResultsFile): HistoryRecord {
  return {
    v: HISTORY_SCHEMA,
    runId: results.runId,
    createdAt: results.createdAt,
    profile: results.profile,
    gitSha: results.environment.gitSha,
    gitBranch: results.environment.gitBranch,
    environment: results.environment.fingerprint,
    engine: describeEngine(results.engine),
    metrics: results.scenarios.flatMap((s) => gatingOf(s).flatMap((g) => metricOf(s, g) ?? [])),
    ...(results.canary && results.canary.samples.length > 0 && { canary: compactCanary(results.canary) }),
  };
}

function compactCanary(canary: CanaryRecord): CanaryRecord {
  return {
    version: canary.version,
    samples: canary.samples.map((s) => ({ round: s.round, startedAt: s.startedAt, httpMedMs: compact(s.httpMedMs), httpReqsPerSec: compact(s.httpReqsPerSec), cpuLoopMs: compact(s.cpuLoopMs) })),
  };
}

/**
 * Checks a parsed line. Returns a message naming the bad key, or null when the record
 * is usable. A newer schema is rejected rather than half-read.
 */
export function historyRecordProblem(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'expected a JSON object (one run per line)';
  const r = data as Record<string, unknown>;
  if (r.v !== HISTORY_SCHEMA) return `v: expected ${HISTORY_SCHEMA}, found ${JSON.stringify(r.v)} (written by a newer loadgate?)`;
  for (const key of ['runId', 'createdAt', 'profile', 'environment'] as const) {
    if (typeof r[key] !== 'string') return `${key}: expected a string`;
  }
  if (!Array.isArray(r.metrics)) return 'metrics: expected an array';
  for (const [i, m] of (r.metrics as unknown[]).entries()) {
    const metric = m as Record<string, unknown> | null;
    for (const key of ['scenario', 'metric', 'stat'] as const) {
      if (typeof metric?.[key] !== 'string') return `metrics[${i}].${key}: expected a string`;
    }
    if (typeof metric?.center !== 'number') return `metrics[${i}].center: expected a number`;
    if (!Array.isArray(metric.samples) || !metric.samples.every((x) => typeof x === 'number')) {
      return `metrics[${i}].samples: expected an array of numbers`;
    }
  }
  if (r.canary !== undefined) return canaryProblem(r.canary, 'canary');
  return null;
}
