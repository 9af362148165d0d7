/**
 * k6 v2's end-of-test summary text (k6 v1+ prints it; `text-summary.ts` is the v0.49 one):
 * THRESHOLDS with the value each expression looked at, TOTAL RESULTS (checks, then the
 * metrics in sections: CUSTOM, HTTP, EXECUTION, NETWORK…), and in `full` mode a section per
 * group and per non-default scenario. Pure: returns exactly what k6 writes to stdout.
 */
import { shownInSummary, SUMMARY_SECTIONS, summarySection, type EndOfTestReport, type ReportChecks, type ReportGroup, type ReportMetric, type ReportThresholds, type SummaryMode } from '../metrics/end-of-test.js';
import { displayName, humanizeValue, indentFor, sortMetricNames, width } from './k6-humanize.js';

const SUCC = '✓';
const FAIL = '✗';

/** An element that ends the previous line with an empty one (k6 joins everything else with line breaks). */
const BREAK = '\n';

const indent = (level: number, text: string): string => `${' '.repeat(level * 2)}${text}`;

const COLOR = { red: '31', green: '32', cyan: '36', white: '37' } as const;
const STYLE = { bold: '1', faint: '2' } as const;

/** k6's ANSI decoration on a terminal (styles, then the colour); plain text otherwise. */
class Paint {
  constructor(readonly on: boolean) {}
  color(text: string | undefined, color: keyof typeof COLOR, ...styles: Array<keyof typeof STYLE>): string {
    // k6 decorates whatever it is given: a missing value prints as "undefined" in colour, as nothing without.
    if (!this.on) return text ?? '';
    return `\x1b[${[...styles.map((st) => STYLE[st]), COLOR[color]].join(';')}m${String(text)}\x1b[0m`;
  }
  bold(text: string): string {
    return this.on ? `\x1b[1m${text}\x1b[0m` : text;
  }
}

export interface EndOfTestSummaryOptions {
  /** k6's colours, as on a terminal without --no-color. @default false */
  colors?: boolean;
}

export function renderEndOfTestSummary(report: EndOfTestReport, mode: Exclude<SummaryMode, 'disabled'>, options: EndOfTestSummaryOptions = {}): string {
  const fmt = new ValueFormat(report.summaryTrendStats, report.summaryTimeUnit, new Paint(options.colors === true));
  const sections: Array<{ title: string; content: string[] }> = [];
  if (report.thresholds.length) sections.push({ title: 'THRESHOLDS', content: renderThresholds(report.thresholds, fmt) });
  sections.push({ title: 'TOTAL RESULTS', content: renderGroup(report.root, 0, fmt, mode) });
  const byName = (a: [string, ReportGroup], b: [string, ReportGroup]) => a[0].localeCompare(b[0]);
  for (const [name, group] of Object.entries(report.groups).sort(byName)) sections.push({ title: `GROUP: ${name}`, content: renderGroup(group, 0, fmt, mode) });
  for (const [name, scenario] of Object.entries(report.scenarios).sort(byName)) sections.push({ title: `SCENARIO: ${name}`, content: renderGroup(scenario, 0, fmt, mode) });
  const elements = sections.flatMap((s) => [indent(1, `█ ${fmt.paint.bold(s.title)} \n`), ...s.content, BREAK]);
  const text = elements.reduce((acc, el) => (el === BREAK ? acc + BREAK : `${acc}\n${el}`), '');
  return `\n${text}\n\n`;
}

/** A group's (or the whole test's, or a scenario's) checks, metrics and nested groups, at `level`. */
function renderGroup(group: ReportGroup, level: number, fmt: ValueFormat, mode: Exclude<SummaryMode, 'disabled'>): string[] {
  const lines: string[] = [];
  if (group.checks) lines.push(...renderChecks(group.checks, level + 1, fmt), BREAK);
  lines.push(...renderMetricSections(group.metrics.filter((m) => shownInSummary(m.name, mode)), level + 1, fmt));
  for (const [name, sub] of Object.entries(group.groups).sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(indent(level + 2, `↳ ${fmt.paint.bold(`GROUP: ${name}`)} \n`), ...renderGroup(sub, level + 1, fmt, mode));
  }
  return lines;
}

function renderChecks(checks: ReportChecks, level: number, fmt: ValueFormat): string[] {
  const lines = renderMetricLines(checks.metrics, level + 1, fmt, false);
  lines.push(BREAK);
  for (const c of checks.ordered) {
    if (c.fails === 0) {
      lines.push(indent(level + 1, fmt.paint.color(`${SUCC} ${c.name}`, 'green')));
      continue;
    }
    const pct = Math.floor((100 * c.passes) / (c.passes + c.fails));
    // k6 indents the result line by its own level again, so it drifts right in nested groups.
    lines.push(`${indent(level + 1, fmt.paint.color(`${FAIL} ${c.name}`, 'red'))}\n${indent(level + level + 1, fmt.paint.color(`↳  ${pct}% — ${SUCC} ${c.passes} / ${FAIL} ${c.fails}`, 'red'))}`);
  }
  return lines;
}

