import type { Command } from 'commander';
import { compareRuns } from '../../compare/index.js';
import { loadConfig } from '../../config/index.js';
import { readResultsFile } from '../../results/results-store.js';
import { historyToTrendPoints, readHistory } from '../../history/history-store.js';
import { writeReports, type ReportFormat } from '../../report/index.js';
import { signOffInput } from '../../gate/sign-off.js';
import { listOf } from '../options.js';
import type { CommandModule } from './types.js';
import { verdictExitCode, verdictWord } from '../verdict-exit.js';
import { pathUnder } from '../../core/path-names.js';

const FORMATS = ['html', 'markdown', 'junit', 'json'] as const;

interface ReportFlags {
  baseline?: string;
  out?: string;
  format: ReportFormat[];
  signOff?: boolean;
  version?: string;
  history?: string;
  config?: string;
}

export const reportCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('report')
      .description('Render reports for a results file, optionally against a baseline')
      .argument('<results>', 'results file')
      .option('-b, --baseline <file>', 'baseline (or any earlier results file) to compare with')
      .option('-o, --out <dir>', 'output directory (default: reports/<run-id>/)')
      .option('--format <list>', `comma-separated: ${FORMATS.join(',')}`, listOf('--format', FORMATS), ['html', 'markdown'] as ReportFormat[])
      .option('--sign-off', 'render the release sign-off document (with the trend of the weekly history when there is one)')
      .option('--version <version>', 'release version shown on the sign-off document')
      .option('--history <profile>', 'profile whose history feeds the trend (default with --sign-off: weekly)')
      .option('-c, --config <file>', 'config file (default: loadgate.config.ts if present)')
      .action(async (resultsFile: string, opts: ReportFlags) => {
        const config = await loadConfig({ configFile: opts.config });
        const head = await readResultsFile(resultsFile);
        const base = opts.baseline ? await readResultsFile(opts.baseline) : null;
        const comparison = compareRuns(base, head, config.compare);
        const signOff = opts.signOff ? await signOffInput(config, { version: opts.version, historyProfile: opts.history }) : null;
        const history = !signOff && opts.history ? await readHistory(config.historyDir, opts.history) : null;
        for (const w of [...(signOff?.warnings ?? []), ...(history?.warnings ?? [])]) process.stderr.write(`warning: ${w}\n`);
        const written = await writeReports(
          {
            comparison,
            head,
            base,
            ...(signOff?.input ?? { signOff: false }),
            ...(history && history.records.length > 0 && { history: historyToTrendPoints(history.records) }),
          },
          opts.out ?? pathUnder(config.reportsDir, head.runId),
          opts.format,
        );
        for (const [format, path] of Object.entries(written)) process.stdout.write(`report (${format}): ${path}\n`);
        process.stdout.write(`verdict: ${verdictWord(comparison.verdict)}\n`);
        setExitCode(verdictExitCode(comparison.verdict));
      });
  },
};
