/**
 * The real-k6 engine path: find a `k6` binary and run bundled scenarios with it,
 * returning the embedded engine's result shape (EngineRunResult).
 */
export { findK6Binary, parseK6Version, type K6Binary } from './find-k6-binary.js';
export { runWithK6, buildK6Args, DENSE_TREND_STATS, K6_EXTERNAL_ABORT, type K6RunOptions, type K6RunResult } from './run-with-k6.js';
export { readK6JsonOutput, type K6JsonOutput } from '../../results/importers/k6-json-output.js';
export { renderSummaryWrapper, writeSummaryWrapper, SUMMARY_PATH_ENV, type SummaryWrapper } from './summary-wrapper.js';
export { listModuleExports } from './module-exports.js';
export { errorLineFromStderr, parseLogfmt, parseProgressLine } from './k6-log-lines.js';
