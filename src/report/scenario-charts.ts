/** The charts of one scenario: latency percentiles (base vs head) and throughput / p(95) over time. */
import type { ScenarioResult } from '../results/results.js';
import { buildLineChart, type LineSeries } from './charts.js';
import { cleanText, formatCount, formatNumber } from './format.js';
import { mergeHistograms, percentileAxisExtent, percentileCurve, preferredHistogramKey } from './histograms.js';
import type { ChartVm } from './view-model-types.js';

const PERCENTILE_TICKS = [
  { value: 0, label: '0%' },
  { value: 1, label: '90%' },
  { value: 2, label: '99%' },
  { value: 3, label: '99.9%' },
  { value: 4, label: '99.99%' },
];

/** All charts for a scenario; empty when there is nothing to draw. */
export function buildScenarioCharts(head: ScenarioResult | null, base: ScenarioResult | null, index: number): ChartVm[] {
  const charts: ChartVm[] = [];
  const latency = latencyChart(head, base, index);
  if (latency) charts.push(latency);
  const rps = timeSeriesChart(head, base, index, 'rps');
  if (rps) charts.push(rps);
  const p95 = timeSeriesChart(head, base, index, 'p95Ms');
  if (p95) charts.push(p95);
  return charts;
}

function latencyChart(head: ScenarioResult | null, base: ScenarioResult | null, index: number): ChartVm | null {
  const key = (head && preferredHistogramKey(head)) ?? (base && preferredHistogramKey(base));
  if (!key) return null;
  const sides = [
    { side: 'base' as const, merged: base ? mergeHistograms(base, key) : null, dashed: true },
    { side: 'head' as const, merged: head ? mergeHistograms(head, key) : null, dashed: false },
  ].filter((s) => s.merged !== null && s.merged.histogram.totalCount > 0);
  if (sides.length === 0) return null;
  const maxX = Math.max(...sides.map((s) => percentileAxisExtent(s.merged!.histogram.totalCount)));
  const series: LineSeries[] = sides.map((s) => ({
    label: `${s.side} (${formatCount(s.merged!.histogram.totalCount)} samples)`,
    side: s.side,
    dashed: s.dashed,
    points: percentileCurve(s.merged!.histogram, maxX),
  }));
  const undecodable = sides.reduce((n, s) => n + s.merged!.undecodable, 0);
  const caption =
    `${cleanText(key)} over all repetitions, merged HDR histograms; x axis is logarithmic in the tail.` +
    (undecodable ? ` ${undecodable} histogram(s) could not be decoded and are left out.` : '');
  return buildLineChart({
    id: `chart-${index + 1}-latency`,
    title: 'Latency by percentile',
    caption,
    xLabel: 'percentile',
    yLabel: 'latency (ms)',
    series,
    xTicks: PERCENTILE_TICKS,
    xDomain: [0, maxX],
  });
}

function timeSeriesChart(
  head: ScenarioResult | null,
  base: ScenarioResult | null,
  index: number,
  field: 'rps' | 'p95Ms',
): ChartVm | null {
  const series: LineSeries[] = [];
  for (const [scenario, side] of [[base, 'base'], [head, 'head']] as const) {
    const reps = (scenario?.repetitions ?? []).filter((r) => r.timeSeries && r.timeSeries.length > 0);
    reps.forEach((rep, i) => {
      series.push({
        label: `${side} repetitions (${reps.length})`,
        side: i === 0 ? side : (`${side}-alt` as const),
        dashed: side === 'base',
        inLegend: i === 0,
        points: (rep.timeSeries ?? []).map((s) => [s.t, s[field]] as [number, number]),
      });
    });
  }
  if (series.length === 0) return null;
  const rps = field === 'rps';
  return buildLineChart({
    id: `chart-${index + 1}-${rps ? 'rps' : 'p95'}`,
    title: rps ? 'Throughput over time' : 'p(95) latency over time',
    caption: 'One line per repetition (1 s snapshots), so run-to-run noise is visible.',
    xLabel: 'time since start (s)',
    yLabel: rps ? 'requests/s' : 'p(95) (ms)',
    series,
    yFormat: formatNumber,
  });
}
