/**
 * Reader for the Go benchmark data format (golang.org/design/14313-benchmark-format),
 * the text `go test -bench` prints and benchstat reads, with benchstat's reader
 * (golang.org/x/perf/benchfmt) rules, quirks included, so tables match it:
 *   config lines    `key: value`     (key starts lower-case, no spaces or upper-case;
 *                                     an empty value removes the key)
 *   benchmark lines any line starting `Benchmark`: `<name> <iterations> <value> <unit> …`
 *   unit metadata   `Unit <unit> key=value …` (e.g. `assume=exact`), shared by all inputs
 * Anything else is ignored; malformed benchmark and unit lines are reported, not thrown.
 *
 * Quirks kept from benchfmt: a value equal to itself after unit tidying keeps its unit —
 * so `0 ns/op` stays in an `ns/op` table while `5 ns/op` goes to `sec/op`; a deleted config
 * key's slot is taken by the last key (key order matters for table headers).
 * One deliberate difference: a UTF-8 byte-order mark at the start of an input is skipped
 * (benchfmt would ignore the whole first line, silently losing a config or result).
 */
import { tidyUnit } from './benchstat-units.js';

export interface BenchValue {
  /** Value in the tidied unit (ns/op values are in sec/op). */
  value: number;
  /** Tidied unit, e.g. `sec/op` (the original one when tidying left the value unchanged). */
  unit: string;
  origValue: number;
  origUnit: string;
}

export interface BenchResult {
  /** Label of the input the result came from (benchstat's `.file`). */
  file: string;
  /** 1-based line number in that input. */
  line: number;
  /** File-level configuration in effect, in benchfmt's key order. */
  config: ReadonlyMap<string, string>;
  /** Full name without the `Benchmark` prefix, e.g. `Encode/format=json-48`. */
  name: string;
  iterations: number;
  values: BenchValue[];
}

/** Unit metadata: tidied unit → metadata key → value. Shared across the inputs of one run, as in benchstat. */
export type UnitMetadata = Map<string, Map<string, string>>;

export interface BenchFile {
  label: string;
  results: BenchResult[];
  /** The unit metadata seen so far (this input and any read before it with the same map). */
  units: UnitMetadata;
  /** `label:line: message` for benchmark and unit lines that could not be read, as benchstat prints them. */
  syntaxErrors: string[];
  /** The same problems with the offending field, for error messages that name it. */
  problems: SyntaxProblem[];
}

export interface SyntaxProblem {
  line: number;
  message: string;
  /** The field that could not be read, when there is one. */
  field?: string;
}

const UTF8_BOM = '\ufeff';

/** Go's unicode.IsSpace. */
export function isGoSpace(ch: string): boolean {
  switch (ch) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case '\u0085':
    case '\u00a0':
    case '\u1680':
    case '\u2028':
    case '\u2029':
    case '\u202f':
    case '\u205f':
    case '\u3000':
      return true;
    default:
      return ch >= '\u2000' && ch <= '\u200a';
  }
}

/** Go's unicode.IsSpace characters, as a character class. */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_SPACE_ANY = new RegExp(`[${GO_SPACE}]`);
const GO_SPACE_RUNS = new RegExp(`[${GO_SPACE}]+`);

/** Fields separated by runs of Go whitespace (benchfmt's splitField, applied repeatedly). */
function goFields(line: string): string[] {
  return line.split(GO_SPACE_RUNS).filter((f) => f !== '');
}

/**
 * Calls `onLine` for each line as Go's bufio.Scanner (ScanLines) yields them: split at `\n`,
 * one trailing `\r` dropped, a last line without `\n` kept when not empty; empty lines are
 * only counted. Walks the text without an array of all lines, so a huge file of blank lines
 * costs no more memory than its text (50 MB of them: about a second).
 */
export function scanLines(text: string, onLine: (line: string, lineNo: number) => void): void {
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    if (end > start) {
      const stop = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (stop > start) onLine(text.slice(start, stop), lineNo);
    }
    start = end + 1;
  }
}

