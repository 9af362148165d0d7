import type { GateVerdict } from '../compare/model.js';
import { ExitCode } from '../core/errors.js';

/**
 * The exit code of a verdict (README, "Exit codes"): 4 when the measurement behind it is
 * incomplete, then 1 fail, 5 inconclusive, 0 pass.
 */
export function verdictExitCode(verdict: GateVerdict, complete = true): number {
  if (!complete) return ExitCode.measurementFailed;
  if (verdict === 'fail') return ExitCode.gateFailed;
  if (verdict === 'inconclusive') return ExitCode.inconclusive;
  return ExitCode.ok;
}
