/** The results file: format, store, per-repetition values, default gating, merge and the importers of foreign formats. */
export type * from './results.js';
export { readResultsFile, writeResultsFile } from './results-store.js';
export { captureEnvironment } from './environment.js';
export { defaultGatingMetrics, DEFAULT_MIN_EFFECT_PCT } from './default-gating.js';
export { repetitionValue, decodeHistogram, canonicalSelector, HISTOGRAM_SCALE } from './metric-values.js';
export { mergeInstances, type MergeInstancesOptions } from './merge-instances.js';
export { mergeSummaries, type InstancePart, type MergedSummary } from './merge-summaries.js';
export * from './importers/index.js';
