/**
 * The data of k6 v2's end-of-test summary (the text k6 v1+ prints; the legacy handleSummary
 * shape is summary.ts): thresholds with the values their expressions looked at, checks
 * counted by name in first-seen order, and, in `full` mode, the metrics and checks of each
 * group and each non-default scenario, aggregated from their own samples only.
 */
import type { MetricContains } from '../../core/k6-summary.js';
import type { MetricType } from '../../core/threshold-expression.js';
import { newSink, sinkValues, type AnySink } from './sinks.js';
import type { MetricDefinition } from './metric-types.js';
import type { MetricRegistry } from './registry.js';
import type { ThresholdGroup, ThresholdOutcome } from './thresholds.js';
import { GROUP_SEPARATOR } from './group-tree.js';

/** k6 v2's --summary-mode: `compact` (total results), `full` (and per group and scenario), `disabled`. */
export type SummaryMode = 'compact' | 'full' | 'disabled';
export const SUMMARY_MODES: readonly SummaryMode[] = ['compact', 'full', 'disabled'];

/** The sections of k6's summary, in the order of k6's Go struct (the text moves `custom` first). */
export type SummarySection = 'http' | 'execution' | 'network' | 'browser' | 'webvitals' | 'grpc' | 'websocket' | 'custom';
export const SUMMARY_SECTIONS: readonly SummarySection[] = ['http', 'execution', 'network', 'browser', 'webvitals', 'grpc', 'websocket', 'custom'];

