/**
 * The trend model: each gating metric over the stored runs, the latest run compared
 * with the one before it (by the comparator itself, on the two runs' samples), and the
 * change points of each series. Pure data; trend-render.ts draws it.
 */
import { compareRuns } from '../compare/compare-runs.js';
import { judgeDrift } from '../compare/drift-guard.js';
import type { Comparison, ComparisonSettings, DriftCheck, MetricComparison } from '../compare/model.js';
import type { K6SummaryMetric } from '../core/k6-summary.js';
import type { Direction, GatingMetric, Repetition, ResultsFile, ScenarioResult } from '../results/results.js';
import { detectChangePoints, type ChangePoint, type ChangePointOptions } from './change-points.js';
import type { HistoryMetric, HistoryRecord } from './history-record.js';

export interface TrendRun {
  runId: string;
  createdAt: string;
  gitSha: string | null;
  environment: string;
  /**
   * This run's canary against the previous run's (compare/drift-guard.ts): `changed` marks a
   * week where the machine changed, so a step in the trend there may be the machine, not the code.
   */
  machine: { status: DriftCheck['status']; slowerPct: number | null; summary: string };
}

export interface TrendPointValue extends TrendRun {
  /** Median over the run's repetitions. */
  center: number;
  /** Repetitions measured. */
  n: number;
}

export interface TrendChangePoint extends ChangePoint {
  /** The first run at the new level. */
  run: TrendRun;
  /** Whether the shift is worse or better, given the metric's direction. */
  kind: 'regression' | 'improvement';
  /** The environment fingerprint changed at this run: the step may be the machine, not the code. */
  environmentChanged: boolean;
  /** The drift guard's canary moved at this run: the step may be the machine, not the code. */
  machineChanged: boolean;
}

export interface TrendSeries {
  scenario: string;
  metric: string;
  stat: string;
  unit: string;
  direction: Direction;
  gate: boolean;
  /** Oldest first. */
  points: TrendPointValue[];
  changePoints: TrendChangePoint[];
  /** Latest run vs the previous one, from the comparator; null with fewer than two runs. */
  latest: MetricComparison | null;
}

export interface TrendReport {
  profile: string;
  generatedAt: string;
  /** Every run, oldest first. */
  runs: TrendRun[];
  /** The comparator's verdict on latest vs previous (thresholds are not judged here); null with < 2 runs. */
  comparison: Comparison | null;
  series: TrendSeries[];
  /** Plain statements for the reader (too few runs, environment changes…). */
  notes: string[];
}

export interface TrendOptions {
  /** @default new Date().toISOString() */
  generatedAt?: string;
  /** Comparator settings for latest vs previous. */
  compare?: Partial<ComparisonSettings>;
  /** Change-point settings; minMagnitudePct and effectFloor default to each metric's own. */
  changePoints?: ChangePointOptions;
}

const seriesKey = (m: Pick<HistoryMetric, 'scenario' | 'metric' | 'stat'>): string => JSON.stringify([m.scenario, m.metric, m.stat]);

/** FNV-1a: a per-series seed, so series do not share one permutation stream. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Each run with its canary judged against the previous run's. */
function runsOf(ordered: HistoryRecord[]): TrendRun[] {
  return ordered.map((r, i) => {
    const previous = ordered[i - 1];
    const drift = previous ? judgeDrift(previous.canary, r.canary) : null;
    return {
      runId: r.runId,
      createdAt: r.createdAt,
      gitSha: r.gitSha,
      environment: r.environment,
      machine: drift ? { status: drift.status, slowerPct: drift.slowerPct, summary: drift.summary } : { status: 'unavailable', slowerPct: null, summary: 'the first run: nothing to compare its canary with' },
    };
  });
}

function gatingOf(m: HistoryMetric): GatingMetric {
  return { metric: m.metric, stat: m.stat, direction: m.direction, minEffectPct: m.minEffectPct, gate: m.gate, ...(m.effectFloor !== undefined && { effectFloor: m.effectFloor }) };
}

/** A history line as a results file the comparator reads: one repetition per sample index. */
export function resultsFromHistory(record: HistoryRecord): ResultsFile {
  const byScenario = new Map<string, HistoryMetric[]>();
  for (const m of record.metrics) byScenario.set(m.scenario, [...(byScenario.get(m.scenario) ?? []), m]);
  const scenarios: ScenarioResult[] = [...byScenario].map(([name, metrics]) => {
    const count = Math.max(...metrics.map((m) => m.samples.length));
    const repetitions: Repetition[] = Array.from({ length: count }, (_, index) => {
      const summaryMetrics: Record<string, K6SummaryMetric> = {};
      for (const m of metrics) {
        const value = m.samples[index];
        if (value === undefined) continue;
        const entry = (summaryMetrics[m.metric] ??= { type: 'trend', contains: 'default', values: {} });
        entry.values[m.stat] = value;
      }
      return {
        index,
        startedAt: record.createdAt,
        durationMs: 0,
        exitCode: 0,
        errors: [],
        summary: {
          root_group: { name: '', path: '', id: '', groups: [], checks: [] },
          options: { summaryTrendStats: [], summaryTimeUnit: '', noColor: true },
          state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 0 },
          metrics: summaryMetrics,
        },
        histograms: {},
      };
    });
    return { name, file: '', thresholds: [], gating: metrics.map(gatingOf), repetitions };
  });
  return {
    schema: 1,
    runId: record.runId,
    createdAt: record.createdAt,
    profile: record.profile,
    complete: true,
    engine: { name: 'embedded', version: record.engine ?? '' },
    environment: { gitSha: record.gitSha, gitBranch: record.gitBranch ?? null, nodeVersion: '', os: '', cpuModel: '', cores: 0, memoryBytes: 0, fingerprint: record.environment },
    target: { url: '', kind: 'external' },
    scenarios,
    ...(record.canary && { canary: record.canary }),
  };
}

