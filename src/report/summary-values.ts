/** Reading numbers out of a scenario's per-repetition k6 summaries. */
import type { ScenarioResult } from '../results/results.js';

/** Median of a non-empty list (mean of the two middle values for even n); NaN when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** `values[key]` of `metric` in each repetition that has it, in repetition order. */
export function metricValues(scenario: ScenarioResult, metric: string, key: string): number[] {
  const out: number[] = [];
  for (const rep of scenario.repetitions) {
    const m = rep.summary.metrics;
    // Own keys only: a metric named `constructor` must not find Object's prototype.
    const value = Object.hasOwn(m, metric) ? m[metric]?.values[key] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) out.push(value);
  }
  return out;
}

/** True when `metric` is a k6 Rate metric (its `rate` is a fraction 0..1, e.g. http_req_failed). */
export function isFractionMetric(scenario: ScenarioResult | null, metric: string): boolean {
  if (!scenario) return false;
  return scenario.repetitions.some((rep) => Object.hasOwn(rep.summary.metrics, metric) && rep.summary.metrics[metric]?.type === 'rate');
}
