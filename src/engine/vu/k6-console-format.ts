/**
 * The text of a console.log(...) line as k6 writes it: the arguments joined by spaces,
 * strings as they are (no printf-style `%s`), other values each generation's way:
 *
 * - current k6: a Node-like rendering of its own: `{ a: [ 1, "two" ] }`, every level
 *   expanded, strings inside in double quotes as they are, undefined inside as null, errors
 *   as `Error: message`, dates as JSON, functions as `[object Function]`, `[Circular]`;
 * - k6 v0.49: JSON (`{"a":[1,"two"]}`, `{}` for an error), functions as null, and the
 *   value's string form when JSON cannot say it (a cycle: `[object Object]`).
 */
import type { K6Compat } from '../k6-compat.js';

export function formatConsoleArgs(args: readonly unknown[], compat: K6Compat): string {
  return args.map((a) => (compat === 'v0.49' ? v049Arg(a) : v2Arg(a))).join(' ');
}

function v049Arg(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'undefined';
  if (typeof v === 'symbol') return v.description ?? '';
  if (typeof v === 'function') return 'null';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    const json = JSON.stringify(v);
    return json === undefined ? String(v) : json;
  } catch {
    return safeString(v);
  }
}

function v2Arg(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'symbol') return v.description ?? '';
  if (v === undefined) return 'undefined';
  return render(v, new Set());
}

const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array) as abstract new () => ArrayLike<number>;

function render(v: unknown, seen: Set<object>): string {
  switch (typeof v) {
    case 'undefined':
      return 'null';
    case 'string':
      return `"${v}"`;
    case 'symbol':
      return `"${v.description ?? ''}"`;
    case 'number':
      return Object.is(v, -0) ? '0' : String(v);
    case 'bigint':
    case 'boolean':
      return String(v);
    case 'function':
      return '[object Function]';
  }
  if (v === null) return 'null';
  const obj = v as object;
  if (obj instanceof Error) return safeString(obj);
  if (obj instanceof Date) return JSON.stringify(obj) ?? 'null';
  if (seen.has(obj)) return '[Circular]';
  seen.add(obj);
  try {
    if (obj instanceof ArrayBuffer) {
      const bytes = [...new Uint8Array(obj)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      return `ArrayBuffer { [Uint8Contents]: <${bytes}>, byteLength: ${obj.byteLength} }`;
    }
    if (obj instanceof TYPED_ARRAY) {
      const items = Array.from(obj as ArrayLike<number>, (x) => render(x, seen));
      return `${obj.constructor.name}(${items.length}) ${list('[', items, ']')}`;
    }
    if (Array.isArray(obj)) {
      const items: string[] = [];
      for (let i = 0; i < obj.length; i++) items.push(render(obj[i], seen));
      return list('[', items, ']');
    }
    return list('{', Object.keys(obj).map((k) => `${k}: ${render((obj as Record<string, unknown>)[k], seen)}`), '}');
  } finally {
    seen.delete(obj);
  }
}

function list(open: string, items: string[], close: string): string {
  return items.length === 0 ? `${open}${close}` : `${open} ${items.join(', ')} ${close}`;
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
