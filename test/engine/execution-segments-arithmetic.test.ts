/**
 * Execution-segment arithmetic on k6's own examples (lib/execution_segment.go doc
 * comments and its striped-offsets test table), each re-derived by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { formatSegment, formatSequence, parseExecutionSegment, parseExecutionSegmentSequence } from '../../src/engine/segments/execution-segment.js';
import { resolveExecutionTuple } from '../../src/engine/segments/execution-tuple.js';
import { segmentScenario } from '../../src/engine/options/segment-scenarios.js';
import { resolveScenarios, scenarioMaxVUs } from '../../src/engine/options/scenarios.js';
import { InvalidOptionsError } from '../../src/engine/invalid-options-error.js';

const THIRDS = '0,1/3,2/3,1';

describe('parsing segments the way k6 does', () => {
  it.each([
    ['0:1/3', '0:1/3'],
    ['1/3:2/3', '1/3:2/3'],
    ['1/2:3/4', '1/2:3/4'],
    ['0.5:0.75', '1/2:3/4'],
    ['50%:75%', '1/2:3/4'],
    ['2/4:75%', '1/2:3/4'],
    ['20%', '0:1/5'],
    ['0.2', '0:1/5'],
    ['1/5', '0:1/5'],
    ['', '0:1'],
    ['2/3:1', '2/3:1'],
  ])('%j is (%s]', (text, expected) => {
    expect(formatSegment(parseExecutionSegment(text))).toBe(expected);
  });

  it.each([
    ['abc', /"abc" is not a percentage, decimal or fraction/],
    ['1/3-2/3', /"1\/3-2\/3" is not a percentage/],
    ['33.3%:1', /"33.3%" is not a percentage/],
    ['1/0', /"1\/0" is not a percentage/],
    ['2/3:1/3', /the start 2\/3 must be less than the end 1\/3/],
    ['1/3:1/3', /the start 1\/3 must be less than the end 1\/3/],
    ['0:1.5', /the end 3\/2 must not be more than 1/],
    ['-1/3:1/3', /the start -1\/3 must be at least 0/],
  ])('rejects %j naming the value and the valid forms', (text, why) => {
    let err: unknown;
    try {
      parseExecutionSegment(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidOptionsError);
    const message = (err as Error).message;
    expect(message).toMatch(why);
    expect(message).toContain(`options.executionSegment: ${JSON.stringify(text)} is invalid`);
    expect(message).toContain('use start:end with fractions (1/3:2/3), whole percentages (0%:25%) or decimals (0.5:0.75)');
  });

  it('parses a sequence into consecutive segments and prints it back', () => {
    const seq = parseExecutionSegmentSequence('0, 25%, 0.5, 1');
    expect(seq.map(formatSegment)).toEqual(['0:1/4', '1/4:1/2', '1/2:1']);
    expect(formatSequence(seq)).toBe('0,1/4,1/2,1');
    expect(parseExecutionSegmentSequence('')).toEqual([]);
  });

  it('rejects sequences with one point or going backwards', () => {
    expect(() => parseExecutionSegmentSequence('1/3')).toThrow(/"1\/3" is invalid: at least 2 points are needed, 1 given/);
    expect(() => parseExecutionSegmentSequence('0,2/3,1/3')).toThrow(/segment #2 \(2\/3:1\/3\): the start 2\/3 must be less than the end 1\/3/);
    expect(() => parseExecutionSegmentSequence('0,x,1')).toThrow(/options.executionSegmentSequence: "0,x,1" is invalid: "x" is not/);
  });
});

describe('the tuple: a segment within its sequence', () => {
  it('pads a lone segment into a full sequence (k6 GetFilledExecutionSegmentSequence)', () => {
    expect(resolveExecutionTuple('1/3:2/3', undefined).toString()).toBe('1/3:2/3 in 0,1/3,2/3,1');
    expect(resolveExecutionTuple('0:1/3', undefined).toString()).toBe('0:1/3 in 0,1/3,1');
    expect(resolveExecutionTuple('2/3:1', '1/3,2/3,1').toString()).toBe('2/3:1 in 0,1/3,2/3,1');
    expect(resolveExecutionTuple(undefined, undefined).isWholeTest).toBe(true);
    expect(resolveExecutionTuple('0:1', undefined).isWholeTest).toBe(true);
  });

  it('shows why every instance needs the same sequence: padded alone, 0:1/3 and 2/3:1 both own whole-test index 1', () => {
    // 0:1/3 in 0,1/3,1 → the 2/3 piece takes 0 and 2, 0:1/3 takes 1; 2/3:1 in 0,2/3,1 → likewise 1.
    expect(resolveExecutionTuple('0:1/3', undefined).globalIndex(0)).toBe(1);
    expect(resolveExecutionTuple('2/3:1', undefined).globalIndex(0)).toBe(1);
    expect(resolveExecutionTuple('0:1/3', THIRDS).globalIndex(0)).toBe(0);
  });

  it("rejects a segment that is not in the sequence, in k6's words (both generations)", () => {
    expect(() => resolveExecutionTuple('1/4:1/2', THIRDS)).toThrow("There were problems with the specified script configuration:\n\t- provided segment 1/4:1/2 can't be found in sequence 0,1/3,2/3,1");
    expect(() => resolveExecutionTuple(undefined, THIRDS)).toThrow("provided segment 0:1 can't be found in sequence 0,1/3,2/3,1");
  });

  // k6's doc example: 0:1/2, 1/2:3/4, 3/4:1. LCD 4, shares 2,1,1 → index 0 to the half,
  // 1 to the first quarter (half already has its 1 of 2 per 4), 2 to the half, 3 to the last quarter.
  const seq = '0,1/2,3/4,1';
  const half = resolveExecutionTuple('0:1/2', seq);
  const q2 = resolveExecutionTuple('1/2:3/4', seq);
  const q3 = resolveExecutionTuple('3/4:1', seq);

  it("stripes the iterator like k6's documented table", () => {
    const first6 = (t: typeof half) => Array.from({ length: 6 }, (_, i) => t.globalIndex(i));
    expect(first6(half)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(first6(q2)).toEqual([1, 5, 9, 13, 17, 21]);
    expect(first6(q3)).toEqual([3, 7, 11, 15, 19, 23]);
  });

  it("scales 1..12 like k6's documented ScaleInt64 table, summing to the value", () => {
    const values = Array.from({ length: 12 }, (_, i) => i + 1);
    expect(values.map((v) => half.scale(v))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(values.map((v) => q2.scale(v))).toEqual([0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
    expect(values.map((v) => q3.scale(v))).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3]);
  });

  // k6's striped-offsets test table, sequence 0,0.3,0.5,0.6,0.7,0.8,0.9,1: LCD 10, shares
  // 3,2,1,1,1,1,1. Dealing 0..9 (largest first, each taken only when i*share >= taken*10):
  // 0→0.3, 1→0.2, 2→0.1a, 3→0.1b, 4→0.3, 5→0.2, 6→0.1c, 7→0.3, 8→0.1d, 9→0.1e.
  it.each([
    ['0:0.3', 0, [4, 3, 3]],
    ['0.3:0.5', 1, [4, 6]],
    ['0.5:0.6', 2, [10]],
    ['0.6:0.7', 3, [10]],
    ['0.8:0.9', 8, [10]],
    ['0.9:1', 9, [10]],
  ])("striped offsets of %s match k6's table", (segment, start, offsets) => {
    expect(resolveExecutionTuple(segment, '0,0.3,0.5,0.6,0.7,0.8,0.9,1').stripedOffsets()).toEqual({ start, offsets, lcd: 10 });
  });

  it('gives every index to exactly one segment, and shares that add up and never shrink', () => {
    const sequence = '0,1/7,1/3,0.5,61%,1';
    const tuples = parseExecutionSegmentSequence(sequence).map((s) => resolveExecutionTuple(formatSegment(s), sequence));
    const owners = new Map<number, number>();
    tuples.forEach((t) => {
      for (let local = 0; t.globalIndex(local) < 2000; local++) owners.set(t.globalIndex(local), (owners.get(t.globalIndex(local)) ?? 0) + 1);
    });
    expect(owners.size).toBe(2000);
    expect([...owners.values()].every((n) => n === 1)).toBe(true);
    let previous = tuples.map(() => 0);
    for (let v = 0; v <= 500; v++) {
      const shares = tuples.map((t) => t.scale(v));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(v);
      shares.forEach((s, k) => expect(s).toBeGreaterThanOrEqual(previous[k] as number));
      previous = shares;
    }
  });

  it('re-cuts over a small value: a third of 2 VUs is nothing for the last instance (k6 GetNewExecutionTupleFromValue)', () => {
    const [a, b, c] = ['0:1/3', '1/3:2/3', '2/3:1'].map((s) => resolveExecutionTuple(s, THIRDS));
    expect([a, b, c].map((t) => t?.scale(2))).toEqual([1, 1, 0]);
    expect(c?.forValue(2)).toBeUndefined();
    expect(a?.forValue(2)?.toString()).toBe('0:1/2 in 0,1/2,1');
    expect([a, b].map((t) => t?.forValue(2)?.scale(11))).toEqual([6, 5]);
    expect(a?.forValue(3)).toBe(a);
  });
});

describe('scenarios cut to a segment', () => {
  const scenarios = resolveScenarios({
    scenarios: {
      loop: { executor: 'constant-vus', vus: 10, duration: '1s' },
      each: { executor: 'per-vu-iterations', vus: 4, iterations: 3 },
      shared: { executor: 'shared-iterations', vus: 5, iterations: 100 },
      ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 7 }] },
      rate: { executor: 'constant-arrival-rate', rate: 30, duration: '1s', preAllocatedVUs: 4, maxVUs: 8 },
    },
  });
  const parts = ['0:1/3', '1/3:2/3', '2/3:1'].map((s) => resolveExecutionTuple(s, THIRDS)).map((t) => scenarios.map((sc) => segmentScenario(sc, t)));
  const column = (name: string, pick: (s: (typeof scenarios)[number]) => number) => parts.map((p) => pick(p.find((s) => s.name === name) as (typeof scenarios)[number]));

  it('splits VUs, shared iterations and arrival-rate VUs so the instances add up to the whole', () => {
    expect(column('loop', (s) => s.vus)).toEqual([4, 3, 3]);
    expect(column('each', (s) => s.vus)).toEqual([2, 1, 1]);
    expect(column('each', (s) => s.iterations)).toEqual([3, 3, 3]);
    expect(column('shared', (s) => s.vus)).toEqual([2, 2, 1]);
    // 5 VUs split 2,2,1 → iterations striped over 2/5, 2/5, 1/5 of 100.
    expect(column('shared', (s) => s.iterations)).toEqual([40, 40, 20]);
    expect(column('ramp', scenarioMaxVUs)).toEqual([3, 2, 2]);
    expect(column('rate', (s) => s.preAllocatedVUs)).toEqual([2, 1, 1]);
    expect(column('rate', (s) => s.maxVUs)).toEqual([3, 3, 2]);
    // Arrivals striped over the maxVUs split 3/8, 3/8, 2/8 (LCD 8): dealing 0..7 gives
    // {0,3,6}, {1,4,7}, {2,5}; 30 = 3×8 + 6 → 9+2, 9+2, 6+2 arrivals.
    expect(column('rate', (s) => s.segment?.iterations?.scale(30) ?? -1)).toEqual([11, 11, 8]);
  });

  it('leaves an unsegmented scenario untouched', () => {
    const whole = resolveExecutionTuple(undefined, undefined);
    for (const sc of scenarios) expect(segmentScenario(sc, whole)).toBe(sc);
  });
});
