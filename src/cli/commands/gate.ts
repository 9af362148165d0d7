import type { Command } from 'commander';
import type { Comparison } from '../../compare/model.js';
import { UsageError } from '../../core/errors.js';
import { INTERRUPTED_LINE, verdictExitCode, verdictWord } from '../verdict-exit.js';
import type { BaseRefOutcome } from '../../gate/base-ref.js';
import type { GateOutcome } from '../../gate/stored-gate.js';
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
  baseRef?: string;
  allowDirty?: boolean;
  confirm: boolean;
  signOff?: boolean;
  version?: string;
  history?: string;
}

export const gateCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const cmd = program
      .command('gate')
      .description('Run the suite and judge it: side by side with a base build (--base-ref), or against the stored baseline; exit 0 pass, 1 fail, 5 inconclusive')
      .argument('[scenario...]', 'scenario names (default: all configured)')
      .option('--base-ref <ref>', 'compare side by side with this git ref (branch, tag, commit, HEAD~1), built in a cached worktree (config base.ref)')
      .option('--allow-dirty', 'with --base-ref: measure a working tree with uncommitted changes as the head')
      .option('--no-confirm', 'fail on round 1 alone instead of re-measuring a regression first')
      .option('-t, --target <url>', 'service URL, or "embedded" to start the reference target (not with --base-ref)')
      .option('-b, --baseline <file>', 'compare with this results file instead of the stored baseline')
      .option('--require-baseline', 'exit 3 when there is no baseline instead of judging thresholds only')
      .option('--sign-off', "also render the release sign-off page from this gate's verdict (the confirmation round included)")
      .option('--version <version>', 'with --sign-off: the release version the page signs')
      .option('--history <profile>', 'with --sign-off: the history profile whose trend the page shows (default weekly)');
    addReportFlags(addCompareFlags(addMeasureFlags(cmd))).action(async (scenarios: string[], opts: GateFlags) => {
      const outcome = await measureWith(scenarios, opts, async (suite) => {
        const baseRef = opts.baseRef ?? (opts.baseline ? null : suite.config.base.ref);
        if (!opts.signOff && (opts.version !== undefined || opts.history !== undefined)) throw new UsageError('--version and --history only apply with --sign-off');
        const signOff = opts.signOff ? { version: opts.version, historyProfile: opts.history } : undefined;
        const common = { ...suite, reportDir: opts.reportDir, formats: opts.format, compare: compareSettingsFrom(opts), confirm: opts.confirm, signOff };
        if (baseRef) {
          if (opts.target) throw new UsageError('--target cannot be used with --base-ref: both sides are started from base.command (see loadgate.config.ts)');
          if (opts.baseline) throw new UsageError('--baseline cannot be used with --base-ref: the base is the build of the ref, measured side by side');
          const { runBaseRefGate } = await import('../../gate/base-ref.js');
          return runBaseRefGate({ ...common, baseRef, allowDirty: opts.allowDirty });
        }
        if (opts.allowDirty) throw new UsageError('--allow-dirty only applies with --base-ref');
        const { runGate } = await import('../../gate/stored-gate.js');
        return runGate({ ...common, target: opts.target, baselineFile: opts.baseline, requireBaseline: opts.requireBaseline });
      });
      process.stdout.write('baseCommit' in outcome ? formatBaseRefOutcome(outcome) : formatGateOutcome(outcome));
      setExitCode(verdictExitCode(outcome.comparison.verdict));
    });
  },
};

/** The few lines a person reads at the end of a CI log. */
export function formatGateOutcome(outcome: GateOutcome): string {
  const lines: string[] = [];
  for (const n of outcome.notices) lines.push(`note: ${n}`);
  if (!outcome.run.results.complete) lines.push(INTERRUPTED_LINE);
  lines.push(...formatVerdict(outcome));
  lines.push(`results: ${outcome.run.file}`);
  if (outcome.confirmation) lines.push(`results (confirmation): ${outcome.confirmation.file}`);
  if (outcome.baseline) lines.push(`baseline: ${outcome.baseline.file}`);
  lines.push(...formatReportPaths(outcome.reports));
  return `${lines.join('\n')}\n`;
}

/** The same for a side-by-side gate against a base ref. */
export function formatBaseRefOutcome(outcome: BaseRefOutcome): string {
  const lines: string[] = [];
  for (const n of outcome.notices) lines.push(`note: ${n}`);
  if (!outcome.complete) lines.push(INTERRUPTED_LINE);
  lines.push(...formatVerdict(outcome));
  lines.push(`results: ${outcome.head.file}`, `results (base): ${outcome.base.file}`);
  if (outcome.confirmation) lines.push(`results (confirmation): ${outcome.confirmation.head.file}`, `results (confirmation, base): ${outcome.confirmation.base.file}`);
  lines.push(...formatReportPaths(outcome.reports));
  return `${lines.join('\n')}\n`;
}

export function formatVerdict(outcome: { comparison: Comparison }): string[] {
  const c = outcome.comparison;
  const lines = [`verdict: ${verdictWord(c.verdict)}`, ...c.reasons.map((r) => `  - ${r}`)];
  if (c.confirmation) {
    const { tested, held } = c.confirmation;
    const metrics = `metric${tested.length === 1 ? '' : 's'}`;
    const round = c.confirmation.freshProcesses ? 'confirmation round (services restarted for it)' : 'confirmation round';
    lines.push(
      c.confirmation.rule === 'pooled'
        ? `  ${round}: ${held.length} of ${tested.length} ${metrics} flagged in round 1 held over both rounds' pairs`
        : `  ${round}: ${held.length} of ${tested.length} regressed ${metrics} regressed again on fresh repetitions`,
    );
  }
  return lines;
}

export function formatReportPaths(reports: Record<string, string>): string[] {
  return Object.entries(reports).map(([format, path]) => `report (${format}): ${path}`);
}
