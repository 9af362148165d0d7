/**
 * Groups parsed benchmark results into benchstat's tables (one per file-level
 * configuration and unit; rows by full name; columns by input file or by a config
 * key) and computes each cell's summary and each comparison with the first column,
 * as golang.org/x/perf/cmd/benchstat does by default ("assume nothing": median,
 * order-statistic CI, Mann–Whitney U; "assume=exact" units: no statistics).
 */
import { unitAssumption } from './benchstat-parse.js';
import type { BenchFile, BenchResult } from './benchstat-parse.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { ciHalfWidthPct, medianCi, medianCiNote, sortFloatsGo } from '../stats/median-ci.js';
import { formatFixedGo, formatFloatGo, formatSignedPercentGo } from '../core/go-format.js';
import { goExp, goLog } from '../stats/go-math.js';

export interface BenchstatOptions {
  /** Significance level. @default 0.05 */
  alpha: number;
  /** Confidence of the median's interval. @default 0.95 */
  confidence: number;
  /** Column key: `.file` (one column per input) or a file-level config key such as `note`. @default '.file' */
  col: string;
}

export interface CellSummary {
  center: number;
  lo: number;
  hi: number;
  warnings: string[];
}

export interface CellComparison {
  p: number;
  n1: number;
  n2: number;
  alpha: number;
  warnings: string[];
}

export interface BenchCell {
  values: number[];
  summary: CellSummary;
  baseline?: BenchCell;
  comparison?: CellComparison;
}

export interface ColumnSummary {
  /** Geomean of the column's centers; undefined when a center is ≤ 0. */
  geomean?: number;
  /** Geomean of the ratios to the baseline column; undefined when not computable. */
  ratio?: number;
  warnings: string[];
}

export interface BenchTable {
  /** Config key/value pairs identifying this table (without the unit). */
  config: Array<[string, string]>;
  unit: string;
  exact: boolean;
  rows: string[];
  cols: string[];
  /** `${row}\u0000${col}` → cell. */
  cells: Map<string, BenchCell>;
  summaries: ColumnSummary[];
}

export const cellKey = (row: string, col: string): string => `${row}\u0000${col}`;

/** First-observation order of values. */
class ObservationOrder {
  private readonly order = new Map<string, number>();
  see(value: string): void {
    if (!this.order.has(value)) this.order.set(value, this.order.size);
  }
  rank(value: string): number {
    return this.order.get(value) ?? Number.MAX_SAFE_INTEGER;
  }
}

/** `p=0.446 n=10` / `n=1` (benchmath Comparison.String). */
export function comparisonLabel(c: CellComparison): string {
  const p = c.p !== 0 ? `p=${formatFixedGo(c.p, 3)} ` : '';
  return c.n1 === c.n2 ? `${p}n=${c.n1}` : `${p}n=${c.n1}+${c.n2}`;
}

/** `~` when not significant, `0.00%` for equal centers, `?` over a zero baseline, else `%+.2f%%`. */
export function formatDelta(c: CellComparison, oldCenter: number, newCenter: number): string {
  if (c.p > c.alpha) return '~';
  if (oldCenter === newCenter) return '0.00%';
  if (oldCenter === 0) return '?';
  return formatSignedPercentGo((newCenter / oldCenter - 1) * 100);
}

/** `1%`, `∞` (unbounded), `?` (bound of another sign). */
export function formatRangePct(s: CellSummary): string {
  const pct = ciHalfWidthPct(s.center, s.lo, s.hi);
  if (pct === Infinity) return '∞';
  if (pct === null) return '?';
  return `${formatFixedGo(pct, 0)}%`;
}

