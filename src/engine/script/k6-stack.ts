/**
 * Script exceptions the way k6 prints them: the value's text, then every frame of the
 * script's stack as goja writes it (`\tat inner (file:///…/test.js:3:29)`, `\tat forEach
 * (native)`), mapped back through the script's source map (TypeScript, bundles).
 *
 * V8 and goja place a frame differently, so each V8 frame is moved to goja's place in the
 * original source: a call is placed at its `(` (V8: at the callee's name; an awaiting
 * frame: at `await`), the frame that raised the error at the expression that did (`new`,
 * `throw`, a property access), where V8 is already. goja prints that position with a
 * 1-based column; where k6 reads the position through a source map (any script k6 v0.49
 * compiled with Babel, and TypeScript or a bundle with its map on current k6) it prints
 * the 0-based column of the mapping there, which for a call is its first argument (or
 * the callee, with none). goja's program counter, the `(17)` after the column, is not
 * printed: it has no V8 counterpart.
 */
import { isTypeScriptFile } from './parses-as-javascript.js';
import { pathToFileURL } from 'node:url';
import type { K6Compat } from '../k6-compat.js';
import type { OriginalPosition, SourcePositionMapper } from './source-position.js';
import { lineOf, lineStartOffsets } from './line-index.js';

/** The parts of V8's CallSite this reads. */
export interface CallSiteLike {
  getFunctionName(): string | null;
  getFileName(): string | undefined | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  isAsync?(): boolean;
  isConstructor?(): boolean;
}

export interface K6StackContext {
  mapper: SourcePositionMapper;
  /** The compiled code V8 runs (positions in V8's frames are in it). */
  code: string;
  compat: K6Compat;
  /** The script file as given (k6 prints positions in it without a source map). */
  entryFile: string;
  /** The entry is a .ts file that parses as JavaScript: k6 v2 runs it unmapped, as a .js. */
  entryIsJavaScript?: boolean;
  /** The name esbuild gave an anonymous `export default function` (goja calls it `default`). */
  generatedDefaultName?: string;
  /** Our k6 API functions that call back into the script, by their function name → the native frame goja shows. */
  nativeNames?: Readonly<Record<string, string>>;
}

/**
 * goja's native frames for k6's Go functions a stack passes through (k6 v2, v0.49), by our
 * function's name (`parse`: JSON.parse, vu/go-json-parse.ts; so no other engine function may be called parse).
 */
export function k6NativeNames(compat: K6Compat): Record<string, string> {
  const js = compat === 'v0.49' ? 'go.k6.io/k6/js' : 'go.k6.io/k6/v2/internal/js';
  const k6 = `${js}/modules/k6.(*K6)`;
  const open = `${js}.(*Bundle).setInitGlobals.func3`;
  // open() outside the init context: k6 v0.49 refused it from another function than open's own.
  const openOutsideInit = compat === 'v0.49' ? `${js}.(*Runner).newVU.func2` : open;
  const names: Record<string, string> = { parse: 'parse', check: `${k6}.Check-fm`, group: `${k6}.Group-fm`, groupSettled: `${k6}.Group-fm`, fail: `${k6}.Fail-fm`, open, openOutsideInit, requireOutsideInit: `${js}.(*requireImpl).require-fm`, submitForm: 'reflect.methodValueCall', clickLink: 'reflect.methodValueCall', connect: `${js}/modules/k6/ws.(*WS).Connect-fm`, webSocketSend: compat === 'v0.49' ? 'github.com/grafana/xk6-websockets/websockets.(*webSocket).send-fm' : `${js}/modules/k6/websockets.(*webSocket).send-fm`, markFailed: `${js}/modules/k6/execution.(*ModuleInstance).newTestInfo.func2.1` };
  // An import k6 v0.49 cannot resolve throws from its require(); v2 refuses those before init.
  if (compat === 'v0.49') names.requireModule = `${js}.(*requireImpl).require-fm`;
  // A call of require() after init is a call of undefined there: goja shows no frame for it.
  if (compat === 'v0.49') names.requireRemoved = '';
  return names;
}


