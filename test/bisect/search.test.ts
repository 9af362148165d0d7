import { describe, expect, it } from 'vitest';
import { endsStatus } from '../../src/bisect/run-bisect.js';
import { classifyStep, idealSteps, leanOf, pickMidpoint, searchRange, stepConfidence, type MeasureStep, type PairEffect, type StepEvidence } from '../../src/bisect/search.js';

/** A pair comparison: `worsePct` with a p, regressed when p ≤ 0.05 and the change ≥ 5 %. */
const pair = (worsePct: number, p: number): PairEffect => ({ worsePct, loPct: worsePct - 5, hiPct: worsePct + 5, p, n: 6, regressed: p <= 0.05 && worsePct >= 5 });
const evidence = (left: PairEffect, right: PairEffect, rounds = 1): StepEvidence => ({ left, right, rounds, repetitions: rounds * 18 });
const quiet = pair(0.5, 0.6);

/**
 * A synthetic world: commit i's latency is the product of the factors of commits ≤ i. The
 * oracle measures a pair exactly (p = 0.01 for a change ≥ 5 %, else 0.6), with optional
 * commits that cannot be built.
 */
function world(factors: Record<number, number>, options: { skip?: number[] } = {}): { measure: MeasureStep; calls: Array<[number, number, number, number]> } {
  const level = (i: number): number => Object.entries(factors).reduce((x, [at, f]) => (Number(at) <= i ? x * f : x), 1);
  const effect = (a: number, b: number): PairEffect => {
    const pct = (level(b) / level(a) - 1) * 100;
    return pair(pct, pct >= 5 ? 0.01 : 0.6);
  };
  const calls: Array<[number, number, number, number]> = [];
  const measure: MeasureStep = async (lo, mid, hi, round) => {
    calls.push([lo, mid, hi, round]);
    if (options.skip?.includes(mid)) return { skip: 'does not build' };
    return evidence(effect(lo, mid), effect(mid, hi), round + 1);
  };
  return { measure, calls };
}

const search = (last: number, measure: MeasureStep, maxRounds = 3) => searchRange(last, measure, { settings: { maxRounds }, endsEffect: pair(30, 0.01), endsConfidence: 0.99 });

describe('classifying a step', () => {
  it('good-like when only the bad end is worse than mid, bad-like when only mid is worse than the good end', () => {
    expect(classifyStep(evidence(quiet, pair(30, 0.01)))).toBe('good');
    expect(classifyStep(evidence(pair(30, 0.01), quiet))).toBe('bad');
  });

  it('split when both sides carry part of the change; ambiguous (null) when neither does', () => {
    expect(classifyStep(evidence(pair(14, 0.02), pair(14, 0.03)))).toBe('split');
    expect(classifyStep(evidence(pair(8, 0.04), pair(24, 0.01)))).toBe('split');
    // A few % "regressed" beside a large change is the large change's step, not a second culprit.
    expect(classifyStep(evidence(pair(6, 0.03), pair(200, 0.01)))).toBe('good');
    expect(classifyStep(evidence(pair(200, 0.01), pair(6, 0.03)))).toBe('bad');
    expect(classifyStep(evidence(pair(14, 0.2), pair(14, 0.3)))).toBeNull();
    // Significant but below the minimum effect is no regression.
    expect(classifyStep(evidence(pair(3, 0.01), pair(3, 0.01)))).toBeNull();
  });

  it('leans an ambiguous step towards the end its estimate is nearer to', () => {
    expect(leanOf(evidence(pair(20, 0.2), pair(4, 0.5)))).toBe('bad-lean');
    expect(leanOf(evidence(pair(4, 0.5), pair(20, 0.2)))).toBe('good-lean');
  });

  it('counts a decided step by the p that decided it, a lean as a coin', () => {
    expect(stepConfidence('good', evidence(pair(0, 0.5), pair(30, 0.02)))).toBeCloseTo(0.98);
    expect(stepConfidence('bad', evidence(pair(30, 0.04), pair(0, 0.5)))).toBeCloseTo(0.96);
    expect(stepConfidence('split', evidence(pair(10, 0.1), pair(10, 0.1)))).toBeCloseTo(0.81);
    expect(stepConfidence('bad-lean', evidence(quiet, quiet))).toBe(0.5);
    expect(stepConfidence('skip', null)).toBe(1);
  });
});

describe('choosing the next commit', () => {
  it('takes the middle, the lower one on a tie, and steps around skipped commits', () => {
    expect(pickMidpoint(0, 8, new Set())).toBe(4);
    expect(pickMidpoint(0, 7, new Set())).toBe(3);
    expect(pickMidpoint(0, 8, new Set([4]))).toBe(3);
    expect(pickMidpoint(0, 8, new Set([3, 4]))).toBe(5);
    expect(pickMidpoint(3, 4, new Set())).toBeNull();
    expect(pickMidpoint(3, 5, new Set([4]))).toBeNull();
  });

  it('ideal steps are ⌈log2 n⌉', () => {
    expect([1, 2, 3, 8, 15, 16, 17].map(idealSteps)).toEqual([0, 1, 2, 3, 4, 4, 5]);
  });
});