function summarizeCell(values: number[], exact: boolean, confidence: number): CellSummary {
  if (!exact) {
    const ci = medianCi(values, confidence);
    const warnings = Number.isFinite(ci.lo) && Number.isFinite(ci.hi) ? [] : [medianCiNote(confidence).replace(/level .*$/, `level ${formatFloatGo(confidence)}`)];
    return { center: ci.center, lo: ci.lo, hi: ci.hi, warnings };
  }
  // Exact: the mode (first of the longest runs), and a warning if values vary.
  const sorted = sortFloatsGo(values);
  let mode = sorted[0] as number;
  let modeCount = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > modeCount) [mode, modeCount] = [sorted[i] as number, j - i];
    i = j;
  }
  const lo = sorted[0] as number;
  const hi = sorted[sorted.length - 1] as number;
  const warnings = modeCount === sorted.length ? [] : [`exact distribution expected, but values range from ${formatFloatGo(lo)} to ${formatFloatGo(hi)}`];
  return { center: mode, lo, hi, warnings };
}

/** 2 / C(2n, n): the smallest p the U test can give with n samples a side. */
function minUTestP(n: number): number {
  let c = 1n;
  for (let i = 1n; i <= BigInt(n); i++) c = (c * (BigInt(n) + i)) / i;
  return 2 / Number(c);
}

/**
 * benchmath's "need >= N samples to detect a difference" rule: it looks only at n = 1..9
 * and otherwise says "need > 10" (sic: the length of its table), whatever alpha is.
 */
function uTestSamplesNote(n1: number, n2: number, alpha: number): string | undefined {
  let op = '>';
  let need = 10;
  for (let n = 1; n <= 9; n++) {
    if (minUTestP(n) <= alpha) {
      op = '>=';
      need = n;
      break;
    }
  }
  if (n1 < need && n2 < need) return `need ${op} ${need} samples to detect a difference at alpha level ${formatFloatGo(alpha)}`;
  return undefined;
}

function compareCells(base: number[], head: number[], exact: boolean, alpha: number): CellComparison {
  if (exact) return { p: 0, n1: base.length, n2: head.length, alpha: 0, warnings: [] };
  const mw = mannWhitneyU(base, head, { benchstat: true });
  // go-moremath reports "all samples are equal" as an error; benchmath turns it into p = 1 and a warning.
  if (mw.method === 'degenerate') return { p: 1, n1: mw.n1, n2: mw.n2, alpha, warnings: ['all samples are equal'] };
  const note = mw.p > alpha ? uTestSamplesNote(mw.n1, mw.n2, alpha) : undefined;
  return { p: mw.p, n1: mw.n1, n2: mw.n2, alpha, warnings: note ? [note] : [] };
}

/**
 * Geometric mean via the running mean of logs (go-moremath stats.GeoMean); NaN if any x ≤ 0.
 * Go's log and exp, not JavaScript's: they differ in the last bit for about one argument in
 * eight, and benchstat's CSV prints the geomean with all its digits.
 */
export function geomean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x <= 0) return NaN;
    m += (goLog(x) - m) / (i + 1);
  }
  return goExp(m);
}

function summarizeColumn(table: BenchTable, colIndex: number, nBase: number): ColumnSummary {
  const col = table.cols[colIndex] as string;
  const centers: number[] = [];
  const ratios: number[] = [];
  let badRatio = false;
  for (const row of table.rows) {
    const cell = table.cells.get(cellKey(row, col));
    if (!cell) continue;
    centers.push(cell.summary.center);
    if (!cell.baseline) continue;
    const a = cell.summary.center;
    const b = cell.baseline.summary.center;
    if (a === b) ratios.push(1);
    else if (b === 0) {
      badRatio = true;
      ratios.push(0);
    } else ratios.push(a / b);
  }
  const summary: ColumnSummary = { warnings: [] };
  const isBase = colIndex === 0;
  if (!isBase && nBase !== ratios.length) summary.warnings.push('benchmark set differs from baseline; geomeans may not be comparable');
  const gm = geomean(centers);
  if (Number.isNaN(gm)) summary.warnings.push('summaries must be >0 to compute geomean');
  else summary.geomean = gm;
  if (!isBase && !badRatio) {
    const r = geomean(ratios);
    if (Number.isNaN(r)) summary.warnings.push('ratios must be >0 to compute geomean');
    else summary.ratio = r;
  }
  return summary;
}

