/**
 * `mergeInstances`: the results of one run measured by several load generators at once
 * (each a ResultsFile: a loadgate run, or a foreign file read with loadInputs) merged
 * into one ResultsFile, scenario by scenario and repetition by repetition (see
 * merge-summaries.ts for the per-metric rules).
 */
import { UsageError } from '../core/errors.js';
import type { Repetition, ResultsFile, ScenarioResult } from './results.js';
import type { SummaryThreshold } from './importers/summary-thresholds.js';
import { canonicalSelector } from './metric-values.js';
import { mergeSummaries, type InstancePart } from './merge-summaries.js';

export interface MergeInstancesOptions {
  /** Names the parts in errors and repetition error lines, in order. @default each part's runId */
  labels?: string[];
  /** Run id of the merged file. @default `<first runId>-merged<n>` */
  runId?: string;
  /**
   * Thresholds judged on the merged numbers besides those the parts carry. k6's `--out json`
   * lists a metric's thresholds but not a sub-metric's, so `http_req_duration{scenario:x}`
   * thresholds are only judged after a merge when given here.
   */
  thresholds?: SummaryThreshold[];
}

type TimePoint = NonNullable<Repetition['timeSeries']>[number];

/** Per second: requests and VUs add up; the p95 of the whole is not derivable, the worst instance's is kept. */
function mergeTimeSeries(series: Array<Repetition['timeSeries']>): Repetition['timeSeries'] {
  const present = series.filter((s): s is TimePoint[] => s !== undefined);
  if (present.length === 0) return undefined;
  const byT = new Map<number, TimePoint>();
  for (const s of present) {
    for (const p of s) {
      // A run's last point may end mid-second (t = 2.6); it belongs to second 3 like the others'.
      const second = Math.ceil(p.t);
      const at = byT.get(second);
      if (!at) byT.set(second, { ...p });
      else {
        at.t = Math.max(at.t, p.t);
        at.rps += p.rps;
        if (at.requests !== undefined || p.requests !== undefined) at.requests = (at.requests ?? 0) + (p.requests ?? 0);
        at.vus += p.vus;
        at.p95Ms = Math.max(at.p95Ms, p.p95Ms);
      }
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** k6's threshold exit code 99 follows the merged thresholds; any other failure code of a part is kept. */
function mergedExitCode(reps: readonly Repetition[], thresholdsFailed: boolean): number {
  const hard = reps.find((r) => r.exitCode !== 0 && r.exitCode !== 99);
  if (hard) return hard.exitCode;
  return thresholdsFailed ? 99 : 0;
}

function mergeRepetition(scenario: ScenarioResult, reps: Repetition[], labels: string[], extra: readonly SummaryThreshold[]): Repetition {
  const parts: InstancePart[] = reps.map((r, i) => ({ label: `${labels[i]} ${scenario.name}[${r.index}]`, summary: r.summary, histograms: r.histograms }));
  // The scenario's target thresholds are judged by compare on the merged data; the summary keeps the script's.
  const merged = mergeSummaries(parts, extra);
  const rep: Repetition = {
    index: (reps[0] as Repetition).index,
    startedAt: reps.map((r) => r.startedAt).sort()[0] as string,
    durationMs: Math.max(...reps.map((r) => r.durationMs)),
    exitCode: mergedExitCode(reps, merged.failedThresholds.length > 0),
    errors: reps.flatMap((r, i) => r.errors.map((e) => `${labels[i]}: ${e}`)),
    summary: merged.summary,
    histograms: merged.histograms,
  };
  const timeSeries = mergeTimeSeries(reps.map((r) => r.timeSeries));
  if (timeSeries) rep.timeSeries = timeSeries;
  return rep;
}

/**
 * Merges per-instance results of ONE run: every part must hold the same scenarios with
 * the same number of repetitions (repetition i of each part ran at the same time).
 * Throws UsageError naming the part that does not line up.
 */
export function mergeInstances(parts: readonly ResultsFile[], options: MergeInstancesOptions = {}): ResultsFile {
  const first = parts[0];
  if (!first) throw new UsageError('nothing to merge: no instance results given');
  const labels = parts.map((p, i) => options.labels?.[i] ?? p.runId);
  const scenarios = first.scenarios.map((sc): ScenarioResult => {
    const perPart = parts.map((p, i) => {
      const found = p.scenarios.find((s) => s.name === sc.name);
      if (!found) throw new UsageError(`${labels[i]} has no scenario "${sc.name}" (it is in ${labels[0]}); merge outputs of the same run only`);
      if (found.repetitions.length !== sc.repetitions.length) {
        throw new UsageError(`${labels[i]}: scenario "${sc.name}" has ${found.repetitions.length} repetitions, ${labels[0]} has ${sc.repetitions.length}; merge outputs of the same run only`);
      }
      return found;
    });
    const extraNames = parts.flatMap((p, i) => p.scenarios.filter((s) => !first.scenarios.some((f) => f.name === s.name)).map((s) => `${labels[i]}: "${s.name}"`));
    if (extraNames.length > 0) throw new UsageError(`scenario ${extraNames[0]} is not in ${labels[0]}; merge outputs of the same run only`);
    const repetitions = sc.repetitions.map((_, r) => mergeRepetition(sc, perPart.map((s) => s.repetitions[r] as Repetition), labels, options.thresholds ?? []));
    return { ...sc, repetitions };
  });
  for (const t of options.thresholds ?? []) requireMetric(t, scenarios);
  return {
    ...first,
    runId: options.runId ?? `${first.runId}-merged${parts.length}`,
    complete: parts.every((p) => p.complete),
    scenarios,
  };
}

/** A threshold on a metric the merged data lacks would pass unseen: name it and what exists. */
function requireMetric(t: SummaryThreshold, scenarios: readonly ScenarioResult[]): void {
  const names = new Set(scenarios.flatMap((sc) => sc.repetitions.flatMap((r) => Object.keys(r.summary.metrics))));
  if (names.has(t.metric) || names.has(canonicalSelector(t.metric))) return;
  const family = t.metric.split('{')[0] as string;
  const related = [...names].filter((n) => n === family || n.startsWith(`${family}{`)).sort();
  const hint = related.length > 0 ? `; merged metrics of that name: ${related.join(', ')}` : '';
  throw new UsageError(
    `--threshold ${t.metric}=${t.expression}: no metric "${t.metric}" in the merged data${hint}. ` +
      'A sub-metric is only in k6 --out json when the script defines a threshold on it.',
  );
}
