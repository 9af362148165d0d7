/**
 * k6's end-of-test text summary (the output of k6's textSummary(data, { indent: ' ',
 * enableColors: false }), jslib k6-summary 0.0.x): checks per group, then one
 * line per metric with k6's humanized values. Pure: returns the text.
 */
import type { K6Check, K6Group, K6Summary, K6SummaryMetric } from '../../core/k6-summary.js';

const SUCC = '✓';
const FAIL = '✗';

export interface TextSummaryOptions {
  /** @default ' ' */
  indent?: string;
}

export function renderTextSummary(data: K6Summary, options: TextSummaryOptions = {}): string {
  const indent = options.indent ?? ' ';
  const lines = [...summarizeGroup(`${indent}    `, data.root_group), ...summarizeMetrics(`${indent}  `, data)];
  return lines.join('\n');
}

function summarizeCheck(indent: string, check: K6Check): string {
  if (check.fails === 0) return `${indent}${SUCC} ${check.name}`;
  const pct = Math.floor((100 * check.passes) / (check.passes + check.fails));
  return `${indent}${FAIL} ${check.name}\n${indent} ↳  ${pct}% — ${SUCC} ${check.passes} / ${FAIL} ${check.fails}`;
}

function summarizeGroup(indentIn: string, group: K6Group): string[] {
  const out: string[] = [];
  let indent = indentIn;
  if (group.name !== '') {
    out.push(`${indent}█ ${group.name}\n`);
    indent += '  ';
  }
  for (const c of group.checks) out.push(summarizeCheck(indent, c));
  if (group.checks.length > 0) out.push('');
  for (const g of group.groups) out.push(...summarizeGroup(indent, g));
  return out;
}

const displayName = (name: string) => {
  const at = name.indexOf('{');
  return at >= 0 ? `{ ${name.slice(at + 1, -1)} }` : name;
};
const indentFor = (name: string) => (name.includes('{') ? '  ' : '');
const width = (s: string) => [...s].length;

function summarizeMetrics(indent: string, data: K6Summary): string[] {
  const stats = data.options.summaryTrendStats;
  const unit = data.options.summaryTimeUnit;
  let nameMax = 0;
  let valueMax = 0;
  const extraMax = [0, 0];
  const trendMax = stats.map(() => 0);
  const trendCols = new Map<string, string[]>();
  const nonTrend = new Map<string, string[]>();
  for (const [name, m] of Object.entries(data.metrics)) {
    nameMax = Math.max(nameMax, width(indentFor(name) + displayName(name)));
    if (m.type === 'trend') {
      const cols = stats.map((s, i) => {
        const v = s === 'count' ? String(m.values[s] ?? 0) : humanizeValue(m.values[s] ?? 0, m, unit);
        trendMax[i] = Math.max(trendMax[i] as number, width(v));
        return v;
      });
      trendCols.set(name, cols);
      continue;
    }
    const values = nonTrendValues(m, unit);
    nonTrend.set(name, values);
    valueMax = Math.max(valueMax, width(values[0] as string));
    values.slice(1).forEach((v, i) => (extraMax[i] = Math.max(extraMax[i] as number, width(v))));
  }
  const names = Object.keys(data.metrics).sort((a, b) => {
    const pa = a.split('{', 1)[0] as string;
    const pb = b.split('{', 1)[0] as string;
    return pa.localeCompare(pb) || a.slice(pa.length).localeCompare(b.slice(pb.length));
  });
  const dataFor = (name: string): string => {
    const cols = trendCols.get(name);
    if (cols) return cols.map((c, i) => `${stats[i]}=${c}${' '.repeat((trendMax[i] as number) - width(c))}`).join(' ');
    const [value, ...extras] = nonTrend.get(name) as string[];
    let text = `${value}${' '.repeat(valueMax - width(value as string))}`;
    if (extras.length === 1) text += ` ${extras[0]}`;
    else if (extras.length > 1) text += ` ${extras.map((e, i) => `${e}${' '.repeat((extraMax[i] as number) - width(e))}`).join(' ')}`;
    return text;
  };
  return names.map((name) => {
    const m = data.metrics[name] as K6SummaryMetric;
    let mark = ' ';
    if (m.thresholds) mark = Object.values(m.thresholds).every((t) => t.ok) ? SUCC : FAIL;
    const ind = indentFor(name);
    const shown = displayName(name);
    const dots = '.'.repeat(nameMax - width(shown) - width(ind) + 3);
    return `${indent}${ind}${mark} ${shown}${dots}: ${dataFor(name)}`;
  });
}

function nonTrendValues(m: K6SummaryMetric, unit: string): string[] {
  const v = m.values;
  switch (m.type) {
    case 'counter':
      return [humanizeValue(v.count ?? 0, m, unit), `${humanizeValue(v.rate ?? 0, m, unit)}/s`];
    case 'gauge':
      return [humanizeValue(v.value ?? 0, m, unit), `min=${humanizeValue(v.min ?? 0, m, unit)}`, `max=${humanizeValue(v.max ?? 0, m, unit)}`];
    case 'rate':
      return [humanizeValue(v.rate ?? 0, m, unit), `${SUCC} ${v.passes ?? 0}`, `${FAIL} ${v.fails ?? 0}`];
    default:
      return ['[no data]'];
  }
}

/** k6's humanizeValue: rates as truncated percentages, data in kB/MB (base 1000), times in ns…h. */
export function humanizeValue(val: number, m: Pick<K6SummaryMetric, 'type' | 'contains'>, timeUnit = ''): string {
  if (m.type === 'rate') return (Math.trunc(val * 100 * 100) / 100).toFixed(2) + '%';
  if (m.contains === 'data') return humanizeBytes(val);
  if (m.contains === 'time') return humanizeDuration(val, timeUnit);
  return noTrailingZeros(val, 6);
}

function humanizeBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  if (bytes < 10) return `${bytes} B`;
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const val = Math.floor((bytes / Math.pow(1000, e)) * 10 + 0.5) / 10;
  return `${val.toFixed(val < 10 ? 1 : 0)} ${units[e | 0]}`;
}

const noTrailingZeros = (val: number, prec: number) => parseFloat(val.toFixed(prec)).toString();
const noTrailingZerosTrunc = (val: number, prec: number) => noTrailingZeros(Math.trunc(Math.pow(10, prec) * val) / Math.pow(10, prec), prec);

const TIME_UNITS: Record<string, { unit: string; coef: number }> = { s: { unit: 's', coef: 0.001 }, ms: { unit: 'ms', coef: 1 }, us: { unit: 'µs', coef: 1000 } };

/** Milliseconds → k6's duration text (`433.11µs`, `1.23ms`, `1m2s`). */
export function humanizeDuration(dur: number, timeUnit = ''): string {
  const fixed = TIME_UNITS[timeUnit];
  if (fixed) return `${(dur * fixed.coef).toFixed(2)}${fixed.unit}`;
  if (dur === 0) return '0s';
  if (dur < 0.001) return `${Math.trunc(dur * 1_000_000)}ns`;
  if (dur < 1) return `${noTrailingZerosTrunc(dur * 1000, 2)}µs`;
  if (dur < 1000) return `${noTrailingZerosTrunc(dur, 2)}ms`;
  let result = `${noTrailingZerosTrunc((dur % 60000) / 1000, dur > 60000 ? 0 : 2)}s`;
  let rem = Math.trunc(dur / 60000);
  if (rem < 1) return result;
  result = `${rem % 60}m${result}`;
  rem = Math.trunc(rem / 60);
  if (rem < 1) return result;
  return `${rem}h${result}`;
}
