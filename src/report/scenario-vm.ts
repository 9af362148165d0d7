/**
 * One scenario's part of the view model: headline numbers, the threshold table, the
 * baseline table with per-repetition dots, then charts and details.
 */
import type { MetricComparison, ScenarioComparison, ThresholdVerdict } from '../compare/model.js';
import type { ScenarioResult } from '../results/results.js';
import { describeExpectation } from '../stats/expected-change.js';
import { expectationBadge, gateBadge, metricBadge, thresholdBadge } from './badges.js';
import { buildScenarioCharts } from './scenario-charts.js';
import { buildChecks, buildDataLoss, buildErrorKinds, buildRepetitionRows, droppedIterations } from './scenario-details.js';
import { cleanText, formatCi, formatCount, formatDelta, formatNumber, formatP, formatValue } from './format.js';
import { isFractionMetric, median, metricValues } from './summary-values.js';
import type { ComparisonRowVm, DotStripVm, ScenarioVm, SettingVm, ThresholdRowVm } from './view-model-types.js';

export interface ScenarioVmInput {
  scenario: ScenarioComparison;
  index: number;
  head: ScenarioResult | null;
  base: ScenarioResult | null;
  hasBaseline: boolean;
}

/** Builds everything the report shows for one scenario. */
export function buildScenarioVm(input: ScenarioVmInput): ScenarioVm {
  const { scenario, head, base } = input;
  const thresholds = scenario.thresholds.map((t) => thresholdRow(t, head));
  const comparisons = scenario.metrics.map((m) => comparisonRow(m, head));
  return {
    name: cleanText(scenario.name),
    anchor: `scenario-${input.index + 1}`,
    file: cleanText(head?.file ?? base?.file ?? ''),
    presence: scenario.presence,
    baselineNote: baselineNote(scenario, input.hasBaseline),
    verdict: gateBadge(scenario.verdict),
    headline: head ? headline(head) : [],
    thresholds,
    comparisons,
    changedCount: scenario.metrics.filter((m) => m.verdict === 'improved' || m.verdict === 'regressed').length,
    charts: buildScenarioCharts(head, base, input.index),
    checks: head ? buildChecks(head) : [],
    errors: head ? buildErrorKinds(head) : [],
    droppedIterations: head ? droppedIterations(head) : '',
    repetitions: head ? buildRepetitionRows(head) : [],
    dataLoss: head ? buildDataLoss(head) : [],
  };
}

function baselineNote(scenario: ScenarioComparison, hasBaseline: boolean): string {
  if (!hasBaseline) return 'No baseline to compare with: thresholds only.';
  if (scenario.presence === 'head-only') return 'New scenario: not in the baseline, so it is judged on its thresholds only.';
  if (scenario.presence === 'base-only') return 'Only in the baseline: this scenario was not run this time.';
  if (scenario.metrics.length === 0) return 'No metrics were compared for this scenario.';
  return '';
}

function thresholdRow(t: ThresholdVerdict, head: ScenarioResult | null): ThresholdRowVm {
  const fraction = t.expression.trim().startsWith('rate') && isFractionMetric(head, t.metric);
  return {
    metric: cleanText(t.metric),
    target: cleanText(t.expression),
    warnLevel: cleanText(t.warn ?? ''),
    measured: t.verdict === 'no-data' ? 'no samples' : formatValue(t.measured, cleanText(t.unit), fraction),
    verdict: thresholdBadge(t.verdict),
  };
}

function comparisonRow(m: MetricComparison, head: ScenarioResult | null): ComparisonRowVm {
  const fraction = m.stat === 'rate' && isFractionMetric(head, m.metric);
  const unit = cleanText(m.unit);
  const showAdjusted = m.pAdjusted !== null && m.p !== null && Math.abs(m.pAdjusted - m.p) > 1e-12;
  return {
    metric: cleanText(m.metric),
    stat: cleanText(m.stat),
    base: m.base ? formatValue(m.base.center, unit, fraction) : '—',
    baseCi: m.base ? formatCi(m.base.ciPct) : '',
    head: m.head ? formatValue(m.head.center, unit, fraction) : '—',
    headCi: m.head ? formatCi(m.head.ciPct) : '',
    delta: formatDelta(m.deltaPct),
    p: formatP(m.p),
    pAdjusted: showAdjusted ? `adj. ${formatP(m.pAdjusted)}` : '',
    n: m.paired ? `${m.paired.n} pairs` : `${m.base?.n ?? 0} / ${m.head?.n ?? 0}`,
    gating: m.gating,
    verdict: metricBadge(m.verdict),
    note: cleanText(m.note ?? m.head?.note ?? m.base?.note ?? ''),
    dots: dotStrip(m, unit, fraction),
    expectation: m.expectation
      ? { text: cleanText(describeExpectation(m.expectation, m.direction)), verdict: expectationBadge(m.expectation.met) }
      : null,
  };
}

const STRIP = { width: 132, height: 26, pad: 5, baseY: 8, headY: 18 };

/** Per-repetition values of both sides on one shared axis, so noise and overlap are visible. */
function dotStrip(m: MetricComparison, unit: string, fraction: boolean): DotStripVm | null {
  const baseValues = (m.base?.values ?? []).filter(Number.isFinite);
  const headValues = (m.head?.values ?? []).filter(Number.isFinite);
  const all = [...baseValues, ...headValues];
  if (all.length === 0) return null;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo;
  const x = (v: number): number =>
    round1(span === 0 ? STRIP.width / 2 : STRIP.pad + ((v - lo) / span) * (STRIP.width - 2 * STRIP.pad));
  const side = (values: number[], name: 'base' | 'head', y: number): DotStripVm['dots'] =>
    values.map((v, i) => ({ cx: x(v), cy: y, side: name, title: `${name} repetition ${i + 1}: ${formatValue(v, unit, fraction)}` }));
  const medians: DotStripVm['medians'] = [];
  if (baseValues.length) medians.push({ x: x(median(baseValues)), y1: STRIP.baseY - 6, y2: STRIP.baseY + 6, side: 'base' });
  if (headValues.length) medians.push({ x: x(median(headValues)), y1: STRIP.headY - 6, y2: STRIP.headY + 6, side: 'head' });
  return {
    width: STRIP.width,
    height: STRIP.height,
    dots: [...side(baseValues, 'base', STRIP.baseY), ...side(headValues, 'head', STRIP.headY)],
    medians,
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The few numbers a reader looks at first: medians over the head's repetitions. */
function headline(head: ScenarioResult): SettingVm[] {
  const rows: SettingVm[] = [{ label: 'repetitions', value: String(head.repetitions.length) }];
  const reqs = metricValues(head, 'http_reqs', 'count');
  const rps = metricValues(head, 'http_reqs', 'rate');
  const p95 = metricValues(head, 'http_req_duration', 'p(95)');
  const failed = metricValues(head, 'http_req_failed', 'rate');
  const checks = metricValues(head, 'checks', 'rate');
  if (reqs.length) rows.push({ label: 'requests per repetition', value: formatCount(median(reqs)) });
  if (rps.length) rows.push({ label: 'throughput', value: `${formatNumber(median(rps))} req/s` });
  if (p95.length) rows.push({ label: 'p(95) latency', value: formatValue(median(p95), 'ms') });
  if (failed.length) rows.push({ label: 'failed requests', value: formatValue(median(failed), '', true) });
  if (checks.length) rows.push({ label: 'checks passed', value: formatValue(median(checks), '', true) });
  return rows;
}