/** The frames of a stack, k6's way: `name (file:///…:line:col)`, `file:///…:line:col` or `name (native)`. */
export function k6Frames(sites: readonly CallSiteLike[], ctx: K6StackContext): string[] {
  const out: string[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i] as CallSiteLike;
    const file = site.getFileName();
    if (file === ctx.mapper.compiledFilename) {
      const where = scriptPosition(site, i > 0, ctx);
      if (!where) continue;
      // goja names no class constructor's frame.
      const name = site.isConstructor?.() ? null : frameName(site.getFunctionName(), ctx);
      out.push(name ? `${name} (${where})` : where);
      continue;
    }
    const name = site.getFunctionName();
    if (!file) {
      // A built-in (Array.prototype.forEach, JSON.parse…): goja's are native Go functions.
      if (name) out.push(`${name} (native)`);
      continue;
    }
    // Our own module code (or Node's), up to the script frame that called it: shown only as
    // the k6 function the script called, named by the innermost frame the table knows.
    let end = i;
    while (end + 1 < sites.length && isInternal(sites[end + 1] as CallSiteLike, ctx)) end++;
    const caller = sites[end + 1];
    const native = sites.slice(i, end + 1).map((s) => nativeName(s, ctx)).find((n) => n !== undefined);
    if (native && caller?.getFileName() === ctx.mapper.compiledFilename) out.push(`${native} (native)`);
    i = end;
  }
  return out;
}

function isInternal(site: CallSiteLike, ctx: K6StackContext): boolean {
  const file = site.getFileName();
  return Boolean(file) && file !== ctx.mapper.compiledFilename;
}

function nativeName(site: CallSiteLike, ctx: K6StackContext): string | undefined {
  const name = site.getFunctionName();
  // A bundler may have renamed our function (check2).
  return name ? ctx.nativeNames?.[name.replace(/\d+$/, '')] : undefined;
}

function frameName(name: string | null, ctx: K6StackContext): string | null {
  if (!name) return null;
  if (name === ctx.generatedDefaultName) return ctx.compat === 'v0.49' ? null : 'default';
  return name;
}

/** `file:///…:line:col` of a frame in the script, or undefined when the map does not cover it (bundler helpers). */
function scriptPosition(site: CallSiteLike, isCall: boolean, ctx: K6StackContext): string | undefined {
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (line === null || column === null) return undefined;
  let column0 = column - 1;
  if (site.isAsync?.()) column0 = skipAwait(ctx.code, line, column0);
  const pos = ctx.mapper.lookup(line, column0);
  if (!pos) return undefined;
  const text = ctx.mapper.sourceText(pos.source);
  const mapped = ctx.compat === 'v0.49' || pos.source !== ctx.entryFile || (isTypeScriptFile(pos.source) && !ctx.entryIsJavaScript);
  const shown = text === undefined ? { line: pos.line, column: mapped ? pos.column0 : pos.column0 + 1 } : gojaColumn(text, pos, isCall, mapped);
  return `${pathToFileURL(pos.source).href}:${shown.line}:${shown.column}`;
}

/**
 * The start of the `import … from '<m>'` whose specifier is at `offset`: Babel turns the
 * statement into a require() it maps to the statement's start, where k6 v0.49 places a frame
 * raised by the import (an unknown module).
 */
function importStart(text: string, offset: number): number | undefined {
  if (text[offset] !== '"' && text[offset] !== "'") return undefined;
  const start = text.lastIndexOf('import', offset);
  if (start < 0 || isIdentChar(text[start - 1])) return undefined;
  return /^import\s*(?:[\w$\s{},*]+?\s*from\s*)?$/.test(text.slice(start, offset)) ? start : undefined;
}

/** An awaiting frame stands at `await` (in the compiled code, maybe inserted by asyncify.ts): goja places the call. */
function skipAwait(code: string, line: number, column0: number): number {
  const start = lineStart(code, line);
  if (start === undefined) return column0;
  const at = start + column0;
  if (!code.startsWith('await', at) || isIdentChar(code[at + 5])) return column0;
  let i = at + 5;
  while (i < code.length && /\s/.test(code[i] as string)) i++;
  return i - start;
}

function gojaColumn(text: string, pos: OriginalPosition, isCall: boolean, mapped: boolean): { line: number; column: number } {
  const starts = lineStarts(text);
  const offset = (starts[pos.line - 1] ?? 0) + pos.column0;
  const call = isCall ? callAt(text, offset) : undefined;
  let at = offset;
  if (call) at = mapped ? (call.firstArgument === undefined ? call.calleeStart : skipParens(text, call.firstArgument)) : call.paren;
  else if (mapped) at = importStart(text, offset) ?? offset;
  const line = lineOf(starts, at);
  const column0 = at - (starts[line] as number);
  return { line: line + 1, column: mapped ? column0 : column0 + 1 };
}

