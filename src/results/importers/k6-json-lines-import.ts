/** k6 `--out json` lines (plain or gzipped) as one repetition with a full summary and histograms. */
import { InputFileError } from '../../core/errors.js';
import { importedRepetition, thresholdsOfSummary, IMPORTED_SCENARIO, type ImportedFile } from './imported.js';
import { readK6JsonOutput } from './k6-json-output.js';

/** Trend stats of imported summaries: dense enough for gating (p(95), p(99)) without the histograms. */
export const IMPORTED_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

/**
 * Streams the file (bounded memory: one sink per metric and sub-metric). Unlike the
 * k6-binary runner, which keeps what it can of a killed run, an import must be whole:
 * a bad line or a truncated gzip is an InputFileError naming the line.
 */
export async function importK6JsonLines(file: string, gzip: boolean): Promise<ImportedFile> {
  const out = await readK6JsonOutput(file, { gzip, summaryTrendStats: IMPORTED_TREND_STATS });
  if (out.problems.length > 0) {
    throw new InputFileError(file, `line ${out.firstProblemLine ?? 0}`, `${out.problems.join('; ')}; expected k6 --out json lines ({"type":"Metric"…} and {"type":"Point"…})`);
  }
  if (Object.keys(out.pointCounts).length === 0) {
    throw new InputFileError(file, '', 'no k6 Point records: is this the output of `k6 run --out json=<file>`?');
  }
  const rep = importedRepetition(out.summary, out.histograms, out.startedAt ?? new Date(0).toISOString());
  rep.timeSeries = out.timeSeries;
  return {
    file,
    kind: 'k6-json-lines',
    engine: { name: 'k6', version: 'unknown (imported --out json)' },
    scenarios: [{ name: IMPORTED_SCENARIO, repetitions: [rep], thresholds: thresholdsOfSummary(out.summary), gating: [] }],
  };
}
