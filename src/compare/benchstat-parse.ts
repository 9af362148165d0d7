/**
 * Parser for the Go benchmark data format (golang.org/design/14313-benchmark-format),
 * the text `go test -bench` prints and benchstat reads:
 *   config lines    `key: value`     (key starts lower-case, no spaces or upper-case)
 *   benchmark lines `BenchmarkName  <iterations>  <value> <unit>  [<value> <unit>]...`
 *   unit metadata   `Unit <unit> key=value ...` (e.g. `assume=exact`)
 * Anything else is ignored; malformed benchmark lines are reported, not thrown.
 */
import { tidyUnit } from './benchstat-units.js';

export interface BenchValue {
  /** Value in the tidied unit (ns/op values are in sec/op). */
  value: number;
  /** Tidied unit, e.g. `sec/op`. */
  unit: string;
  origValue: number;
  origUnit: string;
}

export interface BenchResult {
  /** Label of the input the result came from (benchstat's `.file`). */
  file: string;
  /** 1-based line number in that input. */
  line: number;
  /** File-level configuration in effect, in the order the keys were set. */
  config: ReadonlyMap<string, string>;
  /** Full name without the `Benchmark` prefix, e.g. `Encode/format=json-48`. */
  name: string;
  iterations: number;
  values: BenchValue[];
}

export interface BenchFile {
  label: string;
  results: BenchResult[];
  /** Unit (as written, and tidied) → metadata key → value. */
  units: Map<string, Map<string, string>>;
  /** `label:line: message` for benchmark lines that could not be read. */
  syntaxErrors: string[];
}

const CONFIG_LINE = /^(\p{Ll}[^\s\p{Lu}]*):(?:[ \t]+(.*))?$/u;

function isBenchmarkLine(line: string): boolean {
  if (!line.startsWith('Benchmark')) return false;
  const next = line.slice('Benchmark'.length).codePointAt(0);
  if (next === undefined) return false;
  const ch = String.fromCodePoint(next);
  return !/\p{Ll}/u.test(ch);
}

function parseBenchmarkLine(label: string, lineNo: number, line: string, config: Map<string, string>): BenchResult | string {
  const fields = line.split(/\s+/).filter((f) => f.length > 0);
  const name = (fields[0] as string).slice('Benchmark'.length);
  if (fields.length < 2) return 'missing iteration count';
  const iterations = Number(fields[1]);
  if (!/^[0-9]+$/.test(fields[1] as string)) return `parsing iteration count: invalid syntax "${fields[1]}"`;
  if (fields.length === 2) return 'missing measurements';
  const values: BenchValue[] = [];
  for (let i = 2; i < fields.length; i += 2) {
    const text = fields[i] as string;
    const unit = fields[i + 1];
    if (unit === undefined) return `missing units on "${text}"`;
    const origValue = Number(text);
    if (text.trim() === '' || Number.isNaN(origValue)) return `parsing measurement: invalid syntax "${text}"`;
    const tidied = tidyUnit(unit);
    values.push({ value: origValue * tidied.factor, unit: tidied.unit, origValue, origUnit: unit });
  }
  return { file: label, line: lineNo, config: new Map(config), name, iterations, values };
}

/** Parses one input in the Go benchmark format. `label` names it (benchstat uses the file name). */
export function parseBenchFile(label: string, text: string): BenchFile {
  const file: BenchFile = { label, results: [], units: new Map(), syntaxErrors: [] };
  const config = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    const lineNo = index + 1;
    if (isBenchmarkLine(line)) {
      const parsed = parseBenchmarkLine(label, lineNo, line, config);
      if (typeof parsed === 'string') file.syntaxErrors.push(`${label}:${lineNo}: ${parsed}`);
      else file.results.push(parsed);
      return;
    }
    if (line.startsWith('Unit ')) {
      const [, unit, ...pairs] = line.split(/\s+/);
      if (unit === undefined) return;
      for (const name of new Set([unit, tidyUnit(unit).unit])) {
        const meta = file.units.get(name) ?? new Map<string, string>();
        for (const pair of pairs) {
          const eq = pair.indexOf('=');
          if (eq > 0) meta.set(pair.slice(0, eq), pair.slice(eq + 1));
          else file.syntaxErrors.push(`${label}:${lineNo}: expected key=value in Unit line, got "${pair}"`);
        }
        file.units.set(name, meta);
      }
      return;
    }
    const m = CONFIG_LINE.exec(line);
    if (m) {
      const key = m[1] as string;
      const value = (m[2] ?? '').trim();
      // An empty value removes the key (design 14317); a reset keeps the key's place.
      if (value === '') config.delete(key);
      else config.set(key, value);
    }
  });
  return file;
}
