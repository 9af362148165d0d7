/**
 * Renders benchstat tables as benchstat prints them: the text table (medians with
 * ± CI, deltas with p and n, geomean row, footnotes) and CSV (full-precision numbers,
 * warnings returned separately as benchstat writes them to stderr).
 */
import type { BenchTable, CellSummary } from './benchstat-tables.js';
import { cellKey, comparisonLabel, formatDelta, formatRangePct } from './benchstat-tables.js';
import { commonScale, formatScaled, scaleValue, unitClassOf } from './benchstat-units.js';
import { formatFloatGo, formatSignedPercentGo } from '../core/go-format.js';
import { TextTable } from './text-table.js';

const SUPERSCRIPT_DIGITS = [...'⁰¹²³⁴⁵⁶⁷⁸⁹'];

/** 1 → `¹`, 12 → `¹²`. */
export function superscript(i: number): string {
  return [...String(i)].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join('');
}

/** Per-table footnote numbering, shared by all cells of one table. */
class Footnotes {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  marks(messages: readonly string[]): string {
    return messages
      .map((m) => {
        let i = this.index.get(m);
        if (i === undefined) {
          i = this.list.length;
          this.index.set(m, i);
          this.list.push(m);
        }
        return superscript(i + 1);
      })
      .join(' ');
  }
}

const CENTER_COLS = 3; // center, ± range, footnotes
const DELTA_COLS = 3; // delta, (p n), footnotes

function startCol(exp: number): number {
  return exp === 0 ? 1 : 1 + CENTER_COLS + (exp - 1) * (CENTER_COLS + DELTA_COLS);
}

function header(o: TextTable, table: BenchTable): void {
  const rightEdge = startCol(table.cols.length);
  o.row();
  table.cols.forEach((col, i) => {
    o.col(startCol(i)).span(startCol(i + 1) - startCol(i), col, { align: 'center', leftMargin: ' │ ' });
  });
  o.col(rightEdge).cell('', { leftMargin: ' │' });
  o.row();
  table.cols.forEach((_, i) => {
    const l = startCol(i);
    o.col(l).span(CENTER_COLS, table.unit, { align: 'center', leftMargin: ' │ ' });
    if (i > 0) o.span(DELTA_COLS, 'vs base', { align: 'left', leftMargin: '  ' });
    for (let j = l + 1; j < o.currentCol; j++) o.setShrink(j, true);
  });
  o.col(rightEdge).cell('', { leftMargin: ' │' });
}

function body(o: TextTable, table: BenchTable, notes: Footnotes): void {
  const cls = unitClassOf(table.unit);
  for (const row of table.rows) {
    o.row().cell(row);
    const centers = table.cols.flatMap((col) => table.cells.get(cellKey(row, col))?.summary.center ?? []);
    const scaler = commonScale(centers, cls);
    table.cols.forEach((col, exp) => {
      const cell = table.cells.get(cellKey(row, col));
      if (!cell) return;
      o.col(startCol(exp)).cell(formatScaled(cell.summary.center, scaler), { align: 'right' });
      o.cell(formatRangePct(cell.summary), { align: 'right', leftMargin: ' ± ' });
      o.cell(notes.marks(cell.summary.warnings));
      if (exp > 0 && cell.baseline && cell.comparison) {
        o.cell(formatDelta(cell.comparison, cell.baseline.summary.center, cell.summary.center), { align: 'right' });
        o.cell(`(${comparisonLabel(cell.comparison)})`);
        o.cell(notes.marks(cell.comparison.warnings));
      }
    });
  }
  if (table.rows.length <= 1) return;
  o.row().cell('geomean');
  table.summaries.forEach((s, exp) => {
    if (s.geomean !== undefined) o.col(startCol(exp)).cell(scaleValue(s.geomean, cls), { align: 'right' });
    if (exp > 0) {
      o.col(startCol(exp) + CENTER_COLS);
      o.cell(s.ratio !== undefined ? formatSignedPercentGo((s.ratio - 1) * 100) : '?', s.ratio !== undefined ? { align: 'right' } : {});
    }
    o.col(startCol(exp + 1) - 1).cell(notes.marks(s.warnings));
  });
}

