/** The comparator: per-metric and per-scenario decisions, thresholds, and the one verdict rule. */
export type * from './model.js';
export { compareRuns, effectPct, DEFAULT_COMPARISON_SETTINGS } from './compare-runs.js';
export { judgeThresholds, repetitionAggregates } from './thresholds.js';
export { judgeDrift, type DriftGuardSettings } from './drift-guard.js';
