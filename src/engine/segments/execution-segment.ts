/**
 * k6's execution segments (lib/execution_segment.go): an instance runs the share
 * (from, to] of a test, 0 <= from < to <= 1; an execution segment sequence lists
 * the segments of all instances (`0,1/3,2/3,1`) so each can compute, on its own,
 * exactly which VUs, iterations and arrivals are its own.
 */
import { InvalidOptionsError } from '../invalid-options-error.js';
import { compare, formatRational, ONE, parseRational, rational, sub, ZERO, type Rational } from './rational.js';

export interface ExecutionSegment {
  readonly from: Rational;
  readonly to: Rational;
}

/** The whole test: what an instance runs without a segment. */
export const FULL_SEGMENT: ExecutionSegment = { from: ZERO, to: ONE };

const SEGMENT_FORMS = 'use start:end with fractions (1/3:2/3), whole percentages (0%:25%) or decimals (0.5:0.75); a single value v means 0:v';
const SEQUENCE_FORMS = 'use comma-separated increasing points from 0 to 1, e.g. 0,1/3,2/3,1 or 0,25%,50%,1';

export function segmentLength(s: ExecutionSegment): Rational {
  return sub(s.to, s.from);
}

export function segmentEquals(a: ExecutionSegment, b: ExecutionSegment): boolean {
  return compare(a.from, b.from) === 0 && compare(a.to, b.to) === 0;
}

/** `1/3:2/3` (k6's String()). */
export function formatSegment(s: ExecutionSegment): string {
  return `${formatRational(s.from)}:${formatRational(s.to)}`;
}

export function formatSequence(seq: readonly ExecutionSegment[]): string {
  return seq.length === 0 ? '' : [seq[0] as ExecutionSegment, ...seq].map((s, i) => formatRational(i === 0 ? s.from : s.to)).join(',');
}

/** Why (from, to] is not a segment, in k6's words; undefined when it is one. */
function segmentProblem(from: Rational, to: Rational): string | undefined {
  if (compare(from, ZERO) < 0) return `the start ${formatRational(from)} must be at least 0`;
  if (compare(from, to) >= 0) return `the start ${formatRational(from)} must be less than the end ${formatRational(to)}`;
  if (compare(to, ONE) > 0) return `the end ${formatRational(to)} must not be more than 1`;
  return undefined;
}

function pointOf(text: string, key: string, whole: string, forms: string): Rational {
  const r = parseRational(text);
  if (!r) throw new InvalidOptionsError(key, `${JSON.stringify(whole)} is invalid: ${JSON.stringify(text)} is not a percentage, decimal or fraction; ${forms}`);
  return r;
}

/**
 * Parses `--execution-segment` / `options.executionSegment`: `from:to`, or one value
 * `v` meaning `0:v`; empty means the whole test. Throws InvalidOptionsError naming
 * the value and the valid forms.
 */
export function parseExecutionSegment(text: string, key = 'executionSegment'): ExecutionSegment {
  const t = text.trim();
  if (t === '') return FULL_SEGMENT;
  const colon = t.indexOf(':');
  const from = colon < 0 ? ZERO : pointOf(t.slice(0, colon), key, t, SEGMENT_FORMS);
  const to = pointOf(colon < 0 ? t : t.slice(colon + 1), key, t, SEGMENT_FORMS);
  const problem = segmentProblem(from, to);
  if (problem) throw new InvalidOptionsError(key, `${JSON.stringify(t)} is invalid: ${problem}; ${SEGMENT_FORMS}`);
  return { from, to };
}

/**
 * Parses `--execution-segment-sequence` (`0,1/3,2/3,1`): consecutive points become
 * segments; empty means none. Throws InvalidOptionsError naming the value.
 */