/** One table as benchstat's text format, footnotes included. */
export function renderBenchTableText(table: BenchTable): string {
  const o = new TextTable();
  const notes = new Footnotes();
  header(o, table);
  body(o, table, notes);
  let out = o.format();
  notes.list.forEach((msg, i) => (out += `${superscript(i + 1)} ${msg}\n`));
  return out;
}

/** Walks tables like benchstat: blank line between tables, config lines when they change. */
function eachTable(tables: BenchTable[], onHeader: (line: string) => void, onTable: (t: BenchTable) => void): void {
  let prev: BenchTable | undefined;
  tables.forEach((table, i) => {
    if (i > 0) onHeader('');
    table.config.forEach(([key, value], k) => {
      if (!prev || prev.config[k]?.[1] !== value) onHeader(`${key}: ${value}`);
    });
    prev = table;
    onTable(table);
  });
}

/** All tables in benchstat's text format. */
export function renderBenchstatText(tables: BenchTable[]): string {
  let out = '';
  eachTable(
    tables,
    (line) => (out += `${line}\n`),
    (t) => (out += renderBenchTableText(t)),
  );
  return out;
}

/** A CSV field quoted like Go's encoding/csv. */
function csvField(field: string): string {
  const needsQuotes = field !== '' && (field === '\\.' || /[",\r\n]/.test(field) || /^\s/u.test(field));
  return needsQuotes ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Spreadsheet column name of a 0-based index: 0 → A, 26 → BA (benchstat's labelling). */
function columnName(index: number): string {
  let name = '';
  for (let x = index; x > 0; x = Math.floor(x / 26)) name = String.fromCharCode(65 + (x % 26)) + name;
  return name || 'A';
}

function csvTable(table: BenchTable, startRow: number, warnings: string[]): string[][] {
  const csvStart = (exp: number): number => (exp === 0 ? 1 : 3 + (exp - 1) * 4);
  const rows: string[][] = [];
  let row: string[] = [];
  const clearTo = (col: number): void => {
    while (row.length < col) row.push('');
  };
  // Rows end at their last field, as benchstat writes them: `,old.txt,,new.txt`, not padded to the table's width.
  const emit = (): void => {
    rows.push(row);
    row = [];
  };
  const warn = (messages: readonly string[]): void => {
    for (const m of messages) warnings.push(`${columnName(row.length)}${startRow + rows.length}: ${m}`);
  };
  table.cols.forEach((col, exp) => {
    clearTo(csvStart(exp));
    row.push(col);
  });
  emit();
  table.cols.forEach((_, exp) => {
    clearTo(csvStart(exp));
    row.push(table.unit, 'CI');
    if (exp > 0) row.push('vs base', 'P');
  });
  emit();
  for (const name of table.rows) {
    row.push(name);
    table.cols.forEach((col, exp) => {
      const cell = table.cells.get(cellKey(name, col));
      if (!cell) return;
      clearTo(csvStart(exp));
      warn(cell.summary.warnings);
      row.push(formatFloatGo(cell.summary.center), formatRangePct(cell.summary as CellSummary));
      if (exp > 0 && cell.baseline && cell.comparison) {
        warn(cell.comparison.warnings);
        row.push(formatDelta(cell.comparison, cell.baseline.summary.center, cell.summary.center), comparisonLabel(cell.comparison));
      }
    });
    emit();
  }
  row.push('geomean');
  table.summaries.forEach((s, exp) => {
    clearTo(csvStart(exp));
    warn(s.warnings);
    if (s.geomean !== undefined) row.push(formatFloatGo(s.geomean));
    if (exp > 0) {
      clearTo(csvStart(exp) + 2);
      row.push(s.ratio !== undefined ? formatSignedPercentGo((s.ratio - 1) * 100) : '?');
    }
  });
  emit();
  return rows;
}

/** All tables as benchstat's CSV; `warnings` lines are `B4: message` (cell references). */
export function renderBenchstatCsv(tables: BenchTable[]): { csv: string; warnings: string[] } {
  const records: string[][] = [];
  const warnings: string[] = [];
  eachTable(
    tables,
    (line) => records.push([line]),
    (t) => records.push(...csvTable(t, records.length + 1, warnings)),
  );
  return { csv: records.map((r) => `${r.map(csvField).join(',')}\n`).join(''), warnings };
}
