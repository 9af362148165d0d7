/**
 * `res.json(selector)`: k6 reads the selector as a gjson path (github.com/tidwall/gjson) over
 * the body. This evaluates the same paths over the already parsed body: keys (`a.b`), array
 * indexes (`items.1`), `\` escapes (`fav\.movie`), `*` and `?` wildcards in keys, `#` (an
 * array's length), `#.path` (that path of every element that has it), queries `#(…)` (the
 * first element that matches) and `#(…)#` (all of them) with `== != < <= > >= % !%` and
 * `~true ~false ~null ~*`, pipes (`a.#.b|0`), and the modifiers whose result does not depend
 * on text layout (`@this @valid @pretty @ugly @reverse @keys @values @flatten`). What it does
 * not evaluate (multipaths `[a,b]` `{a,b}`, `!` literals, other modifiers) is refused with
 * UnsupportedJsonPathError rather than answered differently from k6.
 *
 * A result that does not exist is `undefined` (k6 returns undefined then); JSON null is null.
 */
import { goParseBool } from '../../core/go-strconv.js';
import { goParseFloat } from '../../core/go-parse-float.js';

/** What does not exist (gjson's !Exists()), apart from JSON null. */
const NONE: unique symbol = Symbol('none');
type Found = unknown | typeof NONE;

export class UnsupportedJsonPathError extends Error {
  constructor(path: string, what: string) {
    super(`res.json(${JSON.stringify(path)}): ${what} is not supported by the embedded engine (k6 reads the selector as a gjson path; supported: keys, indexes, \\ escapes, * and ? wildcards, #, #.path, #(query), #(query)#, | pipes, @this @valid @pretty @ugly @reverse @keys @values @flatten)`);
    this.name = 'UnsupportedJsonPathError';
  }
}

/** The value at gjson `path` in `root` (a parsed JSON document); undefined when there is none. */
export function selectJsonPath(root: unknown, path: string): unknown {
  const found = new Evaluation(path).get(root, path);
  return found === NONE ? undefined : found;
}

/** One path component: its text up to the next `.` or `|` outside a query, and what follows. */
interface Component {
  raw: string;
  /** The key with `\` escapes taken out. */
  key: string;
  /** An unescaped `*` or `?` in the key. */
  wild: boolean;
  query?: Query;
  /** After a `.`: applied within this component (for `#.` and `#(…)#`, to each element). */
  more?: string;
  /** After a `|`: applied to this component's result. */
  pipe?: string;
}

interface Query {
  path: string;
  op: '' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '%' | '!%';
  value: string;
  all: boolean;
}

const MODIFIERS = new Set(['this', 'valid', 'pretty', 'ugly', 'reverse', 'keys', 'values', 'flatten']);
/** gjson's other modifiers: a component naming one is refused, not read as a key. */
const OTHER_MODIFIERS = new Set(['join', 'tostr', 'fromstr', 'group', 'dig']);

class Evaluation {
  constructor(private readonly whole: string) {}

  get(value: Found, path: string): Found {
    if (value === NONE || path === '') return NONE;
    const first = path[0];
    if (first === '[' || first === '{') throw new UnsupportedJsonPathError(this.whole, `the multipath ${JSON.stringify(path)}`);
    if (first === '!') throw new UnsupportedJsonPathError(this.whole, `the literal ${JSON.stringify(path)}`);
    const c = this.component(path);
    if (first === '@') {
      const name = c.raw.slice(1).split(':', 1)[0] as string;
      if (MODIFIERS.has(name)) return this.then(modify(value, name, c.raw.slice(name.length + 2)), c);
      if (OTHER_MODIFIERS.has(name)) throw new UnsupportedJsonPathError(this.whole, `the modifier @${name}`);
    }
    if (Array.isArray(value)) return this.inArray(value, c);
    if (typeof value === 'object' && value !== null) return this.then(this.inObject(value as Record<string, unknown>, c), c);
    return NONE;
  }

  /** What follows a component's own result: the rest of the path after `.`, then after `|`. */
  private then(found: Found, c: Component): Found {
    const out = c.more === undefined ? found : this.get(found, c.more);
    return this.pipeAfter(out, c);
  }

  /**
   * A pipe applies to what the path before it found, even to nothing when it went through an
   * object or array: gjson's @keys and @values of nothing are `[]` (`missing.@keys`), any other
   * path of it is nothing.
   */
  private pipeAfter(found: Found, c: Component): Found {
    if (c.pipe === undefined) return found;
    if (found !== NONE) return this.get(found, c.pipe);
    const next = this.component(c.pipe);
    return next.raw === '@keys' || next.raw === '@values' ? this.then([], next) : NONE;
  }

