/**
 * An instance's segment within the full sequence (k6's ExecutionTuple), with k6's
 * striping: the integers 0, 1, 2, … are dealt to the segments in a pattern that
 * repeats every LCD (least common denominator of the segment lengths) and spaces
 * each segment's elements as evenly as possible. Instance i runs exactly the VUs,
 * iterations and arrivals whose index falls on its stripes, so the instances
 * together run each one exactly once without talking to each other.
 */
import { InvalidOptionsError, K6WordedOptionsError } from '../invalid-options-error.js';
import { filledSequence, formatSegment, formatSequence, FULL_SEGMENT, parseExecutionSegment, parseExecutionSegmentSequence, segmentEquals, segmentLength, type ExecutionSegment } from './execution-segment.js';
import { lcm, rational } from './rational.js';
import { stripedIndex, type Stripes } from './stripes.js';

/** Above this LCD the stripe tables get large; real sequences use small denominators. */
const MAX_LCD = 1_000_000;

/**
 * Deals 0..lcd-1 to the segments: each index goes to the first segment (largest
 * first, ties in sequence order) that is not ahead of its fair share, i.e. whose
 * `taken` count satisfies i * share >= taken * lcd.
 */
function stripePositions(shares: readonly number[], lcdValue: number): number[][] {
  const order = shares.map((share, index) => ({ share, index })).sort((a, b) => b.share - a.share);
  const taken = order.map(() => 0);
  const positions: number[][] = shares.map(() => []);
  for (let i = 0; i < lcdValue; i++) {
    for (let k = 0; k < order.length; k++) {
      const { share, index } = order[k] as { share: number; index: number };
      if (i * share >= (taken[k] as number) * lcdValue) {
        taken[k] = (taken[k] as number) + 1;
        (positions[index] as number[]).push(i);
        break;
      }
    }
  }
  return positions;
}

export class ExecutionTuple {
  /** Stripe positions within one LCD cycle, per segment of the sequence. */
  private readonly positions: number[][];
  private readonly lcd: number;

  /** `sequence` must cover 0..1 without gaps; `index` is this instance's segment in it. */
  constructor(
    readonly sequence: readonly ExecutionSegment[],
    readonly index: number,
  ) {
    const lengths = sequence.map(segmentLength);
    const lcdBig = lcm(lengths.map((l) => l.den));
    if (lcdBig > BigInt(MAX_LCD)) {
      throw new InvalidOptionsError('executionSegmentSequence', `"${formatSequence(sequence)}" needs a common denominator of ${lcdBig} (at most ${MAX_LCD}); use simpler fractions like 1/3 or 25%`);
    }
    this.lcd = Number(lcdBig);
    this.positions = stripePositions(lengths.map((l) => Number((l.num * lcdBig) / l.den)), this.lcd);
  }

  get segment(): ExecutionSegment {
    return this.sequence[this.index] as ExecutionSegment;
  }

  /** True when this instance runs the whole test (no segmentation). */
  get isWholeTest(): boolean {
    return this.sequence.length === 1;
  }

  /** `(start, offsets, lcd)` as k6's GetStripedOffsets reports them: first index, gaps to the next ones, cycle length. */
  stripedOffsets(): { start: number; offsets: number[]; lcd: number } {
    const own = this.positions[this.index] as number[];
    const offsets = own.map((p, i) => (i + 1 < own.length ? (own[i + 1] as number) : (own[0] as number) + this.lcd) - p);
    return { start: own[0] as number, offsets, lcd: this.lcd };
  }

  /**
   * This instance's share of a whole-test count (k6's ExecutionTuple.ScaleInt64): how
   * many of the indexes 0..value-1 fall on its stripes. The shares of all segments
   * of the sequence add up to `value` exactly, and never shrink as `value` grows.
   */
  scale(value: number, segmentIndex = this.index): number {
    if (this.isWholeTest) return value;
    const own = this.positions[segmentIndex] as number[];
    const rest = value % this.lcd;
    let n = Math.floor(value / this.lcd) * own.length;
    for (const p of own) if (p < rest) n++;
    return n;
  }

  /** The whole-test index (0-based) of this instance's `local`-th element (0-based). */
  globalIndex(local: number): number {
    return this.isWholeTest ? local : stripedIndex(this.stripes(), local);
  }

  /** This segment's stripes as plain data (for worker threads). */
  stripes(): Stripes {
    return { positions: this.positions[this.index] as number[], lcd: this.lcd };
  }

  /**
   * The tuple re-cut for `value` things (k6's GetNewExecutionTupleFromValue): segment i
   * becomes scale(value, i)/value, empty segments drop out. Executors stripe their
   * iterations over their VU split this way, so an instance without VUs gets no
   * iterations. Undefined when this instance gets none of the `value`.
   */
  forValue(value: number): ExecutionTuple | undefined {
    if (value < 1) return undefined;
    if (value % this.lcd === 0) return this;
    const cut: ExecutionSegment[] = [];
    let prev = 0;
    let newIndex = -1;
    this.sequence.forEach((_, i) => {
      const share = this.scale(value, i);
      if (share === 0) return;
      if (i === this.index) newIndex = cut.length;
      cut.push({ from: rational(BigInt(prev), BigInt(value)), to: rational(BigInt(prev + share), BigInt(value)) });
      prev += share;
    });
    return newIndex < 0 ? undefined : new ExecutionTuple(cut, newIndex);
  }

  /** `1/3:2/3 in 0,1/3,2/3,1`. */
  toString(): string {
    return `${formatSegment(this.segment)} in ${formatSequence(this.sequence)}`;
  }
}

/** The tuple of an unsegmented run. */
export const WHOLE_TEST = new ExecutionTuple([FULL_SEGMENT], 0);

/**
 * Builds the tuple from k6's two options (either may be undefined or empty): the
 * sequence is padded to cover 0..1 and must contain the segment. Throws
 * InvalidOptionsError (k6 exit 104) naming the values and what would be valid.
 */
export function resolveExecutionTuple(segmentText: string | undefined, sequenceText: string | undefined): ExecutionTuple {
  const segment = parseExecutionSegment(segmentText ?? '');
  const sequence = parseExecutionSegmentSequence(sequenceText ?? '');
  const filled = filledSequence(sequence, segment);
  const index = filled.findIndex((s) => segmentEquals(s, segment));
  if (index < 0) {
    // k6's configuration check's words (exit 104), the values as k6 prints them (0:1 for no segment).
    throw new K6WordedOptionsError('executionSegment', `There were problems with the specified script configuration:\n\t- provided segment ${formatSegment(segment)} can't be found in sequence ${formatSequence(sequence)}`);
  }
  return filled.length === 1 ? WHOLE_TEST : new ExecutionTuple(filled, index);
}

/** What a segmented scenario needs at run time. */
export interface ScenarioSegment {
  /** This instance's tuple: scales VU counts (ramping-vus targets as they change). */
  tuple: ExecutionTuple;
  /**
   * The tuple whose stripes say which whole-test iteration numbers are this instance's
   * (exec.scenario.iterationInTest): re-cut over the VU split for shared-iterations,
   * over maxVUs for arrival-rate, where arrival i (0-based) is started here only when
   * it falls on these stripes. Undefined when this instance gets no iterations.
   */
  iterations?: ExecutionTuple;
}