describe('the search on synthetic measurements', () => {
  it('names every possible first bad commit of 16 in ⌈log2 16⌉ steps', async () => {
    for (let culprit = 1; culprit <= 16; culprit++) {
      const { measure } = world({ [culprit]: 1.3 });
      const out = await search(16, measure);
      expect(out.culprits.map((c) => c.index), `culprit ${culprit}`).toEqual([culprit]);
      expect(out.steps.length).toBeLessThanOrEqual(idealSteps(16));
      expect(out.culprits[0]!.lastGood).toBe(culprit - 1);
      // The effect shown is a measurement of the culprit against an earlier good commit.
      expect(out.culprits[0]!.effect?.worsePct).toBeCloseTo(30);
    }
  });

  it('ignores a change below the minimum effect next to the real one', async () => {
    const { measure } = world({ 4: 1.04, 11: 1.3 });
    const out = await search(16, measure);
    expect(out.culprits.map((c) => c.index)).toEqual([11]);
  });

  it('skips a commit that does not build and still names the culprit', async () => {
    const { measure, calls } = world({ 12: 1.3 }, { skip: [8] });
    const out = await search(16, measure);
    expect(out.culprits.map((c) => c.index)).toEqual([12]);
    expect(out.steps.map((s) => s.mid)).toEqual([8, 7, 11, 13, 12]);
    expect(out.culprits[0]!.alsoPossible).toEqual([]);
    expect(out.steps.filter((s) => s.verdict === 'skip').map((s) => s.mid)).toEqual([8]);
    expect(calls.filter(([, mid]) => mid === 8)).toHaveLength(1);
  });

  it('says which skipped commits may hold the change when the culprit is next to them', async () => {
    const { measure } = world({ 9: 1.3 }, { skip: [7, 8] });
    const out = await search(16, measure);
    expect(out.culprits.map((c) => c.index)).toEqual([9]);
    expect(out.culprits[0]!.alsoPossible).toEqual([7, 8]);
    expect(out.culprits[0]!.lastGood).toBe(6);
  });

  it('reports both commits of a regression made of two steps', async () => {
    const { measure } = world({ 5: 1.15, 12: 1.15 });
    const out = await search(16, measure);
    expect(out.culprits.map((c) => c.index)).toEqual([5, 12]);
    expect(out.steps.some((s) => s.verdict === 'split')).toBe(true);
    for (const c of out.culprits) expect(c.effect?.worsePct).toBeCloseTo(15);
  });

  it('follows the larger part when a split would exceed maxCulprits', async () => {
    const { measure } = world({ 5: 1.1, 12: 1.25 });
    const out = await searchRange(16, measure, { settings: { maxCulprits: 1 }, endsEffect: null, endsConfidence: 1 });
    expect(out.culprits.map((c) => c.index)).toEqual([12]);
  });

  it('adds rounds to an ambiguous step, then leans after the cap, and the confidence says so', async () => {
    let n = 0;
    const measure: MeasureStep = async (lo, mid, hi, round) => {
      n++;
      // Unclear twice, then clear; or never clear for the commit 4.
      if (mid === 4 || round < 2) return evidence(pair(mid >= 6 ? 12 : 2, 0.2), pair(mid >= 6 ? 2 : 12, 0.2), round + 1);
      return evidence(mid >= 6 ? pair(30, 0.01) : quiet, mid >= 6 ? quiet : pair(30, 0.01), round + 1);
    };
    const out = await search(8, measure, 3);
    expect(out.culprits.map((c) => c.index)).toEqual([6]);
    const verdicts = out.steps.map((s) => [s.mid, s.verdict, s.evidence?.rounds]);
    expect(verdicts).toEqual([
      [4, 'good-lean', 3],
      [6, 'bad', 3],
      [5, 'good', 3],
    ]);
    expect(n).toBe(9);
    expect(out.confidence).toBeCloseTo(0.99 * 0.5 * 0.99 * 0.99);
  });
});

describe('what the ends say', () => {
  const metric = { scenario: 'hit', gating: { metric: 'http_req_duration', stat: 'med', direction: 'lower' as const, minEffectPct: 5, gate: true } };
  it('found when a metric regressed, no regression when the whole interval is below the minimum effect, else not reproduced', () => {
    expect(endsStatus({ primary: metric, metrics: [{ metric, effect: pair(30, 0.01) }] }, 5)).toBe('found');
    expect(endsStatus({ primary: null, metrics: [{ metric, effect: { ...pair(-1, 0.7), hiPct: 3 } }] }, 5)).toBe('no-regression');
    expect(endsStatus({ primary: null, metrics: [{ metric, effect: { ...pair(4, 0.2), hiPct: 9 } }] }, 5)).toBe('not-reproduced');
    expect(endsStatus({ primary: null, metrics: [{ metric, effect: { ...pair(4, 0.2), hiPct: null } }] }, 5)).toBe('not-reproduced');
  });
});
