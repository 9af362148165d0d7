/** Importers of foreign result formats, and the per-instance merge. */
export { loadInputs, importFile, type LoadInputsOptions } from './load-inputs.js';
export { detectInput, type DetectedInput } from './detect-input.js';
export { importHandleSummary, importSummaryExport } from './k6-summary-import.js';
export { importK6JsonLines, IMPORTED_TREND_STATS } from './k6-json-lines-import.js';
export { importAutocannon, autocannonGating } from './autocannon-import.js';
export { importGoBench, goUnitMetricName } from './go-bench-import.js';
export { readK6JsonOutput, K6_DEFAULT_TREND_STATS, type K6JsonOutput, type K6JsonReadOptions } from './k6-json-output.js';
export { evaluateSummaryThresholds, summaryThresholds, type SummaryThreshold } from './summary-thresholds.js';
export { IMPORTED_SCENARIO, type ImportedFile, type ImportedScenario, type InputKind } from './imported.js';
