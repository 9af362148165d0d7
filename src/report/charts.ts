/**
 * Line-chart geometry for inline SVG: scales, "nice" ticks and path data. The
 * template draws what this returns; it never computes a coordinate.
 */
import { formatNumber } from './format.js';
import type { ChartSeriesVm, ChartTickVm, ChartVm } from './view-model-types.js';

export interface LineSeries {
  label: string;
  side: ChartSeriesVm['side'];
  dashed?: boolean;
  /** Data points [x, y] in data units, x ascending. */
  points: Array<[number, number]>;
  /** Whether this series gets its own legend entry. @default true */
  inLegend?: boolean;
}

export interface LineChartSpec {
  id: string;
  title: string;
  caption: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Fixed x ticks (data units + label); default: nice ticks over the data. */
  xTicks?: Array<{ value: number; label: string }>;
  /** Fixed x domain; default: the data's extent. */
  xDomain?: [number, number];
  /** Formats y tick labels. @default formatNumber */
  yFormat?: (value: number) => string;
  /** Chart size in px. @default 560 × 240 */
  width?: number;
  height?: number;
}

const MARGIN = { left: 60, right: 26, top: 26, bottom: 42 };

/** Turns data series into a ChartVm: y starts at 0, so a curve's height reads as its size. */
export function buildLineChart(spec: LineChartSpec): ChartVm {
  const width = spec.width ?? 560;
  const height = spec.height ?? 240;
  const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const points = spec.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1] = spec.xDomain ?? [xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1];
  const yTickValues = niceTicks(0, ys.length ? Math.max(...ys) : 1, 5);
  const yMax = yTickValues[yTickValues.length - 1] ?? 1;
  const sx = (x: number): number => round1(plot.x + (x1 === x0 ? plot.w / 2 : ((x - x0) / (x1 - x0)) * plot.w));
  const sy = (y: number): number => round1(plot.y + plot.h - (yMax === 0 ? 0 : (y / yMax) * plot.h));
  const yFormat = spec.yFormat ?? formatNumber;
  const xTicks: ChartTickVm[] = (spec.xTicks ?? niceTicks(x0, x1, 6).map((value) => ({ value, label: formatNumber(value) })))
    .filter((t) => t.value >= x0 - 1e-9 && t.value <= x1 + 1e-9)
    .map((t) => ({ pos: sx(t.value), label: t.label }));
  return {
    id: spec.id,
    title: spec.title,
    caption: spec.caption,
    width,
    height,
    plot: { ...plot, right: plot.x + plot.w, bottom: plot.y + plot.h },
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    xTicks,
    yTicks: yTickValues.map((v) => ({ pos: sy(v), label: yFormat(v) })),
    series: spec.series.map((s) => ({ label: s.label, side: s.side, dashed: s.dashed ?? false, path: pathData(s.points, sx, sy) })),
    legend: spec.series
      .filter((s) => s.inLegend !== false)
      .map((s) => ({ label: s.label, side: s.side, dashed: s.dashed ?? false })),
  };
}

function pathData(points: Array<[number, number]>, sx: (x: number) => number, sy: (y: number) => number): string {
  const parts: string[] = [];
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${sx(x)} ${sy(y)}`);
  }
  return parts.join(' ');
}

/**
 * Round tick values covering [lo, hi] with about `count` steps of 1, 2 or 5 × 10^k
 * (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi <= lo) hi = lo === 0 ? 1 : lo + Math.abs(lo);
  const rawStep = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const fraction = rawStep / magnitude;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
  const start = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let v = start; v < hi + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
