/**
 * Go benchmark text (`go test -bench`, read with benchstat's parser) as scenarios: one
 * per benchmark name, one repetition per result line, one metric per unit. A unit's
 * value is one number per line, so it is stored as a trend whose every stat is that
 * number (`sec/op` → metric `sec_per_op`, values in seconds), gated on `med`.
 */
import { InputFileError } from '../../core/errors.js';
import type { K6Summary, K6SummaryMetric } from '../../core/k6-summary.js';
import type { GatingMetric } from '../results.js';
import { parseBenchFile, type BenchResult, type BenchValue } from '../../benchstat/benchstat-parse.js';
import { tidyUnit } from '../../benchstat/benchstat-units.js';
import { emptyRootGroup, importedRepetition, type ImportedFile, type ImportedScenario } from './imported.js';

/** Stats every Go unit metric carries (all equal to the line's value). */
const GO_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)'];

/** A metric name k6's selector grammar accepts: `sec/op` → `sec_per_op`, `B/op` → `B_per_op`. */
export function goUnitMetricName(unit: string): string {
  return unit.replace(/\//g, '_per_').replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Throughput-like units (`B/s`, `ops/s`) are better higher; cost-per-op units lower. */
function goUnitDirection(unit: string): GatingMetric['direction'] {
  return /\/(s|sec)$/.test(unit) ? 'higher' : 'lower';
}

/**
 * A value in its tidied unit, always: benchstat's reader keeps `0 ns/op` in ns/op (tidying
 * does not change a zero), which would make a zero a metric of its own here.
 */
function tidied(v: BenchValue): { value: number; unit: string } {
  const t = tidyUnit(v.origUnit);
  return { value: v.origValue * t.factor, unit: t.unit };
}

function lineSummary(result: BenchResult): K6Summary {
  const metrics: Record<string, K6SummaryMetric> = {};
  for (const v of result.values.map(tidied)) {
    const values: Record<string, number> = { count: 1 };
    for (const s of GO_STATS) values[s] = v.value;
    metrics[goUnitMetricName(v.unit)] = { type: 'trend', contains: 'default', values };
  }
  const secPerOp = result.values.map(tidied).find((v) => v.unit === 'sec/op')?.value;
  return {
    root_group: emptyRootGroup(),
    options: { summaryTrendStats: GO_STATS, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: secPerOp === undefined ? 0 : secPerOp * result.iterations * 1000 },
    metrics,
  };
}

/**
 * Imports one Go benchmark file. Malformed benchmark lines are an InputFileError naming
 * the line (benchstat only warns; an import must be whole).
 * @param startedAt stamp for the repetitions (the text has no times): the file's mtime
 */
export function importGoBench(file: string, text: string, startedAt: Date): ImportedFile {
  const parsed = parseBenchFile(file, text);
  const first = parsed.problems[0];
  if (first !== undefined) {
    const field = first.field !== undefined ? ` ${JSON.stringify(first.field)}` : '';
    throw new InputFileError(file, `line ${first.line}`, `${first.message}${field}; expected \`BenchmarkName  <iterations>  <value> <unit> …\``);
  }
  if (parsed.results.length === 0) {
    throw new InputFileError(file, '', 'no benchmark results: expected Go benchmark lines like `BenchmarkX-8  1000  1234 ns/op`');
  }
  const scenarios = new Map<string, ImportedScenario>();
  for (const result of parsed.results) {
    let sc = scenarios.get(result.name);
    if (!sc) {
      const units = [...new Set(result.values.map((v) => tidied(v).unit))];
      const gating = units.map((u): GatingMetric => ({ metric: goUnitMetricName(u), stat: 'med', direction: goUnitDirection(u), gate: true }));
      scenarios.set(result.name, (sc = { name: result.name, repetitions: [], thresholds: [], gating }));
    }
    const rep = importedRepetition(lineSummary(result), {}, startedAt.toISOString());
    rep.index = sc.repetitions.length;
    sc.repetitions.push(rep);
  }
  const goVersion = parsed.results[0]?.config.get('go') ?? parsed.results[0]?.config.get('goversion');
  return { file, kind: 'go-bench', engine: { name: 'go-test', version: goVersion ?? 'unknown' }, scenarios: [...scenarios.values()] };
}