  private inObject(object: Record<string, unknown>, c: Component): Found {
    if (!c.wild) return Object.hasOwn(object, c.key) ? object[c.key] : NONE;
    for (const key of Object.keys(object)) if (wildcardMatch(key, c.raw)) return object[key];
    return NONE;
  }

  private inArray(list: unknown[], c: Component): Found {
    if (c.query) return this.queried(list, c.query, c);
    if (c.raw === '#') {
      if (c.more === undefined) return this.then(list.length, c);
      // `#.path`: the path of every element that has it; a `|` in it applies to that list.
      const [each, after] = splitPipe(c.more);
      const found = list.map((e) => this.get(e, each)).filter((v) => v !== NONE);
      return after === undefined ? this.pipeAfter(found, c) : this.pipeAfter(this.get(found, after), c);
    }
    if (!/^[0-9]+$/.test(c.raw)) return NONE;
    const index = Number(c.raw);
    return this.then(index < list.length ? list[index] : NONE, c);
  }

  private queried(list: unknown[], q: Query, c: Component): Found {
    const matches = list.filter((e) => {
      let subject: Found = e;
      if (q.path !== '') subject = typeof e === 'object' && e !== null ? this.get(e, q.path) : NONE;
      return queryMatches(q, subject);
    });
    if (!q.all) return this.then(matches.length > 0 ? matches[0] : NONE, c);
    if (c.more === undefined) return this.pipeAfter(matches, c);
    const [each, after] = splitPipe(c.more);
    const found = matches.map((e) => this.get(e, each)).filter((v) => v !== NONE);
    return this.pipeAfter(after === undefined ? found : this.get(found, after), c);
  }

  /** The first component of `path`. */
  private component(path: string): Component {
    let i = 0;
    let key = '';
    let wild = false;
    let query: Query | undefined;
    if (path.startsWith('#(') || path.startsWith('#[')) {
      const end = queryEnd(path);
      if (end < 0) throw new UnsupportedJsonPathError(this.whole, `the unterminated query ${JSON.stringify(path)}`);
      query = parseQuery(path.slice(2, end));
      i = end + 1;
      if (path[i] === '#') {
        query.all = true;
        i++;
      }
      key = path.slice(0, i);
    } else {
      for (; i < path.length; i++) {
        const ch = path[i] as string;
        if (ch === '.' || ch === '|') break;
        if (ch === '\\') {
          i++;
          if (i < path.length) key += path[i];
          continue;
        }
        if (ch === '*' || ch === '?') wild = true;
        key += ch;
      }
    }
    const raw = path.slice(0, i);
    const c: Component = { raw, key, wild, query };
    if (i < path.length) {
      const rest = path.slice(i + 1);
      // After a `.`, a modifier or multipath is piped, except after an array component (`#…`), as in gjson.
      if (path[i] === '|') c.pipe = rest;
      else if (!raw.includes('#') && (rest.startsWith('@') || rest.startsWith('[') || rest.startsWith('{'))) c.pipe = rest;
      else c.more = rest;
    }
    return c;
  }
}

/** Splits `path` at its first `|` outside a query and not escaped. */
function splitPipe(path: string): [string, string | undefined] {
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\') i++;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '"') i = stringEnd(path, i);
    else if (ch === '|' && depth === 0) return [path.slice(0, i), path.slice(i + 1)];
  }
  return [path, undefined];
}

/** Index of the closing quote of the string opened at `open`. */
function stringEnd(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length;
}

/** Index of the `)` or `]` closing the query that `#(` / `#[` opens at the start of `path`; -1 when none. */
function queryEnd(path: string): number {
  let depth = 1;
  for (let i = 2; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\') i++;
    else if (ch === '"') i = stringEnd(path, i);
    else if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && --depth === 0) return i;
  }
  return -1;
}

const OPS = ['!=', '!%', '<=', '>=', '==', '=', '<', '>', '%'] as const;

/** The inside of `#(…)`: `path op value`, `op value` (the element itself) or `path` (it exists). */
function parseQuery(inner: string): Query {
  let at = -1;
  for (let i = 0, depth = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === '\\') i++;
    else if (ch === '"') i = stringEnd(inner, i);
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && '!=<>%'.includes(ch)) {
      at = i;
      break;
    }
  }
  if (at < 0) return { path: inner.trim(), op: '', value: '', all: false };
  const rest = inner.slice(at);
  const op = OPS.find((o) => rest.startsWith(o)) ?? (rest[0] as Query['op']);
  let value = rest.slice(op.length).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = unescapeJson(value.slice(1, -1));
  return { path: inner.slice(0, at).trim(), op: op === '==' ? '=' : op, value, all: false };
}