const HTTP_METRICS = ['http_reqs', 'http_req_failed', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving'];
const EXECUTION_METRICS = ['vus', 'vus_max', 'iterations', 'iteration_duration', 'dropped_iterations'];
const NETWORK_METRICS = ['data_sent', 'data_received'];

/** Left out of the summary's metrics: checks have their own lines; compact mode leaves out the HTTP timing breakdown. */
const SKIPPED: Record<Exclude<SummaryMode, 'disabled'>, readonly string[]> = {
  compact: ['checks', 'group_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_receiving', 'http_req_sending', 'http_req_tls_handshaking', 'http_req_waiting'],
  full: ['checks', 'group_duration'],
};

/** k6 matches these names by prefix, so `vus_latency` is an execution metric and `checks_custom` is never shown. */
const startsWithAny = (name: string, prefixes: readonly string[]): boolean => prefixes.some((p) => name.startsWith(p));

export function shownInSummary(name: string, mode: Exclude<SummaryMode, 'disabled'>): boolean {
  return !startsWithAny(name, SKIPPED[mode]);
}

export function summarySection(name: string): SummarySection {
  if (startsWithAny(name, HTTP_METRICS)) return 'http';
  if (startsWithAny(name, EXECUTION_METRICS)) return 'execution';
  if (startsWithAny(name, NETWORK_METRICS)) return 'network';
  if (name.startsWith('browser_web_vital_')) return 'webvitals';
  if (name.startsWith('browser_')) return 'browser';
  if (name.startsWith('grpc_')) return 'grpc';
  if (name.startsWith('ws_')) return 'websocket';
  return 'custom';
}

export interface ReportMetric {
  name: string;
  type: MetricType;
  contains: MetricContains;
  values: Record<string, number>;
}

export interface ReportCheck {
  name: string;
  passes: number;
  fails: number;
}

export interface ReportChecks {
  /** checks_total (counter), checks_succeeded and checks_failed (rates), as k6 derives them. */
  metrics: [ReportMetric, ReportMetric, ReportMetric];
  ordered: ReportCheck[];
}

export interface ReportGroup {
  checks?: ReportChecks;
  metrics: ReportMetric[];
  groups: Record<string, ReportGroup>;
}

export interface ReportThresholds {
  metric: ReportMetric;
  thresholds: Array<{ source: string; ok: boolean }>;
}

export interface EndOfTestReport {
  thresholds: ReportThresholds[];
  root: ReportGroup;
  /** Full mode: the groups of the default scenario, by name. */
  groups: Record<string, ReportGroup>;
  /** Full mode: every scenario but `default`, with its own groups. */
  scenarios: Record<string, ReportGroup>;
  summaryTrendStats: string[];
  summaryTimeUnit: string;
}

/** Metrics, checks and subgroups fed by the samples of one group or scenario. */
class GroupData {
  readonly sinks = new Map<string, { def: MetricDefinition; sink: AnySink }>();
  readonly checks = new CheckCounts();
  readonly groups = new Map<string, GroupData>();

  add(def: MetricDefinition, tags: Record<string, string>, value: number): void {
    let entry = this.sinks.get(def.name);
    if (!entry) this.sinks.set(def.name, (entry = { def, sink: newSink(def.type, { resultsHistogram: false }) }));
    entry.sink.add(value);
    if (def.name === 'checks') this.checks.count(tags.check ?? '', value !== 0);
  }

  group(name: string): GroupData {
    let g = this.groups.get(name);
    if (!g) this.groups.set(name, (g = new GroupData()));
    return g;
  }

  /** The group at a k6 group path (`::outer::inner`) below this one, resolved once per path. */
  descendant(path: string): GroupData {
    let found = this.byPath.get(path);
    if (!found) {
      found = this;
      for (const name of path.replace(/^::/, '').split(GROUP_SEPARATOR)) found = found.group(name);
      this.byPath.set(path, found);
    }
    return found;
  }

  private readonly byPath = new Map<string, GroupData>();
}

/** Check results by name, in the order k6 first saw them. */
class CheckCounts {
  readonly byName = new Map<string, ReportCheck>();
  count(name: string, passed: boolean): void {
    let c = this.byName.get(name);
    if (!c) this.byName.set(name, (c = { name, passes: 0, fails: 0 }));
    if (passed) c.passes++;
    else c.fails++;
  }
}

/** Collects what the summary needs beyond the registry while samples arrive. */
export class EndOfTestCollector {
  private readonly rootChecks = new CheckCounts();
  private readonly defaultScenario = new GroupData();
  private readonly scenarios = new Map<string, GroupData>();

  constructor(
    registry: MetricRegistry,
    readonly mode: Exclude<SummaryMode, 'disabled'>,
  ) {
    // k6 v2's summary reads checks and groups from the samples' tags: without the tags (options.systemTags) a check is not listed by name, nor a sample under its group.
    registry.observe((_m, tags, value) => {
      const check = registry.visibleTags(tags).check;
      if (check !== undefined) this.rootChecks.count(check, value !== 0);
    }, ['checks']);
    if (mode === 'full') registry.observe((def, tags, value) => this.addToGroups(def, registry.visibleTags(tags), value));
  }

  /** As k6 does: a sample counts in its non-default scenario, then in its own group only (not the group's ancestors). */
  private addToGroups(def: MetricDefinition, tags: Record<string, string>, value: number): void {
    let data = this.defaultScenario;
    const scenario = tags.scenario;
    if (scenario !== undefined && scenario !== 'default') {
      data = this.scenarios.get(scenario) ?? new GroupData();
      this.scenarios.set(scenario, data);
      data.add(def, tags, value);
    }
    const group = tags.group;
    if (group) data.descendant(group).add(def, tags, value);
  }

  build(input: {
    registry: MetricRegistry;
    /** The summary's metrics (those with samples, or with thresholds), values computed. */
    metrics: Record<string, { type: MetricType; contains: MetricContains; values: Record<string, number> }>;
    thresholdGroups: readonly ThresholdGroup[];
    outcomes: readonly ThresholdOutcome[];
    summaryTrendStats: string[];
    summaryTimeUnit: string;
    testRunDurationMs: number;
  }): EndOfTestReport {
    const durationSec = input.testRunDurationMs / 1000;
    const stats = input.summaryTrendStats;
    const checksSink = input.registry.metrics.get('checks')?.sink;
    const root: ReportGroup = {
      metrics: Object.entries(input.metrics).map(([name, m]) => ({ name, type: m.type, contains: m.contains, values: m.values })),
      groups: {},
    };
    // Present whenever the checks metric is (samples, or a threshold on it or one of its sub-metrics).
    if (checksSink && 'checks' in input.metrics) root.checks = checksReport(checksSink, [...this.rootChecks.byName.values()], stats, durationSec);
    const toReport = (data: GroupData): ReportGroup => {
      const group: ReportGroup = { metrics: [], groups: {} };
      for (const [name, { def, sink }] of data.sinks) group.metrics.push({ name, type: def.type, contains: def.contains, values: sinkValues(sink, stats, durationSec) });
      const checks = data.sinks.get('checks')?.sink;
      if (checks) group.checks = checksReport(checks, [...data.checks.byName.values()], stats, durationSec);
      for (const [name, sub] of data.groups) group.groups[name] = toReport(sub);
      return group;
    };
    const groups: Record<string, ReportGroup> = {};
    for (const [name, g] of this.defaultScenario.groups) groups[name] = toReport(g);
    const scenarios: Record<string, ReportGroup> = {};
    for (const [name, s] of this.scenarios) scenarios[name] = toReport(s);
    return {
      thresholds: thresholdsReport(input.registry, input.thresholdGroups, input.outcomes, stats, durationSec),
      root,
      groups,
      scenarios,
      summaryTrendStats: stats,
      summaryTimeUnit: input.summaryTimeUnit,
    };
  }
}

function checksReport(sink: AnySink, ordered: ReportCheck[], stats: string[], durationSec: number): ReportChecks {
  const total = sink.samples;
  const succeeded = sink.type === 'rate' ? sink.passes : 0;
  const contains = 'default' as const;
  return {
    metrics: [
      { name: 'checks_total', type: 'counter', contains, values: { count: total, rate: durationSec > 0 ? total / durationSec : 0 } },
      { name: 'checks_succeeded', type: 'rate', contains, values: sinkValues(sink, stats, durationSec) },
      // k6 fills checks_failed's passes and fails the other way round: "N out of total" counts failures.
      { name: 'checks_failed', type: 'rate', contains, values: { rate: total ? (total - succeeded) / total : 0, passes: total - succeeded, fails: succeeded } },
    ],
    ordered,
  };
}

/**
 * Each metric with thresholds, its values as the summary computes them plus, for a Trend, the
 * percentile each `p(N)` expression names (k6 adds those; other aggregations not among the
 * summaryTrendStats are left out, and k6 prints them empty).
 */
function thresholdsReport(registry: MetricRegistry, groups: readonly ThresholdGroup[], outcomes: readonly ThresholdOutcome[], stats: string[], durationSec: number): ReportThresholds[] {
  const out: ReportThresholds[] = [];
  // evaluateThresholds gives one outcome per rule, group by group, in order.
  let next = 0;
  for (const g of groups) {
    const def = { type: g.sink.type, contains: registry.metrics.get(g.metricName)?.def.contains ?? 'default' };
    const values = sinkValues(g.sink, stats, durationSec);
    for (const r of g.rules) {
      const m = /^p\((\d+(?:\.\d+)?)\)\s*[<>=]/.exec(r.expression.source.trim());
      if (g.sink.type === 'trend' && m) values[`p(${m[1]})`] = g.sink.percentile(Number(m[1]));
    }
    const own = outcomes.slice(next, (next += g.rules.length)).map((o) => ({ source: o.source, ok: o.ok }));
    out.push({ metric: { name: g.summaryName, ...def, values }, thresholds: own });
  }
  return out;
}
