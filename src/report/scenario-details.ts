/**
 * The details under each scenario: checks and groups, errors by kind, per-repetition
 * rows, dropped iterations, and the data-loss proof of sync scenarios.
 */
import type { K6Group } from '../core/k6-summary.js';
import type { ScenarioResult } from '../results/results.js';
import { checkBadge, gateBadge } from './badges.js';
import { cleanText, formatCount, formatDurationMs, formatNumber, formatValue, truncateText } from './format.js';
import { metricValues } from './summary-values.js';
import type { CheckRowVm, DataLossVm, ErrorKindVm, RepetitionRowVm, SettingVm } from './view-model-types.js';

interface CheckTally {
  name: string;
  group: string;
  kind: 'group' | 'check';
  depth: number;
  passes: number;
  fails: number;
}

/** Checks and groups summed over repetitions, groups first with their checks' totals. */
export function buildChecks(scenario: ScenarioResult): CheckRowVm[] {
  const tallies = new Map<string, CheckTally>();
  for (const rep of scenario.repetitions) tallyGroup(rep.summary.root_group, 0, tallies);
  const rows: CheckRowVm[] = [];
  for (const t of tallies.values()) {
    if (t.kind === 'group' && t.passes + t.fails === 0) continue;
    const total = t.passes + t.fails;
    rows.push({
      group: cleanText(t.group),
      name: cleanText(t.name),
      kind: t.kind,
      isGroup: t.kind === 'group',
      indentPx: 10 + t.depth * 18,
      depth: t.depth,
      passes: formatCount(t.passes),
      fails: formatCount(t.fails),
      passRate: total === 0 ? '—' : formatValue(t.passes / total, '', true),
      verdict: gateBadge(t.fails === 0),
    });
  }
  return rows;
}

/** Adds one group's checks (and its subgroups') to the tallies; returns its totals. */
function tallyGroup(group: K6Group, depth: number, tallies: Map<string, CheckTally>): { passes: number; fails: number } {
  const label = groupLabel(group.path);
  const key = `group:${group.path}`;
  const isRoot = group.path === '';
  let own = tallies.get(key);
  if (!own && !isRoot) {
    own = { name: label, group: label, kind: 'group', depth: depth - 1, passes: 0, fails: 0 };
    tallies.set(key, own);
  }
  let passes = 0;
  let fails = 0;
  for (const check of group.checks ?? []) {
    const checkKey = `check:${check.path}`;
    const tally = tallies.get(checkKey) ?? { name: check.name, group: label, kind: 'check' as const, depth, passes: 0, fails: 0 };
    tally.passes += check.passes;
    tally.fails += check.fails;
    tallies.set(checkKey, tally);
    passes += check.passes;
    fails += check.fails;
  }
  for (const sub of group.groups ?? []) {
    const totals = tallyGroup(sub, depth + 1, tallies);
    passes += totals.passes;
    fails += totals.fails;
  }
  if (own) {
    own.passes += passes;
    own.fails += fails;
  }
  return { passes, fails };
}

/** `::health::items` → `health › items`. */
function groupLabel(path: string): string {
  return path.split('::').filter(Boolean).join(' › ');
}

/**
 * Errors grouped by kind: the text before the first ": " (e.g. "request timeout"), or
 * the message with numbers blanked, so 500 timeouts make one row, not 500.
 */
export function buildErrorKinds(scenario: ScenarioResult): ErrorKindVm[] {
  const kinds = new Map<string, { count: number; reps: Set<number>; example: string }>();
  for (const rep of scenario.repetitions) {
    for (const raw of rep.errors) {
      const message = cleanText(raw);
      const kind = errorKind(message);
      const entry = kinds.get(kind) ?? { count: 0, reps: new Set<number>(), example: message };
      entry.count += 1;
      entry.reps.add(rep.index);
      kinds.set(kind, entry);
    }
  }
  return [...kinds.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([kind, e]) => ({
      kind: truncateText(kind, 120),
      count: formatCount(e.count),
      repetitions: [...e.reps].sort((a, b) => a - b).map((i) => i + 1).join(', '),
      example: truncateText(e.example, 300),
    }));
}

