/**
 * What a Trend keeps to answer k6's percentiles: every sample exactly (k6 keeps them all)
 * until a cap, then an HDR histogram whose error is bounded, so memory stays flat.
 *
 * Bound after the cap (see ORDER_STAT_RELATIVE_ERROR): every order statistic is estimated
 * within `|v| × 2^-15 + 0.5 / 1000` of the true sample v (0.003 % plus 0.5 µs for times),
 * and k6's interpolation between two of them keeps that bound; so a threshold decision can
 * differ from k6's on the same data only when k6's own value lies within that band of the
 * threshold's number.
 */
import type * as hdr from 'hdr-histogram-js';
import { histogramLibrary } from '../../core/hdr-histogram.js';
import { UsageError } from '../../core/errors.js';
import { interpolate, k6Rank } from './k6-percentile.js';

/** Samples per trend (each metric and sub-metric) kept exactly before the histogram takes over: 8 MB of float64. */
export const DEFAULT_EXACT_TREND_SAMPLES = 1_000_000;

/** The cap a run uses: the option, else env LOADGATE_EXACT_TREND_SAMPLES, else the default. */
export function resolveExactTrendSamples(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const raw = option ?? env['LOADGATE_EXACT_TREND_SAMPLES'];
  if (raw === undefined || raw === '') return DEFAULT_EXACT_TREND_SAMPLES;
  const n = typeof raw === 'number' ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    const where = option === undefined ? 'LOADGATE_EXACT_TREND_SAMPLES' : 'exactTrendSamples';
    throw new UsageError(`${where}=${String(raw)}: expected a whole number of samples >= 0 (each Trend keeps that many exactly; default ${DEFAULT_EXACT_TREND_SAMPLES})`);
  }
  return n;
}

/** The fallback histogram's unit: 1/1000 of the value (µs for time trends, as the results-file histograms). */
export const ORDER_STAT_SCALE = 1000;
/**
 * HDR with 4 significant digits: sub-buckets of 2^b units hold values ≥ 16384 × 2^b, so the
 * centre of a bucket is within 2^(b-1) ≤ value / 32768 of any value in it.
 */
const SIGNIFICANT_DIGITS = 4;
/** Relative part of the bound on one order statistic's estimate, 2^-15. */
export const ORDER_STAT_RELATIVE_ERROR = 1 / 32768;
/** Absolute part (value units): rounding to the histogram's unit, half a unit. */
export const ORDER_STAT_ABSOLUTE_ERROR = 0.5 / ORDER_STAT_SCALE;

/** The most k6's percentile can differ from the fallback's estimate, given the two samples k6 interpolates between. */
export function fallbackErrorBound(below: number, above: number): number {
  return ORDER_STAT_ABSOLUTE_ERROR + Math.max(Math.abs(below), Math.abs(above)) * ORDER_STAT_RELATIVE_ERROR;
}

/** Samples per chunk: new samples go into chunks, so storing one never copies the others. */
const CHUNK = 65536;

/**
 * Every sample, for k6's exact percentiles: the ones already asked about in one sorted
 * array, newer ones in chunks until the next question merges them in (O(n), so thresholds
 * evaluated during the run do not sort everything again).
 */
export class ExactSamples {
  private sortedValues: Float64Array = new Float64Array(0);
  private readonly chunks: Float64Array[] = [];
  private current: Float64Array;
  private pos = 0;
  length = 0;

  constructor(private readonly cap: number) {
    this.current = new Float64Array(Math.min(CHUNK, cap));
  }

  /** Adds a sample; false when the cap is reached (the sample is not stored). */
  push(v: number): boolean {
    if (this.length >= this.cap) return false;
    if (this.pos === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Float64Array(Math.min(CHUNK, this.cap - this.length));
      this.pos = 0;
    }
    this.current[this.pos++] = v;
    this.length++;
    return true;
  }

