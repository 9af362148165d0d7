/**
 * Whether a results file is a measurement at all: the one rule every consumer asks before
 * trusting its numbers (the verdict, `run`'s exit code, `baseline save`, `history append`).
 *
 * A run measured nothing trustworthy when it was interrupted (`complete: false`) or when a
 * repetition ended in a way that cut its load short: aborted by the script
 * (`exec.test.abort()`, k6 exit 108), a script exception (107), a configuration k6 refused
 * (104) or any other non-zero exit except 99. Exit 99 (thresholds crossed, also when
 * `abortOnFail` stopped the test) is a measurement whose thresholds decide the verdict.
 * Such a run is never a pass: the gate's verdict is *measurement failed* (exit 4).
 */
import { K6ExitCode } from '../core/errors.js';
import type { ResultsFile } from '../results/results.js';

export interface MeasurementProblem {
  /** The scenario whose repetitions failed; null for the whole run (interrupted). */
  scenario: string | null;
  /** `base` or `head` when the file is one side of a comparison. */
  side?: 'base' | 'head';
  /** One line for people, e.g. `baseline: 3 of 3 repetitions aborted by the script (k6 exit 108)`. */
  text: string;
}

const EXIT_MEANINGS: Record<number, string> = {
  [K6ExitCode.aborted]: 'aborted by the script (exec.test.abort)',
  [K6ExitCode.scriptException]: 'stopped by a script exception',
  [K6ExitCode.invalidConfig]: 'refused: invalid options',
  97: 'aborted by the cloud',
  98: 'failed to set up the test',
  100: 'stopped by a setup() timeout',
  101: 'stopped by a teardown() timeout',
  103: 'could not initialize the script',
  [K6ExitCode.externalAbort]: 'interrupted (Ctrl-C or SIGTERM)',
  106: 'could not be parsed',
  109: 'could not be initialized (invalid module)',
  [K6ExitCode.markedAsFailed]: 'marked as failed by the script (exec.test.fail)',
};

/** Exit codes of a repetition that measured what it was asked to: ran to the end, thresholds judged. */
export function isMeasuredExit(exitCode: number): boolean {
  return exitCode === K6ExitCode.ok || exitCode === K6ExitCode.thresholdsCrossed;
}

/** What makes `file` not a (complete) measurement; empty when its numbers can be judged. */
export function measurementProblems(file: ResultsFile, side?: 'base' | 'head'): MeasurementProblem[] {
  const problems: MeasurementProblem[] = [];
  const prefix = side ? `${side}: ` : '';
  if (!file.complete) {
    problems.push({ scenario: null, side, text: `${prefix}run ${file.runId} is incomplete: it was interrupted or a repetition could not be measured` });
  }
  for (const sc of file.scenarios) {
    const byExit = new Map<number, number>();
    for (const r of sc.repetitions) if (!isMeasuredExit(r.exitCode)) byExit.set(r.exitCode, (byExit.get(r.exitCode) ?? 0) + 1);
    for (const [exit, count] of byExit) {
      const what = EXIT_MEANINGS[exit] ?? 'ended with an error';
      problems.push({ scenario: sc.name, side, text: `${prefix}${sc.name}: ${count} of ${sc.repetitions.length} repetition${sc.repetitions.length === 1 ? '' : 's'} ${what} (exit ${exit}), so the numbers do not measure the scenario` });
    }
  }
  return problems;
}
