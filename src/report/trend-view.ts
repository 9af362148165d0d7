/**
 * The trend view model: every string the HTML and Markdown trend pages show, already
 * formatted with the report's formatters, and the charts as geometry from the report's
 * chart builder. Templates place these; they compute nothing.
 */
import { metricBadge } from './badges.js';
import { buildLineChart, type LineSeries } from './charts.js';
import { cleanText, formatDelta, formatP, formatValue, plural, truncateText } from './format.js';
import type { ChartVm, VerdictBadge } from './view-model-types.js';
import type { TrendReport, TrendSeries } from '../history/trend.js';

export interface TrendRowVm {
  anchor: string;
  scenario: string;
  metric: string;
  previous: string;
  latest: string;
  delta: string;
  p: string;
  verdict: VerdictBadge;
  note: string;
  changePoints: string;
}

export interface ChangeRowVm {
  series: string;
  run: string;
  date: string;
  commit: string;
  before: string;
  after: string;
  delta: string;
  p: string;
  kind: VerdictBadge;
  environmentChanged: boolean;
  /** The drift guard's canary moved at this run. */
  machineChanged: boolean;
}

/** A run whose canary moved against the run before it: the machine changed that week. */
export interface MachineRowVm {
  run: string;
  date: string;
  commit: string;
  slower: string;
  summary: string;
}

export interface TrendViewModel {
  title: string;
  generatedAt: string;
  banner: { verdict: VerdictBadge; headline: string };
  facts: Array<{ label: string; value: string }>;
  notes: string[];
  rows: TrendRowVm[];
  changes: ChangeRowVm[];
  /** Runs where the machine changed (the drift guard's canary moved against the previous run). */
  machineChanges: MachineRowVm[];
  /** How many runs had a canary to judge; explains an empty machineChanges. */
  machineNote: string;
  charts: Array<{ anchor: string; chart: ChartVm }>;
  chartsNote: string;
}

/** At most this many charts on one page. */
const MAX_CHARTS = 40;

const label = (s: TrendSeries): string => cleanText(`${s.scenario} · ${s.metric} ${s.stat}`);
const valueOf = (s: TrendSeries, v: number | null | undefined): string => formatValue(v ?? null, s.unit, s.unit === '' && s.stat === 'rate');
const shortSha = (sha: string | null): string => (sha ? cleanText(sha.slice(0, 10)) : '—');

function rowOf(s: TrendSeries, i: number): TrendRowVm {
  const mc = s.latest;
  const points = s.points;
  return {
    anchor: `series-${i + 1}`,
    scenario: cleanText(s.scenario),
    metric: cleanText(`${s.metric} ${s.stat}`),
    previous: valueOf(s, mc?.base?.center ?? points[points.length - 2]?.center),
    latest: valueOf(s, mc?.head?.center ?? points[points.length - 1]?.center),
    delta: formatDelta(mc?.deltaPct ?? null),
    p: formatP(mc?.pAdjusted ?? mc?.p ?? null),
    verdict: mc ? metricBadge(mc.verdict) : { tone: 'neutral', word: 'no previous run', symbol: '·' },
    note: cleanText(mc?.note ?? ''),
    changePoints: s.changePoints.length === 0 ? 'none' : s.changePoints.map((c) => `${c.run.createdAt.slice(0, 10)} (${formatDelta(c.deltaPct)})`).join(', '),
  };
}

function changeRows(report: TrendReport): ChangeRowVm[] {
  return report.series.flatMap((s) =>
    s.changePoints.map((c) => ({
      series: label(s),
      run: cleanText(c.run.runId),
      date: cleanText(c.run.createdAt.slice(0, 10)),
      commit: shortSha(c.run.gitSha),
      before: valueOf(s, c.before),
      after: valueOf(s, c.after),
      delta: formatDelta(c.deltaPct),
      p: formatP(c.p),
      kind: c.kind === 'regression' ? { tone: 'bad', word: 'regression', symbol: '▼' } : { tone: 'good', word: 'improvement', symbol: '▲' },
      environmentChanged: c.environmentChanged,
      machineChanged: c.machineChanged,
    })),
  );
}

function machineRows(report: TrendReport): MachineRowVm[] {
  return report.runs
    .filter((r) => r.machine.status === 'changed')
    .map((r) => ({
      run: cleanText(r.runId),
      date: cleanText(r.createdAt.slice(0, 10)),
      commit: shortSha(r.gitSha),
      slower: formatDelta(r.machine.slowerPct),
      summary: cleanText(r.machine.summary),
    }));
}

function machineNote(report: TrendReport): string {
  const judged = report.runs.filter((r) => r.machine.status !== 'unavailable').length;
  if (report.runs.length < 2) return 'Needs two runs to compare their canaries.';
  if (judged === 0) return 'No two consecutive runs both measured the drift guard’s canary (runs recorded by an older loadgate have none).';
  return `${plural(judged, 'run')} compared with the run before by the canary.`;
}