function buildSeries(ordered: HistoryRecord[], runs: TrendRun[], key: string, options: TrendOptions): TrendSeries {
  const points: TrendPointValue[] = [];
  let last: HistoryMetric | undefined;
  for (const [i, record] of ordered.entries()) {
    const m = record.metrics.find((x) => seriesKey(x) === key);
    if (!m || !Number.isFinite(m.center)) continue;
    points.push({ ...(runs[i] as TrendRun), center: m.center, n: m.samples.length });
    last = m;
  }
  const def = last as HistoryMetric;
  const found = detectChangePoints(
    points.map((p) => p.center),
    { minMagnitudePct: def.minEffectPct, effectFloor: def.effectFloor ?? 0, seed: hashSeed(key), ...options.changePoints },
  );
  const changePoints = found.map((c): TrendChangePoint => {
    const at = points[c.index] as TrendPointValue;
    const up = c.after > c.before;
    return {
      ...c,
      run: { runId: at.runId, createdAt: at.createdAt, gitSha: at.gitSha, environment: at.environment, machine: at.machine },
      kind: up === (def.direction === 'higher') ? 'improvement' : 'regression',
      environmentChanged: c.index > 0 && points[c.index - 1]?.environment !== at.environment,
      machineChanged: at.machine.status === 'changed',
    };
  });
  return { scenario: def.scenario, metric: def.metric, stat: def.stat, unit: def.unit, direction: def.direction, gate: def.gate, points, changePoints, latest: null };
}

/**
 * Fewest runs in which any change point can be reported: both segments need
 * `minSegment` runs, and the best possible rank-test p for n runs split in two,
 * 2 / C(n, ⌊n/2⌋), must reach alpha (9 runs: 0.016; 10 runs: 0.008).
 */
export function runsNeededForChangePoints(options: ChangePointOptions): number {
  const alpha = options.alpha ?? 0.01;
  const minSegment = Math.max(2, options.minSegment ?? 3);
  for (let n = 2 * minSegment; n < 200; n++) {
    let ways = 1;
    const k = Math.floor(n / 2);
    for (let i = 1; i <= k; i++) ways = (ways * (n - k + i)) / i;
    if (2 / ways <= alpha) return n;
  }
  return 200;
}

/** Builds the trend of one profile's history (records in any order; sorted by createdAt). */
export function buildTrend(records: HistoryRecord[], options: TrendOptions = {}): TrendReport {
  const ordered = [...records].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.runId.localeCompare(b.runId));
  const keys = [...new Set(ordered.flatMap((r) => r.metrics.map(seriesKey)))];
  const runs = runsOf(ordered);
  const series = keys.map((key) => buildSeries(ordered, runs, key, options));
  const notes: string[] = [];
  const latest = ordered[ordered.length - 1];
  const previous = ordered[ordered.length - 2];
  let comparison: Comparison | null = null;
  if (latest && previous) {
    comparison = compareRuns(resultsFromHistory(previous), resultsFromHistory(latest), options.compare ?? {});
    for (const sc of comparison.scenarios) {
      for (const mc of sc.metrics) {
        const s = series.find((x) => x.scenario === sc.name && x.metric === mc.metric && x.stat === mc.stat);
        if (!s) continue;
        s.latest = { ...mc, unit: s.unit };
      }
    }
    if (comparison.environmentMismatch) notes.push(`The last two runs were measured on different environments (${previous.environment} → ${latest.environment}).`);
    if (comparison.drift?.status === 'changed') notes.push(`Between the last two runs ${comparison.drift.summary}: their difference may be the machine, not the code.`);
  } else {
    notes.push(ordered.length === 0 ? 'No runs in the history yet.' : 'Only one run in the history: nothing to compare it with yet.');
  }
  const needed = runsNeededForChangePoints(options.changePoints ?? {});
  if (ordered.length > 0 && ordered.length < needed) {
    notes.push(`Change points need at least ${needed} runs for a shift to be significant at alpha ${options.changePoints?.alpha ?? 0.01}; the history has ${ordered.length}.`);
  }
  return {
    profile: latest?.profile ?? '',
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    runs,
    comparison,
    series,
    notes,
  };
}
