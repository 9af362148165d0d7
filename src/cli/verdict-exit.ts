import type { GateVerdict } from '../compare/model.js';
import { ExitCode } from '../core/errors.js';

/**
 * The exit code of a verdict (README, "Exit codes"): 4 measurement failed (interrupted,
 * aborted repetitions), 1 fail, 5 inconclusive, 0 pass.
 */
export function verdictExitCode(verdict: GateVerdict): number {
  if (verdict === 'measurement-failed') return ExitCode.measurementFailed;
  if (verdict === 'fail') return ExitCode.gateFailed;
  if (verdict === 'inconclusive') return ExitCode.inconclusive;
  return ExitCode.ok;
}

/**
 * What stdout says, just above `verdict: MEASUREMENT FAILED`, when a run was interrupted: one
 * statement that agrees with the verdict line (not "no verdict" followed by a verdict).
 */
export const INTERRUPTED_LINE = 'run interrupted: results are incomplete, so the measurement failed (exit 4)';

/** The verdict as the last lines of a CI log spell it: `PASS`, `MEASUREMENT FAILED`. */
export function verdictWord(verdict: GateVerdict): string {
  return verdict.replace(/-/g, ' ').toUpperCase();
}
