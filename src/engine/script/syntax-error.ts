/**
 * A script that does not parse, reported the way k6 v0.49 reports it (its compiler is
 * Babel): `SyntaxError: FILE: TEXT (LINE:COLUMN)` with a 1-based line and a 0-based
 * column, then a code frame with a caret under the position. Runtime exceptions keep
 * goja's `file:line:col` with a 1-based column (see source-position.ts), as in k6.
 */

/** Lines of context around the error line, as in Babel's code frame. */
const LINES_ABOVE = 2;
const LINES_BELOW = 3;

export interface SyntaxErrorAt {
  /** The file as shown (absolute path, or relative to the project). */
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based, in UTF-8 bytes (esbuild's `location.column`). */
  byteColumn: number;
  /** The parser's message, e.g. `Expected "}" but found "."`. */
  text: string;
  /** The file's content, for the code frame; without it only the first line is given. */
  source?: string;
}

/**
 * esbuild reports a module that cannot be resolved (or that our plugins reject) the same
 * way as a parse error; those are not syntax errors and must not be called one.
 */
export function errorKind(text: string): 'SyntaxError' | 'Error' {
  return /^Could not resolve|imports the Node built-in/.test(text) ? 'Error' : 'SyntaxError';
}

export function formatSyntaxError(at: SyntaxErrorAt): string {
  const lines = at.source?.split(/\r?\n/);
  const lineText = lines?.[at.line - 1];
  // Babel (and editors) count UTF-16 units; esbuild counts bytes.
  const column = lineText === undefined ? at.byteColumn : Buffer.from(lineText, 'utf8').subarray(0, at.byteColumn).toString('utf8').length;
  const head = `${errorKind(at.text)}: ${at.file}: ${at.text} (${at.line}:${column})`;
  if (!lines || lineText === undefined) return head;
  return `${head}\n${codeFrame(lines, at.line, column)}`;
}

function codeFrame(lines: string[], line: number, column: number): string {
  const first = Math.max(1, line - LINES_ABOVE);
  const last = Math.min(lines.length, line + LINES_BELOW);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const number = String(n).padStart(width);
    out.push(`${n === line ? '>' : ' '} ${number} | ${lines[n - 1]}`);
    // Tabs stay tabs so the caret lines up however the terminal renders them.
    if (n === line) out.push(`  ${' '.repeat(width)} | ${(lines[n - 1] ?? '').slice(0, column).replace(/[^\t]/g, ' ').padEnd(column)}^`);
  }
  return out.join('\n');
}