/** The series line, its levels between change points (dashed), and a marker per change point. */
function chartOf(s: TrendSeries, i: number): ChartVm {
  const xs = s.points.map((_, k) => k + 1);
  const bounds = [0, ...s.changePoints.map((c) => c.index), s.points.length];
  // Segment b spans runs bounds[b] .. bounds[b+1]-1, i.e. x from bounds[b]+0.5 to bounds[b+1]+0.5.
  const levelPoints: Array<[number, number]> = [];
  if (s.changePoints.length > 0) {
    for (let b = 0; b + 1 < bounds.length; b++) {
      const level = b === 0 ? (s.changePoints[0]?.before as number) : (s.changePoints[b - 1]?.after as number);
      levelPoints.push([(bounds[b] as number) + 0.5, level], [(bounds[b + 1] as number) + 0.5, level]);
    }
  }
  const top = Math.max(...s.points.map((p) => p.center)) * 1.05;
  const series: LineSeries[] = [{ label: 'median of each run', side: 'head', points: s.points.map((p, k) => [xs[k] as number, p.center]) }];
  if (levelPoints.length > 0) series.push({ label: 'level between change points', side: 'base', dashed: true, points: levelPoints });
  s.changePoints.forEach((c, k) => series.push({ label: 'change point', side: 'base-alt', points: [[c.index + 0.5, 0], [c.index + 0.5, top]], inLegend: k === 0 }));
  const step = Math.max(1, Math.ceil(s.points.length / 6));
  const first = s.points[0];
  const last = s.points[s.points.length - 1];
  return buildLineChart({
    id: `trend-${i + 1}`,
    title: truncateText(label(s), 160),
    caption: `${plural(s.points.length, 'run')}${first && last ? `, ${first.createdAt.slice(0, 10)} to ${last.createdAt.slice(0, 10)}` : ''}; ${plural(s.changePoints.length, 'change point')}.`,
    xLabel: 'run date',
    yLabel: cleanText(s.unit) || 'value',
    series,
    xDomain: [0.5, Math.max(1.5, s.points.length + 0.5)],
    xTicks: s.points.flatMap((p, k) => (k % step === 0 ? [{ value: k + 1, label: p.createdAt.slice(5, 10) }] : [])),
    width: 560,
    height: 220,
  });
}

function banner(report: TrendReport): TrendViewModel['banner'] {
  const c = report.comparison;
  const regressions = report.series.filter((s) => s.latest?.verdict === 'regressed').length;
  const recent = report.series.flatMap((s) => s.changePoints.filter((cp) => cp.kind === 'regression')).length;
  if (!c) return { verdict: { tone: 'neutral', word: 'no comparison', symbol: '·' }, headline: `${plural(report.runs.length, 'run')} in the history.` };
  if (c.verdict === 'inconclusive' && c.drift?.status === 'changed') {
    return { verdict: { tone: 'warn', word: 'inconclusive', symbol: '?' }, headline: cleanText(`This run vs the previous one: ${c.drift.summary}, so their numbers cannot tell the code apart. ${plural(recent, 'regression change point')} in the history.`) };
  }
  const verdict: VerdictBadge = regressions > 0 ? { tone: 'bad', word: 'regressed', symbol: '▼' } : { tone: 'good', word: 'no regression', symbol: '✓' };
  return { verdict, headline: `This run vs the previous one: ${plural(regressions, 'metric')} regressed. ${plural(recent, 'regression change point')} in the history.` };
}

/** Builds the view model of a trend report. */
export function buildTrendViewModel(report: TrendReport): TrendViewModel {
  const latest = report.runs[report.runs.length - 1];
  const previous = report.runs[report.runs.length - 2];
  return {
    title: cleanText(`loadgate trend — ${report.profile || 'history'}`),
    generatedAt: cleanText(report.generatedAt),
    banner: banner(report),
    facts: [
      { label: 'runs', value: String(report.runs.length) },
      { label: 'this run', value: latest ? cleanText(`${latest.runId} (${latest.createdAt.slice(0, 10)}, ${shortSha(latest.gitSha)})`) : '—' },
      { label: 'previous run', value: previous ? cleanText(`${previous.runId} (${previous.createdAt.slice(0, 10)}, ${shortSha(previous.gitSha)})`) : '—' },
      { label: 'change points', value: 'E-divisive means, permutation test (Matteson & James 2014), Hunter pruning by magnitude and rank test' },
    ],
    notes: report.notes.map(cleanText),
    rows: report.series.map(rowOf),
    changes: changeRows(report),
    machineChanges: machineRows(report),
    machineNote: cleanText(machineNote(report)),
    charts: report.series.slice(0, MAX_CHARTS).map((s, i) => ({ anchor: `series-${i + 1}`, chart: chartOf(s, i) })),
    chartsNote: report.series.length > MAX_CHARTS ? `Showing ${MAX_CHARTS} of ${report.series.length} series.` : '',
  };
}
