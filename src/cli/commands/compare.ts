import type { Command } from 'commander';
import { compareRuns, runBenchstat, type BenchstatFormat, type BenchstatInput } from '../../compare/index.js';
import { detectInput, loadInputs } from '../../results/importers/index.js';
import { loadConfig } from '../../config/index.js';
import { ExitCode, InputFileError, UsageError } from '../../core/errors.js';
import { renderJsonReport, renderMarkdownReport, renderTextReport } from '../../report/index.js';
import { oneOf } from '../options.js';
import { addCompareFlags, compareSettingsFrom, type CompareFlags } from '../shared-flags.js';
import type { CommandModule } from './types.js';
import { verdictExitCode } from '../verdict-exit.js';

const FORMATS = ['text', 'markdown', 'json', 'csv', 'benchstat'] as const;
type CompareFormat = (typeof FORMATS)[number];

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
      .option('--format <format>', `output: ${FORMATS.join(', ')}`, oneOf('--format', FORMATS), 'text' as CompareFormat)
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
        const all = [...baseFiles, ...headFiles];
        const detected = await Promise.all(all.map((f) => detectInput(f)));
        const goText = detected.map((d) => (d.kind === 'go-bench' ? d.text : null));
        if (opts.format === 'benchstat' || opts.format === 'csv' || (goText.every((t) => t !== null) && opts.format === 'text')) {
          // Several files of one side are one column (one label), each read on its own as
          // benchstat reads files (configuration does not carry from one file to the next).
          const side = (list: string[], offset: number): BenchstatInput[] => list.map((_, i) => ({ label: list.join('+'), text: goText[offset + i] ?? '' }));
          if (goText.some((t) => t === null)) throw new InputFileError(all[goText.indexOf(null)] as string, '', `--format ${opts.format} is for Go benchmark files; use text, markdown or json for other inputs`);
          process.stdout.write(compareBenchmarkText(side(baseFiles, 0), side(headFiles, baseFiles.length), opts));
          setExitCode(ExitCode.ok);
          return;
        }
        const config = await loadConfig({ configFile: opts.config });
        const settings = { ...config.compare, ...compareSettingsFrom(opts) };
        const base = await loadInputs(baseFiles);
        const head = await loadInputs(headFiles);
        const comparison = compareRuns(base, head, settings);
        const input = { comparison, head, base };
        const render = { text: renderTextReport, markdown: renderMarkdownReport, json: renderJsonReport }[opts.format];
        process.stdout.write(render(input));
        setExitCode(verdictExitCode(comparison.verdict));
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

function compareBenchmarkText(base: BenchstatInput[], head: BenchstatInput[], opts: CompareCommandFlags): string {
  const format: BenchstatFormat = opts.format === 'csv' ? 'csv' : 'text';
  const output = runBenchstat([...base, ...head], format, {
    ...(opts.alpha !== undefined && { alpha: opts.alpha }),
    ...(opts.confidence !== undefined && { confidence: opts.confidence }),
  });
  for (const w of output.warnings) process.stderr.write(`${w}\n`);
  if (output.tables.length === 0) {
    // Name the side(s) without results: both when neither has any.
    const without = [base, head].filter((side, i) => output.resultCounts.slice(i === 0 ? 0 : base.length, i === 0 ? base.length : undefined).every((n) => n === 0));
    throw new InputFileError(without.map((side) => side[0]?.label ?? '').join(', '), '', 'no Go benchmark results: expected lines like `BenchmarkX-8  1000  1234 ns/op` (or a loadgate results file, k6 or autocannon output)');
  }
  return output.stdout;
}
