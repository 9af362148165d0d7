/** HDR histograms of a scenario (base64, microseconds) merged and read as percentile curves. */
import { build, decodeFromCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { ScenarioResult } from '../results/results.js';

/** The latency histogram a chart prefers: all requests, else whatever the scenario recorded first. */
export function preferredHistogramKey(scenario: ScenarioResult): string | null {
  const keys = new Set(scenario.repetitions.flatMap((rep) => Object.keys(rep.histograms ?? {})));
  if (keys.has('http_req_duration')) return 'http_req_duration';
  return [...keys].sort()[0] ?? null;
}

export interface MergedHistogram {
  histogram: Histogram;
  /** Repetitions whose histogram could not be decoded (reported, not thrown). */
  undecodable: number;
}

/** Merges `key`'s histogram across all repetitions; null when no repetition has one. */
export function mergeHistograms(scenario: ScenarioResult, key: string): MergedHistogram | null {
  // 64-bit buckets: merged counts across many repetitions must not overflow.
  const merged = build({ bitBucketSize: 64 });
  let found = 0;
  let undecodable = 0;
  for (const rep of scenario.repetitions) {
    const encoded = rep.histograms?.[key];
    if (!encoded) continue;
    try {
      merged.add(decodeFromCompressedBase64(encoded, 64));
      found += 1;
    } catch {
      undecodable += 1;
    }
  }
  if (found === 0 && undecodable === 0) return null;
  return { histogram: merged, undecodable };
}

/**
 * Percentile curve on the classic HdrHistogram axis x = log10(1 / (1 − q)), so 90%, 99%,
 * 99.9% are evenly spaced. Returns [x, latency in ms] points up to `maxX`.
 */
export function percentileCurve(histogram: Histogram, maxX: number, steps = 80): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (let i = 0; i <= steps; i += 1) {
    const x = (i / steps) * maxX;
    const percentile = 100 * (1 - 10 ** -x);
    points.push([x, histogram.getValueAtPercentile(percentile) / 1000]);
  }
  return points;
}

/** How far along the log axis the data can honestly go: 99.99% needs ≥ 10,000 samples. */
export function percentileAxisExtent(totalCount: number): number {
  return Math.min(4, Math.max(2, Math.floor(Math.log10(Math.max(1, totalCount)))));
}
