/**
 * The one codec of the HDR histograms in results files: the engine records trend values
 * ×HISTOGRAM_SCALE (ms → µs for time trends) into 64-bit-bucket histograms and encodes
 * them as hdr-histogram-js compressed base64; results, merge and report decode them here.
 */
import { createRequire } from 'node:module';
import type * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

let library: typeof hdr | undefined;

/**
 * hdr-histogram-js, loaded on first use: loading it takes tens of ms (it carries a
 * WebAssembly build), which the engine spends while its VU threads boot (preloadHistogramLibrary).
 */
export function histogramLibrary(): typeof hdr {
  library ??= createRequire(import.meta.url)('hdr-histogram-js') as typeof hdr;
  return library;
}

/** Loads hdr-histogram-js now, e.g. while waiting on another thread. */
export function preloadHistogramLibrary(): void {
  histogramLibrary();
}

/** Trend values are stored ×1000 in the histogram: ms → µs for time trends, 1/1000 units otherwise. */
export const HISTOGRAM_SCALE = 1000;

/** An empty histogram: 64-bit buckets (merged counts across many repetitions must not overflow), 3 significant digits. */
export function newHistogram(): hdr.Histogram {
  return histogramLibrary().build({ bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2, numberOfSignificantValueDigits: 3 });
}

/** The base64 form a results file stores. */
export function encodeHistogram(histogram: hdr.Histogram): string {
  return histogramLibrary().encodeIntoCompressedBase64(histogram);
}

const decodedCache = new Map<string, hdr.Histogram>();

/** Decodes a results file's histogram (cached: reports decode the same ones often; do not mutate the result). */
export function decodeHistogram(encoded: string): hdr.Histogram {
  let h = decodedCache.get(encoded);
  if (!h) {
    h = histogramLibrary().decodeFromCompressedBase64(encoded, 64, false);
    if (decodedCache.size > 256) decodedCache.clear();
    decodedCache.set(encoded, h);
  }
  return h;
}

/** The value at `percentile` (0..100), in the trend's own unit (ms for time trends). */
export function histogramPercentile(histogram: hdr.Histogram, percentile: number): number {
  return histogram.getValueAtPercentile(percentile) / HISTOGRAM_SCALE;
}
