/**
 * The side-by-side gate: base and head services measured in one run, repetitions interleaved
 * in counterbalanced pairs, compared, and any regression confirmed in a second round of fresh
 * pairs before it fails. `loadgate ab` and `loadgate gate --base-ref` both end here.
 *
 * The confirmation round measures fresh processes of both services where loadgate started them:
 * one process can run a few per cent slower than another started the same way for its whole
 * life (where the scheduler keeps it beside the load generator, its memory layout), and pairs
 * of the same two processes cannot tell that from the build. Round 2 on new processes must
 * show the metric worse by its whole minimum effect on its own (gate/confirm.ts): a slow
 * process no longer confirms itself.
 */
import { compareRuns } from '../compare/index.js';
import type { Comparison, ComparisonSettings } from '../compare/model.js';
import type { ResultsFile, ScenarioResult } from '../results/results.js';
import { writeResultsFile } from '../results/results-store.js';
import { writeReports, type ReportFormat } from '../report/index.js';
import { measureSides, resultsFileOf, type SidesMeasurement, type SuitePlan } from '../runner/run-suite.js';
import { restartSides, type TargetSide } from '../runner/target-side.js';
import { confirmSideBySide, scenariosOf, screenSideBySide, withFreshProcesses } from './confirm.js';
import { signOffInput, type SignOffOptions } from './sign-off.js';
import { pathUnder } from '../core/path-names.js';

/** A results file and where it was written. */
export interface WrittenResults {
  results: ResultsFile;
  file: string;
}

/** What the two sides are, for the results files and the report title. */
export interface SideLabels {
  /** E.g. `HEAD~1 (3f2a1bc)` or the `--base` spec. */
  base: string;
  head: string;
  /** Git facts of a base-ref run, recorded in both files. */
  baseRef?: { ref: string; commit: string };
}

export interface SideBySideOptions {
  plan: SuitePlan;
  base: TargetSide;
  head: TargetSide;
  labels: SideLabels;
  compare?: Partial<ComparisonSettings>;
  /** Re-measure regressed scenarios in a second round before failing. @default true */
  confirm?: boolean;
  reportDir?: string;
  /** @default ['html', 'markdown', 'junit', 'json'] */
  formats?: ReportFormat[];
  /** Also render the release sign-off page from this gate's verdict. */
  signOff?: SignOffOptions;
}

export interface SideBySideOutcome {
  base: WrittenResults;
  head: WrittenResults;
  /** The confirmation round's files, when round 1 found a regression. */
  confirmation: { base: WrittenResults; head: WrittenResults } | null;
  /** The final comparison (round 2 folded in). */
  comparison: Comparison;
  reports: Record<string, string>;
  /** True when every repetition of every round was measured. */
  complete: boolean;
}

/**
 * Measures both sides interleaved, compares, confirms, writes results and reports. Stops
 * both sides when done, also on failure.
 */
export async function runSideBySide(options: SideBySideOptions): Promise<SideBySideOutcome> {
  const { plan } = options;
  const settings = { ...plan.options.config.compare, ...options.compare };
  const sides = [options.base, options.head];
  try {
    const round1 = await measureSides(plan, sides, { labels: ['base', 'head'] });
    const [base, head] = await writePair(options, round1, sides);
    let comparison = compareRuns(base.results, head.results, settings);
    let confirmation: SideBySideOutcome['confirmation'] = null;
    let complete = round1.complete;
    const confirm = options.confirm !== false;
    // Without a confirmation round round 1 decides alone, at alpha; with one it only screens.
    const picks = confirm ? screenSideBySide(comparison, base.results, head.results, settings) : [];
    if (confirm && complete && picks.length > 0 && !plan.options.signal?.aborted) {
      const restarted = await restartSides(sides);
      // Fresh processes are warmed up as round 1's were; the same ones are warm already.
      const warmupRounds = restarted ? undefined : 0;
      const round2 = await measureSides(plan, sides, { scenarios: scenariosOf(picks), warmupRounds, labels: ['base, confirming', 'head, confirming'] });
      const [base2, head2] = await writePair(options, round2, sides);
      confirmation = { base: base2, head: head2 };
      complete = round2.complete;
      if (complete) {
        comparison = withFreshProcesses(confirmSideBySide(comparison, picks, { base1: base.results, head1: head.results, base2: base2.results, head2: head2.results }, settings), restarted);
      }
    }
    const signOff = options.signOff ? await signOffInput(plan.options.config, options.signOff) : null;
    const reports = await writeReports(
      { comparison, head: head.results, base: base.results, title: `Side by side: ${options.labels.base} vs ${options.labels.head}`, ...signOff?.input },
      options.reportDir ?? pathUnder(plan.options.config.reportsDir, `ab-${head.results.runId}`),
      options.formats ?? ['html', 'markdown', 'junit', 'json'],
    );
    return { base, head, confirmation, comparison, reports, complete };
  } finally {
    await Promise.all(sides.map((side) => side.stop()));
  }
}

/** Both sides' results files of one measured round (`sides`: base, head as measured), each naming the other. */
async function writePair(options: SideBySideOptions, measured: SidesMeasurement, sides: TargetSide[]): Promise<[WrittenResults, WrittenResults]> {
  const { plan } = options;
  const files = ([0, 1] as const).map((s) => resultsFileOf(plan, sides[s] as TargetSide, measured.scenarios[s] as ScenarioResult[], measured.complete));
  const [base, head] = files as [ResultsFile, ResultsFile];
  const ref = options.labels.baseRef;
  // The base side measured another commit: its file says which.
  if (ref) base.environment = { ...base.environment, gitSha: ref.commit, gitBranch: ref.ref };
  base.sideBySide = { side: 'base', otherRunId: head.runId, order: measured.order, ...(ref && { ref: ref.ref, commit: ref.commit }) };
  head.sideBySide = { side: 'head', otherRunId: base.runId, order: measured.order };
  const dir = plan.options.outDir ?? plan.options.config.resultsDir;
  return [
    { results: base, file: await writeResultsFile(dir, base) },
    { results: head, file: await writeResultsFile(dir, head) },
  ];
}
