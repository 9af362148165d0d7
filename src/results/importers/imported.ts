/** What every importer returns: one foreign file's scenarios, each with its repetitions. */
import type { K6Group, K6Summary } from '../../core/k6-summary.js';
import type { GatingMetric, Repetition, ResultsFile, TargetThreshold } from '../results.js';
import { parseThresholdExpression } from '../../core/threshold-expression.js';
import { summaryThresholds } from './summary-thresholds.js';

/** The kinds of input loadInputs understands. */
export type InputKind = 'loadgate' | 'k6-handle-summary' | 'k6-summary-export' | 'k6-json-lines' | 'autocannon' | 'go-bench';

/** Scenario name of single-scenario foreign files (k6, autocannon), so that base and head files line up. */
export const IMPORTED_SCENARIO = 'imported';

export interface ImportedScenario {
  name: string;
  repetitions: Repetition[];
  /** Target thresholds carried by the source (k6 options.thresholds), judged by loadgate like its own. */
  thresholds: TargetThreshold[];
  /** Empty: compare's defaults. */
  gating: GatingMetric[];
}

export interface ImportedFile {
  file: string;
  kind: InputKind;
  engine: ResultsFile['engine'];
  /** The measured service, when the source says (autocannon's url). */
  targetUrl?: string;
  scenarios: ImportedScenario[];
}

/** An empty k6 root group (md5('') id, as k6 computes it). */
export function emptyRootGroup(): K6Group {
  return { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] };
}

/** A repetition from one imported summary. exitCode 99 when a threshold in it failed, as k6 exits. */
export function importedRepetition(summary: K6Summary, histograms: Record<string, string>, startedAt: string): Repetition {
  const failed = Object.values(summary.metrics).some((m) => Object.values(m.thresholds ?? {}).some((t) => !t.ok));
  return {
    index: 0,
    startedAt,
    durationMs: summary.state.testRunDurationMs,
    exitCode: failed ? 99 : 0,
    errors: [],
    summary,
    histograms,
  };
}

/** The thresholds a k6 summary carries, as loadgate target thresholds (those in loadgate's grammar). */
export function thresholdsOfSummary(summary: K6Summary): TargetThreshold[] {
  return summaryThresholds(summary.metrics).filter((t) => {
    try {
      parseThresholdExpression(t.expression);
      return true;
    } catch {
      return false;
    }
  });
}

/** A summary's metric values checked to be finite numbers; throws via `fail(key, message)`. */
export function checkValues(values: unknown, key: string, fail: (key: string, msg: string) => never): Record<string, number> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) fail(key, 'expected an object of stat → number');
  for (const [stat, v] of Object.entries(values as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${key}.${stat}`, `expected a number, found ${JSON.stringify(v)}`);
  }
  return values as Record<string, number>;
}
