import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { TREND_FORMATS, type TrendFormat } from '../../report/trend-formats.js';
import { listOf, positiveInt } from '../options.js';
import type { CommandModule } from './types.js';
import { pathUnder } from '../../core/path-names.js';

interface TrendFlags {
  profile: string;
  out?: string;
  format: TrendFormat[];
  historyDir?: string;
  config?: string;
  failOnRegression?: boolean;
  seed?: number;
}

export const trendCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('trend')
      .description('Render each gating metric over the stored runs of a profile: this run vs the previous one, and change points')
      .option('-p, --profile <name>', 'profile whose history to read', 'weekly')
      .option('-o, --out <dir>', 'output directory (default: reports/trend-<profile>/)')
      .option('--format <list>', `comma-separated: ${TREND_FORMATS.join(',')}`, listOf('--format', TREND_FORMATS), [...TREND_FORMATS])
      .option('--history-dir <dir>', 'history directory (default: history/ in the project root)')
      .option('--seed <n>', 'seed of the change-point permutation test (default: per series)', positiveInt('--seed'))
      .option('--fail-on-regression', 'exit 1 when this run regressed against the previous one; 5 when it cannot tell (the machine changed, or worse beyond the minimum effect but too noisy)')
      .option('-c, --config <file>', 'config file (default: loadgate.config.ts if present)')
      .addHelpText(
        'after',
        `
History: every weekly/release run appends one line to history/<profile>.ndjson
(\`loadgate history append <results>\` does it by hand). Change points: E-divisive
means with a seeded permutation test (Matteson & James 2014), pruned Hunter-style
(Fleming et al. 2023) to shifts of at least the metric's minimum effect that a
Mann-Whitney test between the adjacent segments confirms; a shift needs 3 runs on
each side before it is reported. Exit 0 unless --fail-on-regression and this run
regressed against the previous one (1), or 5 when it did but the
drift guard's canary says the machine changed between the two runs, or when a
metric is worse by more than its minimum effect but too noisily to be
significant; 2 on a bad history file.`,
      )
      .action(async (opts: TrendFlags) => {
        const { loadConfig } = await import('../../config/index.js');
        const { readHistory } = await import('../../history/history-store.js');
        const { buildTrend } = await import('../../history/trend.js');
        const { writeTrendReports } = await import('../../report/trend-render.js');
        const { formatDelta } = await import('../../report/format.js');
        const { ensureWritableDir } = await import('../../core/output-dir.js');
        const config = await loadConfig({ configFile: opts.config });
        const outDir = opts.out ?? pathUnder(config.reportsDir, `trend-${opts.profile}`);
        await ensureWritableDir({ dir: outDir, what: opts.out ? 'trend directory (--out)' : 'trend directory (config reportsDir)' });
        const history = await readHistory(opts.historyDir ?? config.historyDir, opts.profile);
        for (const w of history.warnings) process.stderr.write(`warning: ${w}\n`);
        const trend = buildTrend(history.records, { compare: config.compare, ...(opts.seed !== undefined && { changePoints: { seed: opts.seed } }) });
        const written = await writeTrendReports(trend, outDir, opts.format);
        process.stdout.write(`${history.records.length} runs in ${history.file}\n`);
        for (const note of trend.notes) process.stdout.write(`note: ${note}\n`);
        for (const s of trend.series) {
          for (const c of s.changePoints) {
            const why = `${c.environmentChanged ? ' — environment changed' : ''}${c.machineChanged ? ' — machine changed (canary)' : ''}`;
            process.stdout.write(`change point: ${s.scenario} ${s.metric} ${s.stat} ${formatDelta(c.deltaPct)} (${c.kind}) from run ${c.run.runId} (${c.run.createdAt.slice(0, 10)})${why}\n`);
          }
        }
        const regressed = trend.series.filter((s) => s.latest?.verdict === 'regressed');
        for (const s of regressed) process.stdout.write(`regressed vs previous run: ${s.scenario} ${s.metric} ${s.stat} ${formatDelta(s.latest?.deltaPct ?? null)}\n`);
        // Worse beyond the minimum effect, not significantly: neither a regression nor "unchanged" (compare-runs.ts).
        const noisy = trend.series.filter((s) => s.latest?.verdict === 'too-noisy');
        for (const s of noisy) process.stdout.write(`too noisy to tell vs previous run: ${s.scenario} ${s.metric} ${s.stat} ${formatDelta(s.latest?.deltaPct ?? null)}, not significant\n`);
        for (const [format, path] of Object.entries(written)) process.stdout.write(`trend (${format}): ${path}\n`);
        for (const r of trend.runs.filter((run) => run.machine.status === 'changed')) {
          process.stdout.write(`machine changed: run ${r.runId} (${r.createdAt.slice(0, 10)}): ${r.machine.summary}\n`);
        }
        // Across a changed machine "regressed" is not a verdict on the code (STATISTICS.md): inconclusive, exit 5.
        const inconclusive = trend.comparison?.verdict === 'inconclusive';
        const failed = regressed.length > 0 && !inconclusive;
        setExitCode(!opts.failOnRegression ? ExitCode.ok : failed ? ExitCode.gateFailed : regressed.length > 0 || noisy.length > 0 ? ExitCode.inconclusive : ExitCode.ok);
      });
  },
};