export function parseExecutionSegmentSequence(text: string, key = 'executionSegmentSequence'): ExecutionSegment[] {
  const t = text.trim();
  if (t === '') return [];
  const points = t.split(',').map((p) => pointOf(p, key, t, SEQUENCE_FORMS));
  if (points.length < 2) throw new InvalidOptionsError(key, `${JSON.stringify(t)} is invalid: at least 2 points are needed, ${points.length} given; ${SEQUENCE_FORMS}`);
  const segments: ExecutionSegment[] = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as Rational;
    const to = points[i] as Rational;
    const problem = segmentProblem(from, to);
    if (problem) throw new InvalidOptionsError(key, `${JSON.stringify(t)} is invalid: segment #${i} (${formatRational(from)}:${formatRational(to)}): ${problem}; ${SEQUENCE_FORMS}`);
    segments.push({ from, to });
  }
  return segments;
}

/**
 * The sequence covering 0..1 (k6's GetFilledExecutionSegmentSequence): the given
 * sequence, or the segment alone, padded with the missing start and end pieces.
 */
export function filledSequence(sequence: readonly ExecutionSegment[], segment: ExecutionSegment): ExecutionSegment[] {
  const base = sequence.length > 0 ? [...sequence] : [segment];
  const first = base[0] as ExecutionSegment;
  const last = base[base.length - 1] as ExecutionSegment;
  if (compare(first.from, ZERO) !== 0) base.unshift({ from: ZERO, to: first.from });
  if (compare(last.to, ONE) !== 0) base.push({ from: last.to, to: ONE });
  return base;
}

/** Go's big.Rat FloatString(2): two decimals, halves rounded away from zero, a minus sign on any negative value. */
function goFloatString2(r: Rational): string {
  const negative = r.num < 0n;
  const scaled = (negative ? -r.num : r.num) * 100n;
  let q = scaled / r.den;
  if ((scaled % r.den) * 2n >= r.den) q += 1n;
  return `${negative ? '-' : ''}${q / 100n}.${String(q % 100n).padStart(2, '0')}`;
}

/** k6's stringToRat: a whole percentage, else what big.Rat reads; its words when neither. */
function k6Point(text: string): Rational | string {
  if (text.endsWith('%')) {
    const body = text.slice(0, -1);
    return /^[+-]?\d+$/.test(body) ? rational(BigInt(body), 100n) : `'${text}' is not a valid percentage`;
  }
  // big.Rat takes no surrounding spaces.
  const r = text.trim() === text ? parseRational(text) : undefined;
  return r ?? `'${text}' is not a valid percentage, decimal, fraction or interval value`;
}

/** k6's NewExecutionSegment checks, in its order and words. */
function k6SegmentError(from: Rational, to: Rational): string | undefined {
  if (compare(from, ZERO) < 0) return `segment start value must be at least 0 but was ${goFloatString2(from)}`;
  if (compare(from, to) >= 0) return `segment start(${goFloatString2(from)}) must be less than its end(${goFloatString2(to)})`;
  if (compare(to, ONE) > 0) return `segment end value can't be more than 1 but was ${goFloatString2(to)}`;
  return undefined;
}

/**
 * What k6 says of an `--execution-segment` flag value it cannot take (exit 255; both
 * generations word it alike), undefined when it takes it. Forms Go reads that the engine
 * does not (hex floats, underscores) are refused here too.
 */
export function k6ExecutionSegmentFlagError(text: string): string | undefined {
  if (text === '') return undefined;
  const colon = text.indexOf(':');
  let from = ZERO;
  if (colon >= 0) {
    const start = k6Point(text.slice(0, colon));
    if (typeof start === 'string') return start;
    from = start;
  }
  const to = k6Point(colon >= 0 ? text.slice(colon + 1) : text);
  return typeof to === 'string' ? to : k6SegmentError(from, to);
}

/** The same for `--execution-segment-sequence`. */
export function k6ExecutionSegmentSequenceFlagError(text: string): string | undefined {
  if (text === '') return undefined;
  const points = text.split(',');
  if (points.length < 2) return `at least 2 points are needed for an execution segment sequence, ${points.length} given`;
  let start: Rational | undefined;
  for (const point of points) {
    const r = k6Point(point);
    if (typeof r === 'string') return r;
    const problem = start === undefined ? undefined : k6SegmentError(start, r);
    if (problem) return problem;
    start = r;
  }
  return undefined;
}
