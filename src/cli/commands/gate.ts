import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { runGate, type GateOutcome } from '../../runner/gate.js';
import {
  addCompareFlags,
  addMeasureFlags,
  addReportFlags,
  compareSettingsFrom,
  type CompareFlags,
  type MeasureFlags,
  measureWith,
  type ReportFlags,
} from '../shared-flags.js';
import type { CommandModule } from './types.js';

interface GateFlags extends MeasureFlags, CompareFlags, ReportFlags {
  target?: string;
  baseline?: string;
  requireBaseline?: boolean;
}

export const gateCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const cmd = program
      .command('gate')
      .description('Run the suite, compare with the baseline, judge thresholds, write reports; exit 0 pass, 1 fail')
      .argument('[scenario...]', 'scenario names (default: all configured)')
      .option('-t, --target <url>', 'service URL, or "embedded" to start the reference target')
      .option('-b, --baseline <file>', 'compare with this results file instead of the stored baseline')
      .option('--require-baseline', 'exit 3 when there is no baseline instead of judging thresholds only');
    addReportFlags(addCompareFlags(addMeasureFlags(cmd))).action(async (scenarios: string[], opts: GateFlags) => {
      const outcome = await measureWith(scenarios, opts, (suite) =>
        runGate({
          ...suite,
          target: opts.target,
          baselineFile: opts.baseline,
          requireBaseline: opts.requireBaseline,
          reportDir: opts.reportDir,
          formats: opts.format,
          compare: compareSettingsFrom(opts),
        }),
      );
      process.stdout.write(formatGateOutcome(outcome));
      setExitCode(gateExitCode(outcome));
    });
  },
};

/** 4 when the run was interrupted, 1 when the verdict is fail, else 0. */
export function gateExitCode(outcome: Pick<GateOutcome, 'run' | 'comparison'>): number {
  if (!outcome.run.results.complete) return ExitCode.measurementFailed;
  return outcome.comparison.verdict === 'fail' ? ExitCode.gateFailed : ExitCode.ok;
}

/** The few lines a person reads at the end of a CI log. */
export function formatGateOutcome(outcome: GateOutcome): string {
  const lines: string[] = [];
  for (const n of outcome.notices) lines.push(`note: ${n}`);
  if (!outcome.run.results.complete) lines.push('run interrupted: results are incomplete; no verdict');
  lines.push(...formatVerdict(outcome));
  lines.push(`results: ${outcome.run.file}`);
  if (outcome.baseline) lines.push(`baseline: ${outcome.baseline.file}`);
  lines.push(...formatReportPaths(outcome.reports));
  return `${lines.join('\n')}\n`;
}

export function formatVerdict(outcome: Pick<GateOutcome, 'comparison'>): string[] {
  return [`verdict: ${outcome.comparison.verdict.toUpperCase()}`, ...outcome.comparison.reasons.map((r) => `  - ${r}`)];
}

export function formatReportPaths(reports: Record<string, string>): string[] {
  return Object.entries(reports).map(([format, path]) => `report (${format}): ${path}`);
}
