/**
 * benchstat (golang.org/x/perf/cmd/benchstat) in TypeScript: reads Go benchmark
 * text and prints benchstat's text table or CSV, so `loadgate compare --format
 * benchstat old.txt new.txt` gives what `benchstat old.txt new.txt` gives.
 */
import { parseBenchFile } from './benchstat-parse.js';
import type { BenchFile, UnitMetadata } from './benchstat-parse.js';
import { renderBenchstatCsv, renderBenchstatText } from './benchstat-render.js';
import { buildBenchTables } from './benchstat-tables.js';
import type { BenchstatOptions, BenchTable } from './benchstat-tables.js';

export type BenchstatFormat = 'text' | 'csv';

export interface BenchstatInput {
  /** Column label (benchstat uses the file name as given, e.g. `old.txt`). */
  label: string;
  /** The file's contents in the Go benchmark format. */
  text: string;
}

export interface BenchstatOutput {
  /** What benchstat prints on stdout. */
  stdout: string;
  /** What benchstat prints on stderr: unreadable lines, and for CSV the cell warnings. */
  warnings: string[];
  tables: BenchTable[];
  /** Benchmark results read from each input, in input order. */
  resultCounts: number[];
}

/** @default alpha 0.05, confidence 0.95, col `.file` */
export const DEFAULT_BENCHSTAT_OPTIONS: BenchstatOptions = { alpha: 0.05, confidence: 0.95, col: '.file' };

/**
 * Summarizes and compares Go benchmark inputs like `benchstat [-col key] [-format csv] inputs...`.
 * The first column (first input, or first value of `col`) is the baseline.
 */
export function runBenchstat(
  inputs: readonly BenchstatInput[],
  format: BenchstatFormat = 'text',
  options: Partial<BenchstatOptions> = {},
): BenchstatOutput {
  const resolved: BenchstatOptions = { ...DEFAULT_BENCHSTAT_OPTIONS, ...options };
  if (!(resolved.alpha >= 0 && resolved.alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${resolved.alpha}`);
  if (!(resolved.confidence >= 0 && resolved.confidence <= 1)) {
    throw new RangeError(`confidence must be in [0, 1], got ${resolved.confidence}`);
  }
  // Unit metadata (`Unit x assume=exact`) carries across inputs, as in benchstat.
  const units: UnitMetadata = new Map();
  const files: BenchFile[] = inputs.map((i) => parseBenchFile(i.label, i.text, units));
  const warnings = files.flatMap((f) => f.syntaxErrors);
  const tables = buildBenchTables(files, resolved);
  const resultCounts = files.map((f) => f.results.length);
  if (format === 'csv') {
    const csv = renderBenchstatCsv(tables);
    return { stdout: csv.csv, warnings: [...warnings, ...csv.warnings], tables, resultCounts };
  }
  return { stdout: renderBenchstatText(tables), warnings, tables, resultCounts };
}

/**
 * `benchstat old.txt new.txt` (or `-format csv`): returns stdout.
 * @param labels column labels. @default ['old.txt', 'new.txt']
 */
export function compareBenchstatFiles(
  oldText: string,
  newText: string,
  format: BenchstatFormat = 'text',
  labels: [string, string] = ['old.txt', 'new.txt'],
): string {
  return runBenchstat(
    [
      { label: labels[0], text: oldText },
      { label: labels[1], text: newText },
    ],
    format,
  ).stdout;
}

/**
 * `benchstat -col <key> file.txt`: one input whose columns are the values of a
 * file-level config key (e.g. `note: before` / `note: after`).
 */
export function benchstatByConfigKey(text: string, key: string, format: BenchstatFormat = 'text', label = 'input.txt'): string {
  return runBenchstat([{ label, text }], format, { col: key }).stdout;
}