function errorKind(message: string): string {
  const colon = message.indexOf(': ');
  const head = colon > 0 && colon <= 60 ? message.slice(0, colon) : message;
  return head.replace(/\d+(\.\d+)?/g, 'N').trim() || 'error';
}

/** "12 dropped (0, 4, 8 per repetition)" or "none" when the metric exists but is 0. */
export function droppedIterations(scenario: ScenarioResult): string {
  const counts = metricValues(scenario, 'dropped_iterations', 'count');
  if (counts.length === 0) return '';
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 'none';
  return `${formatCount(total)} dropped (${counts.map(formatCount).join(', ')} per repetition)`;
}

/** One row per repetition: how long, how it ended, how much it did. */
export function buildRepetitionRows(scenario: ScenarioResult): RepetitionRowVm[] {
  return scenario.repetitions.map((rep) => {
    const m = rep.summary.metrics;
    const dropped = m.dropped_iterations?.values.count;
    return {
      index: String(rep.index + 1),
      duration: formatDurationMs(rep.durationMs),
      exitCode: String(rep.exitCode),
      requests: formatValue(m.http_reqs?.values.count, ''),
      rps: formatValue(m.http_reqs?.values.rate, 'req/s'),
      p95: formatValue(m.http_req_duration?.values['p(95)'], 'ms'),
      failed: formatValue(m.http_req_failed?.values.rate, '', true),
      dropped: dropped === undefined ? '—' : formatCount(dropped),
      errors: formatCount(rep.errors.length),
    };
  });
}

/** Metrics that count lost records, e.g. `sync_records_lost`, `lost_records`, `data_loss`. */
const DATA_LOSS_METRIC = /(records?_lost|lost_records?|data_loss)$/;

/** The per-repetition value of a counter or gauge: count, else value, else max. */
function counterValue(values: Record<string, number> | undefined): number | null {
  if (!values) return null;
  const v = values.count ?? values.value ?? values.max;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The zero-data-loss proof: every repetition's lost-records counter, with related counters. */
export function buildDataLoss(scenario: ScenarioResult): DataLossVm[] {
  const names = new Set<string>();
  for (const rep of scenario.repetitions) {
    for (const name of Object.keys(rep.summary.metrics)) if (DATA_LOSS_METRIC.test(name) && !name.includes('{')) names.add(name);
  }
  return [...names].sort().map((name) => {
    const perRep = scenario.repetitions.map((rep) => counterValue(rep.summary.metrics[name]?.values));
    const measured = perRep.filter((v): v is number => v !== null);
    const lost = measured.reduce((a, b) => a + b, 0);
    const missing = perRep.length - measured.length;
    const state = missing > 0 ? 'unknown' : lost === 0 ? 'met' : 'not-met';
    const reps = `${measured.length} repetition${measured.length === 1 ? '' : 's'}`;
    const statement =
      state === 'unknown'
        ? `${formatCount(lost)} records lost in ${reps}; ${missing} repetition(s) did not report ${name}`
        : `${formatCount(lost)} record${lost === 1 ? '' : 's'} lost in ${reps}`;
    return {
      metric: cleanText(name),
      statement: cleanText(statement),
      verdict: state === 'met' ? { tone: 'good' as const, word: 'zero loss', symbol: '✓' } : checkBadge(state),
      related: relatedCounters(scenario, name),
      perRepetition: perRep.map((v) => (v === null ? '—' : formatCount(v))).join(', '),
    };
  });
}

/** Sibling counters that give the loss its context (sync_records_sent, sync_records_stored…). */
function relatedCounters(scenario: ScenarioResult, lostMetric: string): SettingVm[] {
  const prefix = lostMetric.replace(DATA_LOSS_METRIC, '');
  if (!prefix) return [];
  const names = new Set<string>();
  for (const rep of scenario.repetitions) {
    for (const name of Object.keys(rep.summary.metrics)) {
      if (name.startsWith(prefix) && name !== lostMetric && !name.includes('{')) names.add(name);
    }
  }
  return [...names].sort().map((name) => {
    const values = scenario.repetitions
      .map((rep) => counterValue(rep.summary.metrics[name]?.values))
      .filter((v): v is number => v !== null);
    return { label: cleanText(name), value: `${formatNumber(values.reduce((a, b) => a + b, 0))} in total` };
  });
}