const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;

/** benchfmt's parseKeyValueLine: `[key, value]`, value '' for a deletion, or null. */
function parseKeyValue(line: string): [string, string] | null {
  let i = 0;
  let key = '';
  let rest: string | null = null;
  for (const ch of line) {
    if (i === 0 && !LOWER.test(ch)) return null;
    if (isGoSpace(ch) || UPPER.test(ch)) return null;
    if (i > 0 && ch === ':') {
      key = line.slice(0, i);
      rest = line.slice(i + 1);
      break;
    }
    i += ch.length;
  }
  if (key === '' || rest === null) return null;
  if (rest === '') return [key, ''];
  const value = rest.replace(/^[ \t]+/, '');
  if (value.length === rest.length) return null; // "key:value" without a space is not config
  return [key, value];
}

/** Go's strconv.Atoi syntax (optional sign, decimal digits); the error text benchfmt reports. */
function parseGoInt(text: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(text)) return 'invalid syntax';
  const v = BigInt(text);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return 'value out of range';
  return Number(v);
}

const DECIMAL = /^[+-]?(?:[0-9](?:_?[0-9])*)?(?:\.(?:[0-9](?:_?[0-9])*)?)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const HEX = /^([+-]?)0[xX]_?((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?)(?:\.((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?))?[pP]([+-]?[0-9](?:_?[0-9])*)$/;

/** Go's strconv.ParseFloat(text, 64): the value, or the error text benchfmt reports. */
export function parseGoFloat(text: string): number | string {
  const special = /^([+-]?)(inf|infinity)$/i.exec(text);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  let value: number;
  const hex = HEX.exec(text);
  if (hex) {
    const intDigits = (hex[2] ?? '').replace(/_/g, '');
    const fracDigits = (hex[3] ?? '').replace(/_/g, '');
    if (intDigits === '' && fracDigits === '') return 'invalid syntax';
    const mantissa = BigInt(`0x${intDigits}${fracDigits}` === '0x' ? '0' : `0x${intDigits}${fracDigits}`);
    const exp = Number((hex[4] as string).replace(/_/g, '')) - 4 * fracDigits.length;
    value = Number(mantissa) * Math.pow(2, Math.max(exp, -1000)) * Math.pow(2, Math.min(0, exp + 1000));
    if (hex[1] === '-') value = -value;
  } else {
    if (!DECIMAL.test(text) || !/[0-9]/.test(text.replace(/[eE].*$/, ''))) return 'invalid syntax';
    value = Number(text.replace(/_/g, ''));
  }
  if (!Number.isFinite(value)) return 'value out of range';
  return value;
}

/** benchfmt's atof: an all-digit integer fast path, else ParseFloat. */
function parseMeasurement(text: string): number | string {
  if (/^[0-9]+$/.test(text) && text.length < 19) return Number(text);
  return parseGoFloat(text);
}

/** Config with benchfmt's key order: new keys at the end, a deleted key's slot taken by the last one. */
class OrderedConfig {
  private entries: Array<[string, string]> = [];

  set(key: string, value: string): void {
    const slot = this.entries.find((e) => e[0] === key);
    if (slot) slot[1] = value;
    else this.entries.push([key, value]);
  }

  delete(key: string): void {
    const pos = this.entries.findIndex((e) => e[0] === key);
    if (pos < 0) return;
    const last = this.entries.pop() as [string, string];
    if (pos < this.entries.length) this.entries[pos] = last;
  }

  snapshot(): Map<string, string> {
    return new Map(this.entries);
  }
}

/** A benchmark line that is only a name (`go test -v` prints one as each benchmark starts): skipped silently. */
const NAME_ONLY = Symbol('name only');

function parseBenchmarkLine(file: string, lineNo: number, line: string, config: OrderedConfig): BenchResult | SyntaxProblem | typeof NAME_ONLY {
  const afterPrefix = line.slice('Benchmark'.length);
  if (!GO_SPACE_ANY.test(afterPrefix)) return NAME_ONLY;
  const fields = goFields(afterPrefix);
  // "Benchmark" followed by whitespace: the name is empty and the fields start at once.
  const startsWithSpace = isGoSpace(afterPrefix.charAt(0));
  const name = startsWithSpace ? '' : (fields.shift() ?? '');
  const itersText = fields.shift();
  if (itersText === undefined) return { line: lineNo, message: 'missing iteration count' };
  const iterations = parseGoInt(itersText);
  if (typeof iterations === 'string') return { line: lineNo, message: `parsing iteration count: ${iterations}`, field: itersText };
  if (fields.length === 0) return { line: lineNo, message: 'missing measurements' };
  const values: BenchValue[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const parsed = parseMeasurement(fields[i] as string);
    if (typeof parsed === 'string') return { line: lineNo, message: `parsing measurement: ${parsed}`, field: fields[i] as string };
    const unit = fields[i + 1];
    if (unit === undefined) return { line: lineNo, message: 'missing units', field: fields[i] as string };
    const tidied = tidyUnit(unit);
    const value = parsed * tidied.factor;
    // benchfmt keeps the original unit when tidying did not change the number (0, ±Inf).
    values.push(value === parsed ? { value: parsed, unit, origValue: parsed, origUnit: unit } : { value, unit: tidied.unit, origValue: parsed, origUnit: unit });
  }
  return { file, line: lineNo, config: config.snapshot(), name, iterations, values };
}

function parseUnitLine(lineNo: number, fields: string[], units: UnitMetadata, problem: (p: SyntaxProblem) => void): void {
  const unit = fields[0];
  if (unit === undefined) {
    problem({ line: lineNo, message: 'missing unit' });
    return;
  }
  const tidy = tidyUnit(unit).unit;
  for (const pair of fields.slice(1)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      problem({ line: lineNo, message: 'expected key=value', field: pair });
      continue;
    }
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const meta = units.get(tidy) ?? new Map<string, string>();
    const have = meta.get(key);
    if (have !== undefined) {
      if (have !== value) problem({ line: lineNo, message: `metadata ${key} of unit ${unit} already set to ${have}`, field: pair });
      continue;
    }
    meta.set(key, value);
    units.set(tidy, meta);
  }
}

/**
 * Parses one input in the Go benchmark format. `label` names it (benchstat uses the file
 * name). Pass the same `units` map for all inputs of one comparison, as benchstat shares it.
 */
export function parseBenchFile(label: string, text: string, units: UnitMetadata = new Map()): BenchFile {
  const file: BenchFile = { label, results: [], units, syntaxErrors: [], problems: [] };
  const problem = (p: SyntaxProblem): void => {
    file.problems.push(p);
    file.syntaxErrors.push(`${label}:${p.line}: ${p.message}`);
  };
  const config = new OrderedConfig();
  const body = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  // Empty lines can be nothing (not a benchmark, unit or config line), so they are skipped.
  scanLines(body, (line, lineNo) => {
    if (line.startsWith('Benchmark')) {
      const parsed = parseBenchmarkLine(label, lineNo, line, config);
      if (parsed === NAME_ONLY) return;
      if ('message' in parsed) problem(parsed);
      else file.results.push(parsed);
      return;
    }
    if (line.startsWith('U')) {
      const fields = goFields(line);
      if (fields[0] === 'Unit') {
        parseUnitLine(lineNo, fields.slice(1), units, problem);
        return;
      }
    }
    const kv = parseKeyValue(line);
    if (kv) {
      if (kv[1] === '') config.delete(kv[0]);
      else config.set(kv[0], kv[1]);
    }
  });
  return file;
}

/** The `assume` metadata of a unit (looked up by its tidied form, as benchfmt does). */
export function unitAssumption(units: UnitMetadata, unit: string): string | undefined {
  return units.get(tidyUnit(unit).unit)?.get('assume');
}