function renderMetricSections(metrics: ReportMetric[], level: number, fmt: ValueFormat): string[] {
  // Column widths are shared by every section of the group.
  const widths = fmt.widths(metrics);
  const lines: string[] = [];
  // k6 moves the custom metrics first.
  for (const section of ['custom' as const, ...SUMMARY_SECTIONS.filter((x) => x !== 'custom')]) {
    const own = metrics.filter((m) => summarySection(m.name) === section);
    if (!own.length) continue;
    lines.push(indent(level + 1, fmt.paint.bold(section.toUpperCase())), ...renderMetricLines(own, level + 1, fmt, true, widths), BREAK);
  }
  return lines;
}

function renderMetricLines(metrics: ReportMetric[], level: number, fmt: ValueFormat, sortByName: boolean, widths = fmt.widths(metrics)): string[] {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const names = metrics.map((m) => m.name);
  if (sortByName) sortMetricNames(names);
  return names.map((name) => {
    const m = byName.get(name) as ReportMetric;
    const shown = indentFor(name) + displayName(name);
    const dots = '.'.repeat(widths.name - width(shown) + 3);
    return indent(level, `${shown}${fmt.paint.color(`${dots}:`, 'white', 'faint')} ${fmt.columns(m, widths)}`);
  });
}

function renderThresholds(thresholds: ReportThresholds[], fmt: ValueFormat): string[] {
  const byName = new Map(thresholds.map((t) => [t.metric.name, t]));
  const lines: string[] = [];
  for (const name of sortMetricNames([...byName.keys()])) {
    const { metric, thresholds: rules } = byName.get(name) as ReportThresholds;
    const parent = name.split('{', 1)[0] as string;
    // A sub-metric under its metric's own thresholds shows only its tags, one level in.
    const under = parent.length < name.length && byName.has(parent);
    const level = under ? 3 : 2;
    lines.push(indent(level, under ? name.slice(parent.length) : name));
    for (const rule of rules) {
      const agg = rule.source.split(/[=><]/)[0] as string;
      const p = fmt.paint;
      const mark = rule.ok ? p.color(SUCC, 'green') : p.color(FAIL, 'red');
      lines.push(indent(level, `${mark} ${p.color(`'${rule.source}'`, 'white')} ${p.color(agg, 'white')}=${p.color(fmt.thresholdValue(metric, agg), 'cyan')}`));
    }
    lines.push(BREAK);
  }
  return lines;
}

interface Widths {
  name: number;
  value: number;
  extras: number[];
  trend: number[];
}

/** k6's humanized values for a metric's columns, and their widths over a set of metrics. */
class ValueFormat {
  constructor(
    private readonly stats: string[],
    private readonly unit: string,
    readonly paint: Paint,
  ) {}

  private value(v: number | undefined, m: ReportMetric): string {
    return humanizeValue(v ?? 0, m, this.unit);
  }

  trendColumns(m: ReportMetric): string[] {
    return this.stats.map((s) => (s === 'count' ? String(m.values[s] ?? 0) : this.value(m.values[s], m)));
  }

  nonTrendValues(m: ReportMetric): string[] {
    const v = m.values;
    switch (m.type) {
      case 'counter':
        return [this.value(v.count, m), `${this.value(v.rate, m)}/s`];
      case 'gauge':
        return [this.value(v.value, m), `min=${this.value(v.min, m)}`, `max=${this.value(v.max, m)}`];
      case 'rate':
        return [this.value(v.rate, m), `${v.passes ?? 0} out of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
      default:
        return ['[no data]'];
    }
  }

  widths(metrics: ReportMetric[]): Widths {
    const w: Widths = { name: 0, value: 0, extras: [], trend: this.stats.map(() => 0) };
    for (const m of metrics) {
      w.name = Math.max(w.name, width(indentFor(m.name) + displayName(m.name)));
      if (m.type === 'trend') {
        this.trendColumns(m).forEach((c, i) => (w.trend[i] = Math.max(w.trend[i] as number, width(c))));
        continue;
      }
      const [main, ...extras] = this.nonTrendValues(m);
      w.value = Math.max(w.value, width(main as string));
      extras.forEach((e, i) => (w.extras[i] = Math.max(w.extras[i] ?? 0, width(e))));
    }
    return w;
  }

  columns(m: ReportMetric, w: Widths): string {
    if (m.type === 'trend') {
      return this.trendColumns(m)
        .map((c, i) => `${this.stats[i]}=${this.paint.color(c, 'cyan')}${' '.repeat((w.trend[i] as number) - width(c))}`)
        .join(' ');
    }
    const [main, ...extras] = this.nonTrendValues(m) as [string, ...string[]];
    let text = `${this.paint.color(main, 'cyan')}${' '.repeat(w.value - width(main))}`;
    if (extras.length === 1) text += ` ${this.paint.color(extras[0], 'cyan', 'faint')}`;
    else if (extras.length > 1) text += ` ${extras.map((e, i) => `${this.paint.color(e, 'cyan', 'faint')}${' '.repeat((w.extras[i] as number) - width(e))}`).join(' ')}`;
    return text;
  }

  /** The value a threshold's aggregation looked at; undefined when the summary has none (a Trend stat not in summaryTrendStats). */
  thresholdValue(m: ReportMetric, agg: string): string | undefined {
    switch (m.type) {
      case 'trend': {
        const v = m.values[agg];
        if (v === undefined) return undefined;
        return agg === 'count' ? String(v) : this.value(v, m);
      }
      case 'counter':
        return (this.nonTrendValues(m)[agg === 'count' ? 0 : 1]) as string;
      default:
        return this.nonTrendValues(m)[0] as string;
    }
  }
}