  /** The samples in ascending order. */
  sorted(): Float64Array {
    const tail = this.unsorted();
    if (tail.length === 0) return this.sortedValues;
    tail.sort();
    this.sortedValues = this.sortedValues.length === 0 ? tail : mergeSorted(this.sortedValues, tail);
    this.chunks.length = 0;
    this.pos = 0;
    return this.sortedValues;
  }

  /** Every sample (sorted ones first, then the newer ones in arrival order). */
  values(): Float64Array {
    const tail = this.unsorted();
    const all = new Float64Array(this.length);
    all.set(this.sortedValues);
    all.set(tail, this.sortedValues.length);
    return all;
  }

  /** The samples not merged into the sorted array yet, in one new array. */
  private unsorted(): Float64Array {
    const out = new Float64Array(this.length - this.sortedValues.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.current.subarray(0, this.pos), at);
    return out;
  }
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}

/**
 * Order statistics from HDR histograms: non-negative values as they are, negative ones by
 * magnitude in a second histogram (HDR holds no negatives). Estimates are bucket centres.
 */
export class OrderStatHistogram {
  private readonly positive = newOrderStatHistogram();
  private negative: hdr.JsHistogram | undefined;
  private negatives = 0;
  count = 0;

  add(v: number): void {
    this.count++;
    if (v >= 0) this.positive.recordValue(toUnits(v));
    else {
      (this.negative ??= newOrderStatHistogram()).recordValue(toUnits(-v));
      this.negatives++;
    }
  }

  /** Estimate of the sample at 0-based `rank` in ascending order. */
  valueAtRank(rank: number): number {
    if (rank < this.negatives) return -rankValue(this.negative as hdr.JsHistogram, this.negatives - 1 - rank);
    return rankValue(this.positive, rank - this.negatives);
  }

  /** k6's P(fraction) from the estimates, clamped into the exact [min, max]. */
  percentile(fraction: number, min: number, max: number): number {
    return k6PercentileOfEstimates(this.count, fraction, min, max, (rank) => this.valueAtRank(rank));
  }
}

/**
 * k6's P(fraction) (rank and interpolation as k6's) over `count` samples known through
 * `valueAtRank` (an estimate of the sample at a 0-based ascending rank) and their exact
 * `min` and `max`, which stand for the first and last ranks; the result is clamped into
 * [min, max], so it is never further from k6's than the estimates are from the samples.
 */
export function k6PercentileOfEstimates(count: number, fraction: number, min: number, max: number, valueAtRank: (rank: number) => number): number {
  if (count === 0) return 0;
  if (count === 1) return min;
  const rank = k6Rank(fraction, count);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const at = (r: number) => (r === 0 ? min : r === count - 1 ? max : valueAtRank(r));
  const below = at(lo);
  const above = hi === lo ? below : at(hi);
  return Math.min(max, Math.max(min, interpolate(below, above, rank)));
}

/**
 * The centre of the bucket holding the sample at `rank` (0-based, ascending) of a
 * histogram of non-negative values recorded in 1/ORDER_STAT_SCALE units (the results
 * files' histograms: µs for time trends), in value units.
 */
export function histogramValueAtRank(h: hdr.Histogram, rank: number): number {
  return rankValue(h as hdr.JsHistogram, rank);
}

function toUnits(v: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.round(v * ORDER_STAT_SCALE));
}

/** The centre of the bucket holding the sample at `rank` (0-based, ascending), in value units. */
function rankValue(h: hdr.JsHistogram, rank: number): number {
  let seen = 0;
  for (let i = 0; i < h.countsArrayLength; i++) {
    seen += h.getCountAtIndex(i);
    if (seen > rank) {
      const low = h.valueFromIndex(i);
      const size = h.sizeOfEquivalentValueRange(low);
      return (low + (size - 1) / 2) / ORDER_STAT_SCALE;
    }
  }
  return h.maxValue / ORDER_STAT_SCALE;
}

function newOrderStatHistogram(): hdr.JsHistogram {
  return histogramLibrary().build({ bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2, numberOfSignificantValueDigits: SIGNIFICANT_DIGITS }) as hdr.JsHistogram;
}
