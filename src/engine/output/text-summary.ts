/**
 * k6's end-of-test text summary (the output of k6's textSummary(data, { indent: ' ',
 * enableColors: false }), jslib k6-summary 0.0.x): checks per group, then one
 * line per metric with k6's humanized values. Pure: returns the text.
 */
import type { K6Check, K6Group, K6Summary, K6SummaryMetric } from '../../core/k6-summary.js';
import { displayName, humanizeValue, indentFor, sortMetricNames, width } from './k6-humanize.js';

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
  const names = sortMetricNames(Object.keys(data.metrics));
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
