import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../core/errors.js';
import type { BisectOutcome, BisectStatus } from '../../bisect/outcome.js';
import type { BisectStep } from '../../bisect/search.js';
import { formatDelta, formatP } from '../../report/format.js';
import { addCompareFlags, addMeasureFlags, compareSettingsFrom, type CompareFlags, type MeasureFlags, measureWith } from '../shared-flags.js';
import { listOf, positiveInt } from '../options.js';
import type { CommandModule } from './types.js';

interface BisectFlags extends MeasureFlags, CompareFlags {
  good?: string;
  bad?: string;
  fromTrend?: string;
  fromGate?: string;
  metric?: string[];
  maxRounds?: number;
  reportDir?: string;
  format?: Array<'html' | 'markdown' | 'json'>;
}

/** bisect's exit codes (README, "Exit codes"). */
export const BISECT_EXIT: Record<BisectStatus, number> = {
  found: ExitCode.ok,
  'ambiguous-skips': ExitCode.inconclusive,
  'no-regression': ExitCode.noRegression,
  'not-reproduced': ExitCode.measurementFailed,
};

export const bisectCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const cmd = program
      .command('bisect')
      .description('Find the commit that made a metric worse between --good and --bad, each step measured side by side with both ends; exit 0 found, 6 no regression between the ends, 4 the ends do not reproduce it, 5 only skipped commits left')
      .argument('[scenario...]', 'scenario names (default: all configured)')
      .option('--good <ref>', 'a commit known to be fast (branch, tag, sha)')
      .option('--bad <ref>', 'a later commit known to be slow; --good must be its ancestor')
      .option('--from-trend <file>', "instead of --good/--bad: the commits around the latest regression change point of a history file (history/weekly.ndjson), and its metric")
      .option('--from-gate <report.json>', "follow the metrics (and scenarios) a gate's JSON report flagged as regressed")
      .option('-m, --metric <name[:stat]>', "metric to follow, e.g. http_req_duration:p(95) (stat default med; repeatable; default: what the newest gate report under reportsDir flagged, else the scenarios' gating metrics)", (v: string, prev: string[] = []) => [...prev, v])
      .option('--max-rounds <n>', 'rounds of --count repetitions an unclear step may take before it is decided by its lean (default 3)', positiveInt('--max-rounds'))
      .option('--report-dir <dir>', 'where bisect.html, bisect.md and bisect.json go (default: reports/bisect-<time>/)')
      .option('--format <list>', 'report formats, comma-separated: html,markdown,json', listOf('--format', ['html', 'markdown', 'json'] as const))
      .addHelpText('after', '\nEvery commit is built in a cached worktree with base.build and started with base.command on $PORT (loadgate.config.ts).\nExample:\n  loadgate bisect --good v1.4.0 --bad main checkout --metric http_req_duration:p(95)\n  loadgate bisect --from-trend history/weekly.ndjson');
    addCompareFlags(addMeasureFlags(cmd)).action(async (scenarios: string[], opts: BisectFlags) => {
      const ends = await endsOf(opts, scenarios);
      const outcome = await measureWith(ends.scenarios, opts, async (suite) => {
        const { runBisect } = await import('../../bisect/run-bisect.js');
        const followed = ends.metrics ? null : await lastGateFlags(suite.config.reportsDir, ends.scenarios);
        if (!ends.metrics) ends.followed = followed?.why ?? `no gate report under ${suite.config.reportsDir} flagged a metric: following the scenarios' gating metrics`;
        return runBisect({
          ...suite,
          ...(followed && { scenarios: followed.scenarios }),
          good: ends.good,
          bad: ends.bad,
          metrics: ends.metrics ?? followed?.metrics,
          maxRounds: opts.maxRounds,
          compare: compareSettingsFrom(opts),
          reportDir: opts.reportDir,
          formats: opts.format,
          onStep: (step) => process.stderr.write(`${formatStep(step)}\n`),
          notices: [ends.why, ends.followed].filter((n): n is string => n !== undefined),
        });
      });
      process.stdout.write(formatBisectOutcome(outcome));
      setExitCode(BISECT_EXIT[outcome.status]);
    });
  },
};

interface Ends {
  good: string;
  bad: string;
  /** Undefined: follow what the newest gate report flagged, else the gating metrics (lastGateFlags). */
  metrics?: string[];
  scenarios: string[];
  /** Where the ends came from (--from-trend), for the log. */
  why?: string;
  /** Where the metrics came from (--from-gate), for the log. */
  followed?: string;
}

