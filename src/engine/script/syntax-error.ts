/**
 * A script that does not parse, reported the way each k6 generation reports it (exit 107).
 *
 * k6 v0.49 compiled with Babel: `SyntaxError: <file URL>: TEXT (LINE:COLUMN)` with a 1-based
 * line and a 0-based column, then a code frame with a caret under the position (Babel's own
 * stack frames after it are not reproduced). Current k6 parses JavaScript with goja's parser and
 * TypeScript with esbuild, and fails to load the script: `could not initialize '<script>': could
 * not load JS test '<URL>': <file URL>: Line LINE:COLUMN TEXT`, the column 1-based for goja,
 * esbuild's 0-based for TypeScript. Runtime exceptions keep goja's `file:line:col` with a
 * 1-based column (see source-position.ts), as in k6.
 *
 * The parser here is esbuild's; its messages are reworded to Babel's or goja's for the common
 * errors (an unexpected token, the end of input, an unterminated string, an identifier right
 * after a number) and kept as they are otherwise. goja adds "(and N more errors)" when its
 * error recovery found more; that count is goja's own and is not reproduced.
 */
import { isTypeScriptFile } from './parses-as-javascript.js';
import { pathToFileURL } from 'node:url';
import type { K6Compat } from '../k6-compat.js';
import { scriptLoadMessage } from './load-message.js';
import { ScriptError } from '../../core/errors.js';

/** A script that does not compile, with where and why: the engine words it per k6 generation (k6SyntaxErrorMessage). */
export class ScriptSyntaxError extends ScriptError {
  constructor(readonly at: SyntaxErrorAt) {
    super(formatSyntaxError(at));
    this.name = 'ScriptSyntaxError';
  }
}

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
  const column = charColumn(lineText, at.byteColumn);
  const head = `${errorKind(at.text)}: ${at.file}: ${at.text} (${at.line}:${column})`;
  if (!lines || lineText === undefined) return head;
  return `${head}\n${codeFrame(lines, at.line, column)}`;
}

/** Babel (and editors) count UTF-16 units; esbuild counts bytes. */
function charColumn(lineText: string | undefined, byteColumn: number): number {
  return lineText === undefined ? byteColumn : Buffer.from(lineText, 'utf8').subarray(0, byteColumn).toString('utf8').length;
}

/**
 * The error line k6 logs for a script that does not parse. `scriptPath`: the script the user
 * ran (k6 v2 names it first); `at.file` may be a module it imports.
 */
export function k6SyntaxErrorMessage(at: SyntaxErrorAt, compat: K6Compat, scriptPath: string): string {
  // A module that cannot be resolved is not a syntax error: it keeps esbuild's words.
  if (errorKind(at.text) !== 'SyntaxError') return formatSyntaxError(at);
  const url = pathToFileURL(at.file).href;
  const lineText = at.source?.split(/\r?\n/)[at.line - 1];
  const column = charColumn(lineText, at.byteColumn);
  if (compat === 'v0.49') {
    const babel = babelWording(at.text, lineText, column);
    return formatSyntaxError({ ...at, file: url, text: babel.text, byteColumn: byteColumn(lineText, babel.column) });
  }
  // Current k6 hands TypeScript to esbuild (its words, its 0-based column), JavaScript to goja.
  if (isTypeScriptFile(at.file)) return scriptLoadMessage(scriptPath, `${url}: Line ${at.line}:${column} ${at.text}`);
  const goja = gojaWording(at.text, lineText, column);
  return scriptLoadMessage(scriptPath, `${url}: Line ${at.line}:${goja.column + 1} ${goja.text}`);
}


interface Worded {
  text: string;
  /** 0-based, in characters. */
  column: number;
}

/** goja's parser's words for esbuild's common messages; it names the token it did not expect by its kind. */
function gojaWording(text: string, lineText: string | undefined, column: number): Worded {
  const token = unexpectedToken(text);
  if (token === END) return { text: 'Unexpected end of input', column };
  if (token !== undefined) return { text: gojaUnexpected(token), column };
  if (text === 'Unterminated string literal') return { text: 'Unexpected token ILLEGAL', column: openingQuote(lineText, column) };
  if (afterNumber(text, lineText, column)) return { text: 'Unexpected token ILLEGAL', column: numberStart(lineText as string, column) };
  return { text, column };
}

/** Babel's words (as k6 v0.49 bundled it) for esbuild's common messages. */
function babelWording(text: string, lineText: string | undefined, column: number): Worded {
  if (unexpectedToken(text) !== undefined) return { text: 'Unexpected token', column };
  if (text === 'Unterminated string literal') return { text: 'Unterminated string constant', column: openingQuote(lineText, column) };
  if (afterNumber(text, lineText, column)) return { text: 'Identifier directly after number', column };
  return { text, column };
}

const END = Symbol('end of input');

/** The token esbuild says it did not expect (`Unexpected ";"`, `Expected ";" but found "x"`), END at the end of the file. */
function unexpectedToken(text: string): string | typeof END | undefined {
  if (text === 'Unexpected end of file' || / but found end of file$/.test(text)) return END;
  const m = /^Unexpected "(.+)"$/.exec(text) ?? /^Expected .+ but found "(.+)"$/.exec(text);
  return m ? (m[1] as string) : undefined;
}

const KEYWORDS = new Set(
  ('break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof new ' +
    'return super switch this throw try typeof var void while with yield let static enum await implements package protected interface private public null true false').split(' '),
);

function gojaUnexpected(token: string): string {
  if (/^[0-9.]/.test(token) && token !== '.' && token !== '...') return 'Unexpected number';
  if (/^["'`]/.test(token)) return 'Unexpected string';
  if (/^[\p{ID_Start}$_][\p{ID_Continue}$]*$/u.test(token) && !KEYWORDS.has(token)) return 'Unexpected identifier';
  return `Unexpected token ${token}`;
}

/** esbuild's `Syntax error "a"` on the letter right after a number (`1a`). */
function afterNumber(text: string, lineText: string | undefined, column: number): boolean {
  return lineText !== undefined && /^Syntax error "/.test(text) && /[0-9]/.test(lineText[column - 1] ?? '');
}

function numberStart(lineText: string, column: number): number {
  let i = column;
  while (i > 0 && /[0-9.]/.test(lineText[i - 1] as string)) i--;
  return i;
}

/** esbuild reports an unterminated string at the line's end; Babel and goja at its opening quote, the last one on the line. */
function openingQuote(lineText: string | undefined, column: number): number {
  if (lineText === undefined) return column;
  const at = Math.max(lineText.lastIndexOf('"', column), lineText.lastIndexOf("'", column));
  return at >= 0 ? at : column;
}

function byteColumn(lineText: string | undefined, charColumn: number): number {
  return lineText === undefined ? charColumn : Buffer.byteLength(lineText.slice(0, charColumn), 'utf8');
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
