/**
 * The gate against stored numbers: the suite measured now, compared with a baseline measured
 * at another time. The drift guard's canary is measured between the rounds, so a machine that
 * changed since the baseline makes the comparison inconclusive instead of failing it, and a
 * regression is re-measured (head and canary again) before it fails.
 */
import { selectProfile } from '../config/select-profile.js';
import { gateOutputDirs } from './output-dirs.js';
import { measurementProblems } from '../compare/measurement.js';
import { compareRuns } from '../compare/index.js';
import type { Comparison, ComparisonSettings } from '../compare/model.js';
import { captureEnvironment } from '../results/environment.js';
import { NoBaselineError } from '../core/errors.js';
import { readResultsFile } from '../results/results-store.js';
import { findBaseline, type BaselineMatch } from '../history/baseline-store.js';
import { appendHistory } from '../history/history-store.js';
import { writeReports, type ReportFormat } from '../report/index.js';
import type { Canary } from '../runner/canary.js';
import { measureRound, openPlanCanary, openSuiteSide, planSuite, type RunSuiteOptions, type RunSuiteResult } from '../runner/run-suite.js';
import { confirmRegressions, metricsToConfirm, scenariosOf, withFreshProcesses } from './confirm.js';
import { restartSides } from '../runner/target-side.js';
import { signOffInput, type SignOffOptions } from './sign-off.js';
import { pathUnder } from '../core/path-names.js';

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
  /** Re-measure regressed scenarios (and the canary) before failing. @default true */
  confirm?: boolean;
  /** Also render the release sign-off page from this gate's verdict. */
  signOff?: SignOffOptions;
}

export interface GateOutcome {
  run: RunSuiteResult;
  /** The baseline compared with, or null when there is none yet. */
  baseline: BaselineMatch | null;
  /** The confirmation round's results, when round 1 found a regression. */
  confirmation: RunSuiteResult | null;
  /** The final comparison (the confirmation round folded in). */
  comparison: Comparison;
  /** format → written report path. */
  reports: Record<string, string>;
  /** Plain statements for the user, e.g. that there is no baseline yet. */
  notices: string[];
}

/**
 * The PR gate against stored numbers: find the baseline, run the suite with the canary,
 * compare, confirm a regression, judge thresholds, write the reports. Returns the verdict
 * as data; the CLI turns it into an exit code.
 */
export async function runGate(options: GateOptions): Promise<GateOutcome> {
  const { config } = options;
  const notices: string[] = [];
  selectProfile(config, options.profile);
  const baseline = await locateBaseline(options);
  if (!baseline) {
    notices.push(`No baseline for profile "${options.profile}" yet: thresholds judged, nothing compared. Save one with \`loadgate baseline save <results file>\`.`);
  } else if (!baseline.sameEnvironment) {
    notices.push(`No baseline for this environment; comparing with ${baseline.file}, measured on another machine kind.`);
  }
  const plan = await planSuite({ ...options, outputDirs: gateOutputDirs(options, options.profile) });
  const sides = [await openSuiteSide(plan)];
  let run: RunSuiteResult;
  let confirmation: RunSuiteResult | null = null;
  let comparison: Comparison;
  let canary: Canary | null = null;
  try {
    canary = await openPlanCanary(plan);
    run = await measureRound(plan, sides[0]!, canary);
    const settings = { ...config.compare, ...options.compare };
    comparison = compareRuns(baseline?.results ?? null, run.results, settings);
    const picks = metricsToConfirm(comparison);
    const machineChanged = comparison.drift?.status === 'changed';
    if (baseline && options.confirm !== false && run.results.complete && picks.length > 0 && !machineChanged && !options.signal?.aborted) {
      notices.push(`round 1 found ${picks.length} regressed metric${picks.length === 1 ? '' : 's'}; re-measuring ${scenariosOf(picks).join(', ')} (and the canary) before failing`);
      // On a fresh process of the target where loadgate started it, so that a slow process cannot
      // confirm itself (side-by-side.ts); a target given as a URL is measured as it is.
      const restarted = await restartSides(sides);
      confirmation = await measureRound(plan, sides[0]!, canary, { scenarios: scenariosOf(picks), warmupRounds: restarted ? undefined : 0 });
      if (confirmation.results.complete) {
        comparison = withFreshProcesses(confirmRegressions(comparison, baseline.results, confirmation.results, settings), restarted);
      }
    }
  } finally {
    await Promise.all([sides[0]!.stop(), canary?.close()]);
  }
  if (comparison.drift?.status === 'unavailable' && baseline) notices.push(`${comparison.drift.summary}; re-save the baseline to guard against a changed machine`);
  const signOff = options.signOff ? await signOffInput(config, options.signOff) : null;
  if (signOff) notices.push(...signOff.warnings.map((w) => `history: ${w}`));
  const reports = await writeReports(
    { comparison, head: run.results, base: baseline?.results ?? null, ...signOff?.input },
    options.reportDir ?? pathUnder(config.reportsDir, run.results.runId),
    options.formats ?? ['html', 'markdown', 'junit', 'json'],
  );
  // Profiles that keep history (weekly and release by default) build the trend; an interrupted or aborted run is not a data point.
  if (config.profiles[options.profile]?.keepHistory === true && measurementProblems(run.results).length === 0) {
    const h = await appendHistory(config.historyDir, run.results);
    notices.push(`history: ${h.appended ? 'appended to' : 'already in'} ${h.file}`);
    if (h.repaired) notices.push(h.repaired);
  }
  return { run, baseline, confirmation, comparison, reports, notices };
}

async function locateBaseline(options: GateOptions): Promise<BaselineMatch | null> {
  if (options.baselineFile) {
    return { results: await readResultsFile(options.baselineFile), file: options.baselineFile, sameEnvironment: true };
  }
  const { config } = options;
  const env = await captureEnvironment(config.root);
  const baseline = await findBaseline(config.baselinesDir, options.profile, env.fingerprint);
  if (!baseline && options.requireBaseline) {
    throw new NoBaselineError(
      `no baseline for profile "${options.profile}" in ${config.baselinesDir}; run \`loadgate run --profile ${options.profile}\` then \`loadgate baseline save <results file>\``,
    );
  }
  return baseline;
}