interface Draft {
  config: Array<[string, string]>;
  unit: string;
  rows: Set<string>;
  cols: Set<string>;
  values: Map<string, number[]>;
}

function sortByObservation(values: Iterable<string>, order: ObservationOrder): string[] {
  return [...values].sort((a, b) => order.rank(a) - order.rank(b));
}

function finishTable(d: Draft, files: BenchFile[], options: BenchstatOptions, rowOrder: ObservationOrder, colOrder: ObservationOrder): BenchTable {
  const exact = files.some((f) => unitAssumption(f.units, d.unit) === 'exact');
  const table: BenchTable = {
    config: d.config,
    unit: d.unit,
    exact,
    rows: sortByObservation(d.rows, rowOrder),
    cols: sortByObservation(d.cols, colOrder),
    cells: new Map(),
    summaries: [],
  };
  for (const [key, values] of d.values) {
    table.cells.set(key, { values, summary: summarizeCell(values, exact, options.confidence) });
  }
  const baseCol = table.cols[0] as string;
  for (const row of table.rows) {
    const base = table.cells.get(cellKey(row, baseCol));
    if (!base) continue;
    for (const col of table.cols.slice(1)) {
      const cell = table.cells.get(cellKey(row, col));
      if (!cell) continue;
      cell.baseline = base;
      cell.comparison = compareCells(base.values, cell.values, exact, options.alpha);
    }
  }
  const nBase = table.rows.filter((row) => table.cells.has(cellKey(row, baseCol))).length;
  table.summaries = table.cols.map((_, i) => summarizeColumn(table, i, nBase));
  return table;
}

/** Projects all results into tables (ordered by first observation, like benchstat). */
export function buildBenchTables(files: BenchFile[], options: BenchstatOptions): BenchTable[] {
  const configKeys = new ObservationOrder();
  const keyList: string[] = [];
  const results: BenchResult[] = files.flatMap((f) => f.results);
  for (const r of results) {
    for (const key of r.config.keys()) {
      if (key === options.col) continue;
      if (configKeys.rank(key) === Number.MAX_SAFE_INTEGER) keyList.push(key);
      configKeys.see(key);
    }
  }
  const unitOrder = new ObservationOrder();
  const rowOrder = new ObservationOrder();
  const colOrder = new ObservationOrder();
  const drafts = new Map<string, Draft>();
  for (const r of results) {
    const config = keyList.map((k): [string, string] => [k, r.config.get(k) ?? '']);
    const col = options.col === '.file' ? r.file : (r.config.get(options.col) ?? '');
    rowOrder.see(r.name);
    colOrder.see(col);
    for (const v of r.values) {
      const tableKey = JSON.stringify([config, v.unit]);
      unitOrder.see(v.unit);
      let d = drafts.get(tableKey);
      if (!d) {
        d = { config, unit: v.unit, rows: new Set(), cols: new Set(), values: new Map() };
        drafts.set(tableKey, d);
      }
      d.rows.add(r.name);
      d.cols.add(col);
      const key = cellKey(r.name, col);
      const list = d.values.get(key) ?? [];
      list.push(v.value);
      d.values.set(key, list);
    }
  }
  // benchproc records observation order only for top-level fields, and the config keys are
  // sub-fields of `.config`: their values compare as equal and fall back to byte order. So
  // tables sort by config values alphabetically ("" first), then by unit in order of appearance.
  const compareDrafts = (a: Draft, b: Draft): number => {
    for (let i = 0; i < keyList.length; i++) {
      const diff = Buffer.compare(Buffer.from((a.config[i] as [string, string])[1]), Buffer.from((b.config[i] as [string, string])[1]));
      if (diff !== 0) return diff;
    }
    return unitOrder.rank(a.unit) - unitOrder.rank(b.unit);
  };
  return [...drafts.values()].sort(compareDrafts).map((d) => finishTable(d, files, options, rowOrder, colOrder));
}
