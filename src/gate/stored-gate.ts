import { join } from 'node:path';
import { compareRuns } from '../compare/index.js';
import type { Comparison, ComparisonSettings } from '../compare/model.js';
import { NoBaselineError } from '../core/errors.js';
import type { ResultsFile } from '../core/results.js';
import { findBaseline, type BaselineMatch } from '../history/baseline-store.js';
import { appendHistory, HISTORY_PROFILES } from '../history/history-store.js';
import { writeReports, type ReportFormat } from '../report/index.js';
import { captureEnvironment } from '../core/environment.js';
import { readResultsFile } from '../core/results-store.js';
import { runSuite, type RunSuiteOptions, type RunSuiteResult } from './run-suite.js';

export interface GateOptions extends RunSuiteOptions {
  /** Fail with NoBaselineError (exit 3) before running when there is no baseline. @default false */
  requireBaseline?: boolean;
  /** Compare with this results file instead of the stored baseline. */
  baselineFile?: string;
  /** Report directory; overrides config.reportsDir. */
  reportDir?: string;
  /** @default ['html', 'markdown', 'junit', 'json'] */
  formats?: ReportFormat[];
  /** Overrides of the config's comparison settings. */
  compare?: Partial<ComparisonSettings>;
}

export interface GateOutcome {
  run: RunSuiteResult;
  /** The baseline compared with, or null when there is none yet. */
  baseline: BaselineMatch | null;
  comparison: Comparison;
  /** format → written report path. */
  reports: Record<string, string>;
  /** Plain statements for the user, e.g. that there is no baseline yet. */
  notices: string[];
}

/**
 * The PR gate: find the baseline, run the suite, compare, judge thresholds, write
 * the reports. Returns the verdict as data; the CLI turns it into an exit code.
 */
export async function runGate(options: GateOptions): Promise<GateOutcome> {
  const { config } = options;
  const notices: string[] = [];
  let baseline: BaselineMatch | null;
  if (options.baselineFile) {
    baseline = { results: await readResultsFile(options.baselineFile), file: options.baselineFile, sameEnvironment: true };
  } else {
    const env = await captureEnvironment(config.root);
    baseline = await findBaseline(config.baselinesDir, options.profile, env.fingerprint);
    if (!baseline && options.requireBaseline) {
      throw new NoBaselineError(
        `no baseline for profile "${options.profile}" in ${config.baselinesDir}; run \`loadgate run --profile ${options.profile}\` then \`loadgate baseline save <results file>\``,
      );
    }
  }
  if (!baseline) {
    notices.push(`No baseline for profile "${options.profile}" yet: thresholds judged, nothing compared. Save one with \`loadgate baseline save <results file>\`.`);
  } else if (!baseline.sameEnvironment) {
    notices.push(`No baseline for this environment; comparing with ${baseline.file}, measured on another machine kind.`);
  }

  const run = await runSuite(options);
  const comparison = compareRuns(baseline?.results ?? null, run.results, { ...config.compare, ...options.compare });
  const reports = await writeReports(
    { comparison, head: run.results, base: baseline?.results ?? null },
    options.reportDir ?? join(config.reportsDir, run.results.runId),
    options.formats ?? ['html', 'markdown', 'junit', 'json'],
  );
  // Weekly and release runs build the trend; an interrupted run is not a data point.
  if (HISTORY_PROFILES.includes(options.profile) && run.results.complete) {
    const h = await appendHistory(config.historyDir, run.results);
    notices.push(`history: ${h.appended ? 'appended to' : 'already in'} ${h.file}`);
    if (h.repaired) notices.push(h.repaired);
  }
  return { run, baseline, comparison, reports, notices };
}

/** Compares two stored runs (no measurement): `loadgate compare base.json head.json`. */
export async function compareResultFiles(
  baseFile: string,
  headFile: string,
  settings: Partial<ComparisonSettings>,
): Promise<{ base: ResultsFile; head: ResultsFile; comparison: Comparison }> {
  const [base, head] = await Promise.all([readResultsFile(baseFile), readResultsFile(headFile)]);
  return { base, head, comparison: compareRuns(base, head, settings) };
}
