/** Public API of the comparator: statistics, verdicts, benchstat compatibility. */
export type * from './model.js';
export { compareRuns, effectPct, DEFAULT_COMPARISON_SETTINGS } from './compare-runs.js';
export { defaultGatingMetrics, DEFAULT_MIN_EFFECT_PCT } from '../results/default-gating.js';
export { judgeThresholds, repetitionAggregates } from './thresholds.js';
export { repetitionValue, decodeHistogram, canonicalSelector, HISTOGRAM_SCALE } from '../results/metric-values.js';
export {
  medianCi,
  summarizeSamples,
  quantileCiOrders,
  minSamplesForMedianCi,
  ciHalfWidthPct,
  medianOfSorted,
  quantileOfSorted,
} from '../stats/median-ci.js';
export type { MedianCi, QuantileCiOrders } from '../stats/median-ci.js';
export { mannWhitneyU, minPossibleP, minSamplesToDetect, tooFewSamplesNote } from '../stats/mann-whitney.js';
export type { MannWhitneyResult } from '../stats/mann-whitney.js';
export { adjustPValues, holmAdjust, benjaminiHochbergAdjust, describeCorrection } from '../stats/correction.js';
export { runBenchstat, compareBenchstatFiles, benchstatByConfigKey, DEFAULT_BENCHSTAT_OPTIONS } from '../benchstat/benchstat.js';
export type { BenchstatFormat, BenchstatInput, BenchstatOutput } from '../benchstat/benchstat.js';
export type { BenchstatOptions, BenchTable } from '../benchstat/benchstat-tables.js';
export { parseBenchFile } from '../benchstat/benchstat-parse.js';
export type { BenchFile, BenchResult } from '../benchstat/benchstat-parse.js';
export { judgeExpectation, describeExpectation, ratioCiOrder, mannWhitneyNullCdf, minSamplesForRatioCi, EXACT_RATIO_CI_LIMIT } from '../stats/expected-change.js';
export { mergeInstances, type MergeInstancesOptions } from '../results/merge-instances.js';
export { mergeSummaries, type InstancePart, type MergedSummary } from '../results/merge-summaries.js';
