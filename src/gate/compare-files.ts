/**
 * `loadgate compare`: two sides of files in, one rendered comparison out. Go benchmark
 * files give benchstat's table (text or CSV); every other input (loadgate results, k6
 * handleSummary / --summary-export / --out json, autocannon) is imported, compared with
 * compareRuns and rendered as text, Markdown or JSON.
 */
import { runBenchstat, type BenchstatFormat, type BenchstatInput } from '../benchstat/benchstat.js';
import { compareRuns } from '../compare/compare-runs.js';
import type { ComparisonSettings, GateVerdict } from '../compare/model.js';
import { loadConfig } from '../config/index.js';
import { InputFileError } from '../core/errors.js';
import { renderJsonReport, renderMarkdownReport, renderTextReport } from '../report/index.js';
import { detectInput, loadInputs } from '../results/importers/index.js';
import type { CompareFormat } from './compare-formats.js';

export interface CompareFilesOptions {
  /** Files of the base side (several files of one side are one column). */
  baseFiles: string[];
  headFiles: string[];
  format: CompareFormat;
  /** Config file whose comparison settings apply. @default loadgate.config.ts if present */
  configFile?: string;
  /** Settings that override the config's (the command-line flags). */
  compare?: Partial<ComparisonSettings>;
  /** Receives benchstat's warnings, one line each, as they arise. */
  onWarning?: (line: string) => void;
}

export interface CompareFilesOutcome {
  /** The rendered comparison. */
  output: string;
  /** The gate verdict; null for a benchstat table, which has none. */
  verdict: GateVerdict | null;
}

/** Compares two sides of files and renders the result; throws InputFileError on unusable inputs. */
export async function compareFiles(options: CompareFilesOptions): Promise<CompareFilesOutcome> {
  const { baseFiles, headFiles, format } = options;
  const all = [...baseFiles, ...headFiles];
  const detected = await Promise.all(all.map((f) => detectInput(f)));
  const goText = detected.map((d) => (d.kind === 'go-bench' ? d.text : null));
  if (format === 'benchstat' || format === 'csv' || (goText.every((t) => t !== null) && format === 'text')) {
    // Several files of one side are one column (one label), each read on its own as
    // benchstat reads files (configuration does not carry from one file to the next).
    const side = (list: string[], offset: number): BenchstatInput[] => list.map((_, i) => ({ label: list.join('+'), text: goText[offset + i] ?? '' }));
    if (goText.some((t) => t === null)) throw new InputFileError(all[goText.indexOf(null)] as string, '', `--format ${format} is for Go benchmark files; use text, markdown or json for other inputs`);
    return { output: compareBenchmarkText(side(baseFiles, 0), side(headFiles, baseFiles.length), format, options), verdict: null };
  }
  const config = await loadConfig({ configFile: options.configFile });
  const settings = { ...config.compare, ...options.compare };
  const base = await loadInputs(baseFiles);
  const head = await loadInputs(headFiles);
  const comparison = compareRuns(base, head, settings);
  const render = { text: renderTextReport, markdown: renderMarkdownReport, json: renderJsonReport }[format];
  return { output: render({ comparison, head, base }), verdict: comparison.verdict };
}

function compareBenchmarkText(base: BenchstatInput[], head: BenchstatInput[], format: CompareFormat, options: CompareFilesOptions): string {
  const compare = options.compare ?? {};
  const benchstatFormat: BenchstatFormat = format === 'csv' ? 'csv' : 'text';
  const output = runBenchstat([...base, ...head], benchstatFormat, {
    ...(compare.alpha !== undefined && { alpha: compare.alpha }),
    ...(compare.confidence !== undefined && { confidence: compare.confidence }),
  });
  for (const w of output.warnings) options.onWarning?.(w);
  if (output.tables.length === 0) {
    // Name the side(s) without results: both when neither has any.
    const without = [base, head].filter((side, i) => output.resultCounts.slice(i === 0 ? 0 : base.length, i === 0 ? base.length : undefined).every((n) => n === 0));
    throw new InputFileError(without.map((side) => side[0]?.label ?? '').join(', '), '', 'no Go benchmark results: expected lines like `BenchmarkX-8  1000  1234 ns/op` (or a loadgate results file, k6 or autocannon output)');
  }
  return output.stdout;
}
