import type { Command } from 'commander';
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
import { INTERRUPTED_LINE, verdictExitCode } from '../verdict-exit.js';
import { formatReportPaths, formatVerdict } from './gate.js';
import type { CommandModule } from './types.js';

interface AbFlags extends MeasureFlags, CompareFlags, ReportFlags {
  base: string;
  head: string;
  confirm: boolean;
}

export const abCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const cmd = program
      .command('ab')
      .description('Interleaved A/B: run the scenarios against two builds alternately (A B A B …), then compare; exit 0 pass, 1 fail')
      .argument('[scenario...]', 'scenario names (default: all configured)')
      .requiredOption('--base <url|cmd>', 'the build to compare against: a URL, "embedded", or a shell command serving on $PORT')
      .requiredOption('--head <url|cmd>', 'the build under judgement, same forms as --base')
      .option('--no-confirm', 'fail on round 1 alone instead of re-measuring a regression first')
      .addHelpText('after', '\nA command side is started with a free port in $PORT and must listen on 127.0.0.1:$PORT.\nExample:\n  loadgate ab --base \'node ../main/server.js --port $PORT\' --head \'node server.js --port $PORT\' --profile ci');
    addReportFlags(addCompareFlags(addMeasureFlags(cmd))).action(async (scenarios: string[], opts: AbFlags) => {
      const { runAb } = await import('../../gate/ab.js');
      const outcome = await measureWith(scenarios, opts, (suite) =>
        runAb({
          ...suite,
          base: opts.base,
          head: opts.head,
          reportDir: opts.reportDir,
          formats: opts.format,
          compare: compareSettingsFrom(opts),
          confirm: opts.confirm,
        }),
      );
      const lines = [
        ...(outcome.complete ? [] : [INTERRUPTED_LINE]),
        ...formatVerdict(outcome),
        `results (base): ${outcome.base.file}`,
        `results (head): ${outcome.head.file}`,
        ...(outcome.confirmation ? [`results (confirmation, base): ${outcome.confirmation.base.file}`, `results (confirmation, head): ${outcome.confirmation.head.file}`] : []),
        ...formatReportPaths(outcome.reports),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      setExitCode(verdictExitCode(outcome.comparison.verdict));
    });
  },
};
