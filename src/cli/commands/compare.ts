import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../core/errors.js';
import { COMPARE_FORMATS, type CompareFormat } from '../../gate/compare-formats.js';
import { oneOf } from '../options.js';
import { addCompareFlags, compareSettingsFrom, type CompareFlags } from '../shared-flags.js';
import type { CommandModule } from './types.js';
import { verdictExitCode } from '../verdict-exit.js';

interface CompareCommandFlags extends CompareFlags {
  format: CompareFormat;
  config?: string;
  base?: string[];
  head?: string[];
}

export const compareCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const cmd = program
      .command('compare')
      .description('Compare two runs: loadgate results files, k6 or autocannon outputs, or Go benchmark text (benchstat-style)')
      .argument('[files...]', 'BASE HEAD: one file per side (or use --base/--head for several)')
      .option('--base <files...>', 'baseline files: several are repetitions of one run')
      .option('--head <files...>', 'files of the run to judge: several are repetitions of one run')
      .option('--format <format>', `output: ${COMPARE_FORMATS.join(', ')}`, oneOf('--format', COMPARE_FORMATS), 'text' as CompareFormat)
      .option('-c, --config <file>', 'config file (default: loadgate.config.ts if present)')
      .addHelpText(
        'after',
        `
Inputs are recognised by content: loadgate results files, k6 handleSummary JSON,
k6 --summary-export, k6 --out json lines (.gz or plain), autocannon --json output,
Go benchmark text. Go benchmark files print benchstat's table (text or csv).`,
      );
    addCompareFlags(cmd).action(async (files: string[], opts: CompareCommandFlags) => {
        const { baseFiles, headFiles } = sides(files, opts);
        const { compareFiles } = await import('../../gate/compare-files.js');
        const outcome = await compareFiles({ baseFiles, headFiles, format: opts.format, configFile: opts.config, compare: compareSettingsFrom(opts), onWarning: (w) => process.stderr.write(`${w}\n`) });
        process.stdout.write(outcome.output);
        setExitCode(outcome.verdict ? verdictExitCode(outcome.verdict) : ExitCode.ok);
      });
  },
};

/** BASE HEAD positionals, or --base/--head lists; not both. */
function sides(files: string[], opts: CompareCommandFlags): { baseFiles: string[]; headFiles: string[] } {
  if (opts.base || opts.head) {
    if (!opts.base || !opts.head) throw new UsageError('give both --base and --head (each with one or more files)');
    if (files.length > 0) throw new UsageError(`unexpected argument ${files[0]}: with --base/--head, list every file after its flag`);
    return { baseFiles: opts.base, headFiles: opts.head };
  }
  if (files.length !== 2) {
    throw new UsageError(`compare takes BASE HEAD (two files), got ${files.length}; for several files per side use --base a.json b.json --head c.json d.json`);
  }
  return { baseFiles: [files[0] as string], headFiles: [files[1] as string] };
}
