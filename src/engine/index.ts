/**
 * The embedded k6-compatible engine: runs a plain k6 script in Node and returns
 * k6's handleSummary data, HDR histograms, a 1 s time series and k6's exit code.
 */
import { EngineRun } from './controller/engine-run.js';
import type { EngineRunOptions, EngineRunResult } from './types.js';

export type { EngineRunOptions, EngineRunResult, EngineProgress, EngineConsole, GeneratorLoad } from './types.js';
export type { TimeSeriesPoint } from './metrics/time-series.js';

/**
 * Engine name and version, as recorded in results files (0.2: sync scripts run on shared
 * threads, which moves their client-side numbers; 0.3: k6's exact percentiles and test-run
 * time base for rates, which move Trend percentiles and Counter rates; 0.4: names the k6
 * generation it follows by default, current k6 (v2), where it said v0.49; the numbers are 0.3's).
 */
export const ENGINE_VERSION = 'loadgate-embedded/0.4.0 (k6 v2 compatible)';

/** Runs a k6 script to completion (or until `signal` aborts it). Never rejects for script problems: see exitCode/errors. */
export async function runScript(opts: EngineRunOptions): Promise<EngineRunResult> {
  const run = new EngineRun(opts);
  try {
    return await run.execute();
  } finally {
    await run.dispose();
  }
}

export { renderTextSummary } from './output/text-summary.js';
export { humanizeDuration, humanizeValue } from './output/k6-humanize.js';
export { toSummaryExport, type SummaryExport } from './output/summary-export.js';