/**
 * Compilers drop parentheses around an argument (`f((x as T))`), so the mapping is at what they
 * enclosed; the parentheses of an arrow function's parameters (`f((a) => a)`) are its own.
 */
function skipParens(text: string, at: number): number {
  let i = at;
  while ((text[i] === '(' && !opensArrowParameters(text, i)) || (i > at && /\s/.test(text[i] as string))) i++;
  return i;
}

/** Whether the `(` at `open` starts an arrow function's parameter list: its `)` is followed by `=>`. */
function opensArrowParameters(text: string, open: number): boolean {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return /^\s*=>/.test(text.slice(i + 1, i + 40));
  }
  return false;
}

interface CallParts {
  /** Offset of the call's `(`. */
  paren: number;
  /** Offset of the first argument, when there is one. */
  firstArgument?: number;
  /** Offset where the callee (`exec.test.abort`) starts. */
  calleeStart: number;
}

/**
 * The call whose callee name starts at `offset` (V8's place for a call), read from the
 * source: over the rest of the member chain to `(`. undefined when the text there is
 * something else (a `new` expression, which goja places at `new` as V8 does).
 */
export function callAt(text: string, offset: number): CallParts | undefined {
  if (text.startsWith('new', offset) && !isIdentChar(text[offset + 3])) return undefined;
  let i = offset;
  for (;;) {
    const c = text[i];
    if (c === undefined) return undefined;
    // `)`, `}`, `]`: the end of a parenthesized callee (an IIFE), where the map may leave V8's place.
    if (isIdentChar(c) || c === '.' || c === '#' || c === ')' || c === '}' || c === ']' || /\s/.test(c)) i++;
    else if (c === '?' && text[i + 1] === '.') i += 2;
    else break;
  }
  if (text[i] !== '(' || i === offset) return undefined;
  const paren = i;
  let j = paren + 1;
  while (j < text.length && /\s/.test(text[j] as string)) j++;
  const firstArgument = text[j] === ')' ? undefined : j;
  return { paren, firstArgument, calleeStart: calleeStart(text, offset) };
}

/** Back from a callee's name over `a.b.` (and `?.`) to where the member chain starts. */
function calleeStart(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    let j = i;
    while (j > 0 && /\s/.test(text[j - 1] as string)) j--;
    const dot = text[j - 1] === '.' ? (text[j - 2] === '?' ? j - 2 : j - 1) : -1;
    if (dot < 0) return i;
    let k = dot;
    while (k > 0 && /\s/.test(text[k - 1] as string)) k--;
    let s = k;
    while (s > 0 && isIdentChar(text[s - 1])) s--;
    if (s === k) return i;
    i = s;
  }
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{ID_Continue}$\u200c\u200d]/u.test(c);
}

/** Offsets where each line starts, per text (the compiled code and the few sources a VU thread maps through). */
const startsCache = new Map<string, number[]>();

function lineStarts(text: string): number[] {
  let starts = startsCache.get(text);
  if (!starts) {
    starts = lineStartOffsets(text);
    startsCache.set(text, starts);
  }
  return starts;
}

function lineStart(text: string, line: number): number | undefined {
  return lineStarts(text)[line - 1];
}

/**
 * The text k6 shows for a thrown value: an error's `Name: message` (V8's wording of the
 * commonest TypeErrors turned into goja's), anything else as a string.
 */
export function k6ErrorHeadline(value: unknown): string {
  if (value instanceof Error || (value !== null && typeof value === 'object' && 'stack' in value && 'message' in value)) {
    const e = value as Error;
    const name = e.name || 'Error';
    const message = gojaMessage(name, String(e.message ?? ''));
    return message ? `${name}: ${message}` : name;
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function gojaMessage(name: string, message: string): string {
  if (name !== 'TypeError') return message;
  const read = /^Cannot read properties of (?:undefined|null) \(reading '(.*)'\)$/.exec(message);
  if (read) return `Cannot read property '${read[1]}' of undefined`;
  if (/^Cannot set properties of (?:undefined|null) \(setting '.*'\)$/.test(message)) return 'Cannot convert undefined or null to object';
  return message;
}

/** The whole message: headline, then `\tat frame` lines and a final newline when there are frames. */
export function k6StackMessage(headline: string, frames: readonly string[]): string {
  return frames.length === 0 ? headline : `${headline}\n${frames.map((f) => `\tat ${f}\n`).join('')}`;
}