/** The ends and metric: from the flags, from the trend's change point (--from-trend), or a gate's report (--from-gate). */
async function endsOf(opts: BisectFlags, scenarios: string[]): Promise<Ends> {
  if (opts.fromGate && opts.fromTrend) throw new UsageError('--from-gate and --from-trend each pick the metric: give one of them');
  if (opts.fromGate && opts.metric) throw new UsageError('--from-gate picks the metrics the gate flagged: give either --from-gate or --metric');
  if (!opts.fromTrend) {
    if (!opts.good || !opts.bad) throw new UsageError('bisect needs --good <ref> and --bad <ref>, or --from-trend <history file>');
    if (!opts.fromGate) return { good: opts.good, bad: opts.bad, metrics: opts.metric, scenarios };
    const { flagsFromGateReport } = await import('../../bisect/from-gate.js');
    const flagged = await flagsFromGateReport(opts.fromGate);
    return { good: opts.good, bad: opts.bad, metrics: flagged.metrics, scenarios: scenarios.length > 0 ? scenarios : flagged.scenarios, followed: flagged.why };
  }
  if (opts.good || opts.bad) throw new UsageError('--from-trend picks both ends itself: give either --from-trend or --good and --bad');
  const [{ endsFromTrend }, { parseMetricSpec }] = await Promise.all([import('../../bisect/from-trend.js'), import('../../bisect/run-bisect.js')]);
  const picked = await endsFromTrend(opts.fromTrend, (opts.metric ?? []).map(parseMetricSpec));
  return { good: picked.good, bad: picked.bad, metrics: opts.metric ?? [picked.metric], scenarios: scenarios.length > 0 ? scenarios : [picked.scenario], why: picked.why };
}

/**
 * No --metric: the metrics the newest gate report under the reports directory flagged (and its
 * scenarios, unless some were named), said in a notice; null (the gating metrics) when no gate
 * report there flagged any.
 */
async function lastGateFlags(reportsDir: string, scenarios: string[]): Promise<{ metrics: string[]; scenarios: string[]; why: string } | null> {
  const { flagsFromLatestGate } = await import('../../bisect/from-gate.js');
  const flagged = await flagsFromLatestGate(reportsDir);
  if (!flagged) return null;
  return { metrics: flagged.metrics, scenarios: scenarios.length > 0 ? scenarios : flagged.scenarios, why: flagged.why };
}

function formatStep(s: BisectStep): string {
  const e = s.evidence;
  const numbers = e ? `: vs good side ${formatDelta(e.left.worsePct)} ${formatP(e.left.p)}, bad side vs it ${formatDelta(e.right.worsePct)} ${formatP(e.right.p)}, ${e.repetitions} repetitions` : '';
  return `bisect step ${s.number}: commit #${s.mid} of ${s.lo}..${s.hi} ${s.verdict}${s.skipReason ? ` (${s.skipReason})` : ''}${numbers}`;
}

/** The lines a person reads at the end of the log. */
export function formatBisectOutcome(o: BisectOutcome): string {
  const { commits } = o.range;
  const lines = o.notices.map((n) => `note: ${n}`);
  const ends = o.ends.metrics.find((m) => m.metric === o.ends.primary) ?? o.ends.metrics[0];
  if (ends) lines.push(`ends: ${commits.at(-1)!.ref} vs ${commits[0]!.ref}: ${formatDelta(ends.effect.worsePct)} worse ${formatP(ends.effect.p)} (${o.ends.repetitions} repetitions)`);
  for (const c of o.search?.culprits ?? []) {
    const commit = commits[c.index]!;
    const e = c.effect;
    const interval = e && e.loPct !== null && e.hiPct !== null ? ` [${formatDelta(e.loPct)}, ${formatDelta(e.hiPct)}]` : '';
    lines.push(`first bad commit: ${commit.sha} ${commit.subject} (${commit.authorDate})${commit.merge ? ' [merge]' : ''}: ${formatDelta(e?.worsePct ?? null)}${interval} ${formatP(e?.p ?? null)}`);
    if (c.alsoPossible.length > 0) lines.push(`  or one of the skipped commits before it: ${c.alsoPossible.map((i) => commits[i]!.sha.slice(0, 12)).join(', ')}`);
  }
  const steps = o.search?.steps.length ?? 0;
  const verdict = { found: 'FOUND', 'ambiguous-skips': 'NARROWED (skipped commits left)', 'no-regression': 'NO REGRESSION between the ends', 'not-reproduced': 'NOT REPRODUCED: the ends do not show the regression' }[o.status];
  lines.push(`bisect: ${verdict}; ${steps} step${steps === 1 ? '' : 's'}, ${o.repetitions} repetitions${o.search ? `, confidence ${Math.round(o.search.confidence * 100)}%` : ''}`);
  for (const [format, file] of Object.entries(o.reports)) lines.push(`report (${format}): ${file}`);
  return `${lines.join('\n')}\n`;
}
