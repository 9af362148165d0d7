/**
 * k6's number and name formatting in its end-of-test summaries (both generations' text
 * summaries share it): humanized values, sub-metric display names, display width, metric order.
 */
import type { K6SummaryMetric } from '../../core/k6-summary.js';
import { isSummaryTimeUnit, type SummaryTimeUnit } from '../options/run-options.js';

/** A sub-metric `name{tag:v}` shows as `{ tag:v }`. */
export const displayName = (name: string): string => {
  const at = name.indexOf('{');
  return at >= 0 ? `{ ${name.slice(at + 1, -1)} }` : name;
};

/** Sub-metrics are indented two spaces under their metric. */
export const indentFor = (name: string): string => (name.includes('{') ? '  ' : '');

/** Display width as k6 counts it: code points. */
export const width = (s: string): number => [...s].length;

/** k6's metric order: by metric name, a metric's sub-metrics right after it, by their tags. */
export function sortMetricNames(names: string[]): string[] {
  return names.sort((a, b) => {
    const pa = a.split('{', 1)[0] as string;
    const pb = b.split('{', 1)[0] as string;
    return pa.localeCompare(pb) || a.slice(pa.length).localeCompare(b.slice(pb.length));
  });
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

const TIME_UNITS: Record<SummaryTimeUnit, { unit: string; coef: number }> = { s: { unit: 's', coef: 0.001 }, ms: { unit: 'ms', coef: 1 }, us: { unit: 'µs', coef: 1000 } };

/** Milliseconds → k6's duration text (`433.11µs`, `1.23ms`, `1m2s`). */
export function humanizeDuration(dur: number, timeUnit = ''): string {
  const fixed = isSummaryTimeUnit(timeUnit) ? TIME_UNITS[timeUnit] : undefined;
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
