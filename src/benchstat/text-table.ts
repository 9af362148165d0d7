/**
 * Fixed-width text table layout with multi-column spans, per-column left margins and
 * "shrink" columns, laid out the way benchstat's internal texttab does so its tables
 * can be reproduced byte for byte. Widths are in code points.
 */

export type Align = 'left' | 'center' | 'right';

interface TextCell {
  row: number;
  col: number;
  span: number;
  value: string;
  leftMargin: string;
  align: Align;
}

export interface CellOptions {
  align?: Align;
  /** Text before the cell (default: one space, none in column 0 or for empty cells). */
  leftMargin?: string;
}

const runeLength = (s: string): number => [...s].length;

/** Builds a table cell by cell (row by row, left to right), then lays it out with `format()`. */
export class TextTable {
  private readonly cells: TextCell[] = [];
  private readonly shrink: boolean[] = [];
  private cols = 0;
  private curRow = 0;
  private curCol = 0;

  /** Starts a new row. */
  row(): this {
    if (this.cells.length > 0) this.curRow++;
    this.curCol = 0;
    return this;
  }

  /** Moves to column `col` of the current row (never backwards). */
  col(col: number): this {
    if (col < this.curCol) throw new RangeError(`cannot move from column ${this.curCol} back to column ${col}`);
    this.curCol = col;
    return this;
  }

  get currentCol(): number {
    return this.curCol;
  }

  cell(value: string, options: CellOptions = {}): this {
    return this.span(1, value, options);
  }

  span(cols: number, value: string, options: CellOptions = {}): this {
    const defaultMargin = this.curCol === 0 || value.length === 0 ? '' : ' ';
    this.cells.push({
      row: this.curRow,
      col: this.curCol,
      span: cols,
      value,
      leftMargin: options.leftMargin ?? defaultMargin,
      align: options.align ?? 'left',
    });
    this.curCol += cols;
    this.cols = Math.max(this.cols, this.curCol);
    return this;
  }

  /** A shrink column keeps its minimum width when a spanning cell needs room. */
  setShrink(col: number, shrink: boolean): void {
    while (this.shrink.length < col + 1) this.shrink.push(false);
    this.shrink[col] = shrink;
  }

  private columnWidths(margins: number[]): number[] {
    const widths = new Array<number>(this.cols).fill(0);
    // texttab sorts with Go's unstable sort.Slice; a stable sort gives the same widths for
    // benchstat's tables, whose spanning cells each have a single growable column (the
    // others are shrink columns), so the order they widen it in does not matter.
    const bySpan = [...this.cells].sort((a, b) => a.span - b.span);
    for (const cell of bySpan) {
      let need = runeLength(cell.value) + (margins[cell.col] as number);
      if (cell.span === 1) {
        widths[cell.col] = Math.max(widths[cell.col] as number, need);
        continue;
      }
      let have = 0;
      for (let c = cell.col; c < cell.col + cell.span; c++) have += widths[c] as number;
      if (have >= need) continue;
      // Grow the non-shrink columns towards the average still needed, widest first.
      const growable: number[] = [];
      for (let c = cell.col; c < cell.col + cell.span; c++) {
        if (this.shrink[c]) need -= widths[c] as number;
        else growable.push(c);
      }
      growable.sort((a, b) => (widths[b] as number) - (widths[a] as number));
      let remaining = growable.length;
      for (const c of growable) {
        const avg = Math.trunc((need + remaining - 1) / remaining);
        widths[c] = Math.max(widths[c] as number, avg);
        need -= widths[c] as number;
        remaining--;
      }
    }
    return widths;
  }

  /** Lays the table out; every row ends with `\n`, empty trailing cells print nothing. */
  format(): string {
    const margins = new Array<number>(this.cols).fill(0);
    for (const cell of this.cells) margins[cell.col] = Math.max(margins[cell.col] as number, runeLength(cell.leftMargin));
    const widths = this.columnWidths(margins);
    const offsets: number[] = [0];
    for (const w of widths) offsets.push((offsets[offsets.length - 1] as number) + w);

    const ordered = [...this.cells].sort((a, b) => a.row - b.row || a.col - b.col);
    let out = '';
    let row = 0;
    let off = 0;
    for (const cell of ordered) {
      if (cell.value.trim() === '' && cell.leftMargin.trim() === '') continue;
      while (cell.row > row) {
        out += '\n';
        row++;
        off = 0;
      }
      const spaces = (offsets[cell.col] as number) - off;
      const margin = margins[cell.col] as number;
      out += ' '.repeat(Math.abs(spaces)) + cell.leftMargin.padStart(margin);
      off += spaces + margin;
      const total = (offsets[cell.col + cell.span] as number) - (offsets[cell.col] as number) - margin;
      const text = padAligned(cell.value, total, cell.align);
      out += text;
      off += runeLength(text);
    }
    if (this.cells.length > 0) out += '\n';
    return out;
  }
}

function padAligned(value: string, width: number, align: Align): string {
  const len = runeLength(value);
  if (align === 'center') return ' '.repeat(Math.abs(Math.trunc((width - len) / 2))) + value;
  if (align === 'right') return ' '.repeat(Math.max(0, width - len)) + value;
  return value;
}