function unescapeJson(s: string): string {
  if (!s.includes('\\')) return s;
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s.replace(/\\(.)/g, '$1');
  }
}

function truthy(v: unknown): boolean | undefined {
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return goParseBool(v.toLowerCase());
  return false;
}

function falsy(v: unknown): boolean {
  if (v === null || v === false) return true;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'string') {
    const b = goParseBool(v.toLowerCase());
    return b === undefined ? false : !b;
  }
  return false;
}


function queryMatches(q: Query, subject: Found): boolean {
  let value = q.value;
  let v = subject;
  if (value.startsWith('~')) {
    const kind = value.slice(1);
    let is: boolean | undefined;
    if (kind === '*') is = v !== NONE;
    else if (kind === 'null') is = v === null;
    else if (kind === 'true') is = v !== NONE && truthy(v) === true;
    else if (kind === 'false') is = v !== NONE && falsy(v);
    if (is === undefined) return false;
    value = 'true';
    v = is;
  }
  if (v === NONE) return false;
  if (q.op === '') return true;
  if (typeof v === 'string') {
    if (q.op === '%') return wildcardMatch(v, value);
    if (q.op === '!%') return !wildcardMatch(v, value);
    return ordered(q.op, v, value);
  }
  if (typeof v === 'number') return ordered(q.op, v, goParseFloatOrZero(value));
  if (v === true) return (q.op === '=' && value === 'true') || (q.op === '!=' && value !== 'true') || (q.op === '>' && value === 'false') || q.op === '>=';
  if (v === false) return (q.op === '=' && value === 'false') || (q.op === '!=' && value !== 'false') || (q.op === '<' && value === 'true') || q.op === '<=';
  return false;
}

/** A comparison of two strings (Go's byte order is the code-unit order here) or two numbers. */
function ordered<T extends string | number>(op: Query['op'], a: T, b: T): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}

/** strconv.ParseFloat's value, which gjson uses even when Go reports an error (then 0, or ±Inf out of range). */
function goParseFloatOrZero(s: string): number {
  const r = goParseFloat(s);
  return r.ok ? r.value : (r.outOfRange ?? 0);
}

/** tidwall/match: `*` any run of characters, `?` any one, `\` makes the next one plain. */
export function wildcardMatch(str: string, pattern: string): boolean {
  const s = [...str];
  const p = [...pattern];
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const k = i * (p.length + 1) + j;
    const known = memo.get(k);
    if (known !== undefined) return known;
    let r: boolean;
    if (j === p.length) r = i === s.length;
    else if (p[j] === '*') r = at(i, j + 1) || (i < s.length && at(i + 1, j));
    else if (i === s.length) r = false;
    else if (p[j] === '?') r = at(i + 1, j + 1);
    else if (p[j] === '\\' && j + 1 < p.length) r = s[i] === p[j + 1] && at(i + 1, j + 2);
    else r = s[i] === p[j] && at(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return at(0, 0);
}

/** A modifier's result (`arg` is what follows `:`, for @flatten's `{"deep":true}`). */
function modify(value: Found, name: string, arg: string): Found {
  if (value === NONE) return NONE;
  switch (name) {
    case 'reverse':
      if (Array.isArray(value)) return [...value].reverse();
      if (isObject(value)) return Object.fromEntries(Object.entries(value).reverse());
      return value;
    case 'keys':
      if (isObject(value)) return Object.keys(value);
      // (gjson lists an array's or a scalar's "keys" as nulls, one per element, one for a scalar)
      return Array.isArray(value) ? value.map(() => null) : [null];
    case 'values':
      if (isObject(value)) return Object.values(value);
      return Array.isArray(value) ? value : [value];
    case 'flatten': {
      if (!Array.isArray(value)) return value;
      const deep = /"deep"\s*:\s*true/.test(arg);
      const flat = (list: unknown[]): unknown[] => list.flatMap((e) => (Array.isArray(e) ? (deep ? flat(e) : e) : [e]));
      return flat(value);
    }
    default:
      // @this, @valid, @pretty, @ugly: the same value (k6 hands the script values, not text).
      return value;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
