import { describe, expect, it } from 'vitest';
import { compareRuns, effectPct } from '../../src/compare/compare-runs.js';
import { defaultGatingMetrics } from '../../src/results/default-gating.js';
import type { MetricComparison } from '../../src/compare/model.js';
import { gate, repsOf, run, scenario } from './results-builder.js';

const BASE_P95 = [100, 101, 99, 102, 100, 98];
const scaled = (xs: number[], f: number): number[] => xs.map((x) => x * f);

function only(c: ReturnType<typeof compareRuns>, name = 'api'): MetricComparison {
  const sc = c.scenarios.find((s) => s.name === name);
  expect(sc?.metrics).toHaveLength(1);
  return sc?.metrics[0] as MetricComparison;
}

describe('compareRuns: direction and verdicts', () => {
  const p95 = gate('http_req_duration', 'p(95)', 'lower');
  it('a 20 % slower p(95) with separated samples is a regression and fails the gate', () => {
    const base = run('b', [scenario('api', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [p95] })]);
    const head = run('h', [scenario('api', repsOf('http_req_duration', 'p(95)', scaled(BASE_P95, 1.2)), { gating: [p95] })]);
    const c = compareRuns(base, head);
    const m = only(c);
    expect(m.verdict).toBe('regressed');
    expect(m.deltaPct).toBeCloseTo(20, 10);
    expect(m.p).toBeCloseTo(2 / 924, 12); // fully separated 6 vs 6
    expect(m.base?.center).toBe(100);
    expect(m.unit).toBe('ms');
    expect(c.verdict).toBe('fail');
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]).toMatch(/^api: http_req_duration p\(95\) regressed against the baseline \+20\.0% \(p=0\.002/);
  });
  it('the same change in a higher-is-better metric is an improvement', () => {
    const rps = gate('http_reqs', 'rate', 'higher');
    const base = run('b', [scenario('api', repsOf('http_reqs', 'rate', BASE_P95), { gating: [rps] })]);
    const head = run('h', [scenario('api', repsOf('http_reqs', 'rate', scaled(BASE_P95, 1.2)), { gating: [rps] })]);
    const c = compareRuns(base, head);
    expect(only(c).verdict).toBe('improved');
    expect(c.verdict).toBe('pass');
    const worse = compareRuns(head, base);
    expect(only(worse).verdict).toBe('regressed');
    expect(worse.verdict).toBe('fail');
  });
  it('significant but below the noise floor → unchanged with a note', () => {
    const base = run('b', [scenario('api', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [p95] })]);
    const head = run('h', [scenario('api', repsOf('http_req_duration', 'p(95)', BASE_P95.map((x) => x + 4.5)), { gating: [p95] })]);
    const m = only(compareRuns(base, head));
    expect(m.p).toBeLessThan(0.05);
    expect(m.verdict).toBe('unchanged');
    expect(m.note).toMatch(/significant \(p=0\.002\) but below the 5% minimum effect/);
  });
  it('noise → unchanged, no note; non-gating regressions do not fail the gate', () => {
    const reportOnly = gate('http_req_duration', 'p(95)', 'lower', { gate: false });
    const base = run('b', [scenario('api', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [reportOnly] })]);
    const noisy = run('h', [scenario('api', repsOf('http_req_duration', 'p(95)', [101, 99, 100, 98, 102, 100]), { gating: [reportOnly] })]);
    expect(only(compareRuns(base, noisy)).verdict).toBe('unchanged');
    const slow = run('h', [scenario('api', repsOf('http_req_duration', 'p(95)', scaled(BASE_P95, 1.5)), { gating: [reportOnly] })]);
    const c = compareRuns(base, slow);
    expect(only(c).verdict).toBe('regressed');
    expect(only(c).gating).toBe(false);
    expect(c.verdict).toBe('pass');
  });
  it('3 repetitions per side → insufficient-data', () => {
    const base = run('b', [scenario('api', repsOf('http_req_duration', 'p(95)', [100, 101, 99]), { gating: [p95] })]);
    const head = run('h', [scenario('api', repsOf('http_req_duration', 'p(95)', [200, 201, 199]), { gating: [p95] })]);
    const m = only(compareRuns(base, head));
    expect(m.verdict).toBe('insufficient-data');
    expect(m.note).toBe('need >= 4 samples to detect a difference at alpha level 0.05');
  });
});

describe('compareRuns: family-wise correction', () => {
  function manyMetrics(count: number, slowIndex: number): [ReturnType<typeof run>, ReturnType<typeof run>] {
    const gating = Array.from({ length: count }, (_, i) => gate(`m${i}`, 'p(95)', 'lower'));
    const reps = (factor: (i: number) => number) =>
      BASE_P95.map((_, r) => Object.fromEntries(gating.map((g, i) => [g.metric, { type: 'trend' as const, contains: 'time' as const, values: { 'p(95)': (BASE_P95[r] as number) * factor(i) } }])));
    return [
      run('b', [scenario('api', reps(() => 1), { gating })]),
      run('h', [scenario('api', reps((i) => (i === slowIndex ? 1.3 : 1)), { gating })]),
    ];
  }
  it('Holm over 20 metrics keeps a fully separated 6-vs-6 regression (20 · 2/924 = 0.043)', () => {
    const [b, h] = manyMetrics(20, 7);
    const c = compareRuns(b, h);
    const slow = c.scenarios[0]?.metrics[7];
    expect(slow?.pAdjusted).toBeCloseTo((20 * 2) / 924, 12);
    expect(slow?.verdict).toBe('regressed');
    expect(c.verdict).toBe('fail');
  });
  it('Holm over 25 metrics cannot reach 0.05 with 6 repetitions (25 · 2/924 = 0.054); correction none can', () => {
    const [b, h] = manyMetrics(25, 3);
    const holm = compareRuns(b, h);
    const m = holm.scenarios[0]?.metrics[3];
    // Worse by more than the minimum effect and not significant: too noisy to say unchanged.
    expect(m?.verdict).toBe('too-noisy');
    expect(m?.note).toMatch(/worse, beyond the 5% minimum effect, but not significant \(p=0\.054, unadjusted 0\.002\)/);
    expect(holm.verdict).toBe('inconclusive');
    const none = compareRuns(b, h, { correction: 'none' }).scenarios[0]?.metrics[3];
    expect(none?.verdict).toBe('regressed');
  });
});

describe('compareRuns: worse beyond the minimum effect, but not significant (stored numbers)', () => {
  const p95 = gate('http_req_duration', 'p(95)', 'lower');
  // 1.5x slower in the median, but the repetitions overlap: U cannot separate them.
  const NOISY_BASE = [70, 130, 90, 110, 60, 140];
  const NOISY_HEAD = [100, 200, 80, 150, 230, 120];
  const file = (id: string, values: number[], other?: string) => {
    const f = run(id, [scenario('api', repsOf('http_req_duration', 'p(95)', values), { gating: [p95] })]);
    if (other) f.sideBySide = { side: id.startsWith('b') ? 'base' : 'head', otherRunId: other, order: [] };
    return f;
  };

  it('is too noisy to pass: the metric and the gate say inconclusive, and why', () => {
    const c = compareRuns(file('b', NOISY_BASE), file('h', NOISY_HEAD));
    const m = only(c);
    expect(m.p).toBeGreaterThan(0.05);
    expect(m.deltaPct).toBeGreaterThan(20);
    expect(m.verdict).toBe('too-noisy');
    expect(c.verdict).toBe('inconclusive');
    expect(c.scenarios[0]?.verdict).toBe('inconclusive');
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]).toMatch(/^inconclusive: api: http_req_duration p\(95\) measured \+\d+\.\d%, worse by more than its 5% minimum effect, but not significantly \(p=0\.\d+\): its repetitions are too noisy to rule out a regression/);
  });

  it('the same noise in the better direction, or within the minimum effect, is unchanged: PASS', () => {
    const better = compareRuns(file('b', NOISY_HEAD), file('h', NOISY_BASE));
    expect(only(better).verdict).toBe('unchanged');
    expect(better.verdict).toBe('pass');
    const small = compareRuns(file('b', NOISY_BASE), file('h', scaled(NOISY_BASE, 1.04).reverse()));
    expect(only(small).verdict).toBe('unchanged');
    expect(small.verdict).toBe('pass');
    // A minimum effect above the change (+35 %), the metric's own or the comparison's: the gate asked not to care about it.
    const withMin = (g: ReturnType<typeof gate>) => (id: string, values: number[]) => run(id, [scenario('api', repsOf('http_req_duration', 'p(95)', values), { gating: [g] })]);
    const own = withMin(gate('http_req_duration', 'p(95)', 'lower', { minEffectPct: 60 }));
    expect(only(compareRuns(own('b', NOISY_BASE), own('h', NOISY_HEAD))).verdict).toBe('unchanged');
    const unset = withMin({ ...gate('http_req_duration', 'p(95)', 'lower'), minEffectPct: undefined });
    const lenient = compareRuns(unset('b', NOISY_BASE), unset('h', NOISY_HEAD), { minEffectPct: 60 });
    expect(only(lenient).verdict).toBe('unchanged');
    expect(lenient.verdict).toBe('pass');
    expect(only(compareRuns(unset('b', NOISY_BASE), unset('h', NOISY_HEAD))).verdict).toBe('too-noisy');
  });

  it('side by side the rule is the screen and the confirmation round (gate/confirm.ts), not this one', () => {
    const c = compareRuns(file('b1', NOISY_BASE, 'h1'), file('h1', NOISY_HEAD, 'b1'));
    expect(c.mode).toBe('side-by-side');
    expect(only(c).verdict).toBe('unchanged');
  });
});

describe('compareRuns: missing sides, zero baselines, environment, no baseline', () => {
  const p95 = gate('http_req_duration', 'p(95)', 'lower');
  const failed = gate('http_req_failed', 'rate', 'lower', { effectFloor: 0.01 });
  it('scenarios and metrics on one side only are listed as missing, not a crash', () => {
    const base = run('b', [
      scenario('api', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [p95, failed] }),
      scenario('retired', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [p95] }),
    ]);
    const head = run('h', [
      scenario('api', BASE_P95.map((v) => ({ http_req_duration: { values: { 'p(95)': v } }, http_req_failed: { values: { rate: 0 } } })), { gating: [p95, failed] }),
      scenario('fresh', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [p95] }),
    ]);
    const c = compareRuns(base, head);
    expect(c.scenarios.map((s) => [s.name, s.presence])).toEqual([
      ['api', 'both'],
      ['fresh', 'head-only'],
      ['retired', 'base-only'],
    ]);
    const api = c.scenarios[0]?.metrics ?? [];
    expect(api.map((m) => [m.metric, m.verdict])).toEqual([
      ['http_req_duration', 'unchanged'],
      ['http_req_failed', 'missing'],
    ]);
    expect(api[1]?.note).toBe('not in the baseline (new metric)');
    expect(c.scenarios[1]?.metrics[0]).toMatchObject({ verdict: 'missing', base: null, note: 'scenario not in the baseline' });
    expect(c.scenarios[2]?.metrics[0]).toMatchObject({ verdict: 'missing', head: null, note: 'scenario not run in this run' });
    expect(c.verdict).toBe('pass');
  });
  it('zero error-rate baseline: 0 → 0.0001 is below the floor, 0 → 0.002 is a regression', () => {
    const zero = run('b', [scenario('api', repsOf('http_req_failed', 'rate', [0, 0, 0, 0, 0, 0]), { gating: [failed] })]);
    const tiny = run('h', [scenario('api', repsOf('http_req_failed', 'rate', [1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4]), { gating: [failed] })]);
    const m = only(compareRuns(zero, tiny));
    expect(m.deltaPct).toBeNull();
    expect(m.verdict).toBe('unchanged');
    const bad = run('h', [scenario('api', repsOf('http_req_failed', 'rate', [0.002, 0.002, 0.003, 0.002, 0.002, 0.002]), { gating: [failed] })]);
    const c = compareRuns(zero, bad);
    expect(only(c).verdict).toBe('regressed');
    expect(c.reasons[0]).toMatch(/http_req_failed rate regressed against the baseline 0 → 0\.002/);
    expect(effectPct(0, 1e-4, 0.01)).toBeCloseTo(1, 10);
    expect(effectPct(0, 1e-4)).toBe(Infinity);
    expect(effectPct(0, 0)).toBe(0);
  });
  it('flags an environment mismatch', () => {
    const a = run('b', [scenario('api', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [p95] })], 'laptop');
    const b = run('h', [scenario('api', repsOf('http_req_duration', 'p(95)', BASE_P95), { gating: [p95] })], 'ci-runner');
    expect(compareRuns(a, b).environmentMismatch).toBe(true);
    expect(compareRuns(a, a).environmentMismatch).toBe(false);
  });
  it('without a baseline only thresholds are judged', () => {
    const head = run('h', [
      scenario('api', repsOf('http_req_duration', 'p(95)', [600, 610, 590]), {
        gating: [p95],
        thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<500' }],
      }),
    ]);
    const c = compareRuns(null, head);
    expect(c.base).toBeNull();
    expect(c.scenarios[0]?.metrics).toEqual([]);
    expect(c.scenarios[0]?.thresholds[0]?.verdict).toBe('fail');
    expect(c.verdict).toBe('fail');
    expect(c.reasons).toEqual(['api: threshold http_req_duration p(95)<500 failed (measured 600 ms, median over repetitions)']);
    expect(c.head.repetitions).toBe(3);
  });
  it('uses the default gating metrics when a scenario declares none, skipping metrics absent on both sides', () => {
    const reps = (f: number) => BASE_P95.map((v) => ({ http_req_duration: { values: { 'p(95)': v * f, med: v * f * 0.5 } } }));
    const c = compareRuns(run('b', [scenario('api', reps(1))]), run('h', [scenario('api', reps(1.25))]));
    expect(c.scenarios[0]?.metrics.map((m) => `${m.metric} ${m.stat} ${m.verdict}`)).toEqual([
      'http_req_duration p(95) regressed',
      'http_req_duration med regressed',
    ]);
    expect(defaultGatingMetrics()).toHaveLength(8);
  });
  it('rejects bad settings by name', () => {
    const r = run('h', []);
    expect(() => compareRuns(null, r, { alpha: 1.5 })).toThrow(/alpha must be between 0 and 1/);
    expect(() => compareRuns(null, r, { correction: 'sidak' as never })).toThrow(/correction must be one of none, holm, bh/);
  });
});

describe('compareRuns: the minimum effect', () => {
  const slower = (gating?: ReturnType<typeof gate>[]) => ({
    base: run('base', [scenario('hit', repsOf('http_req_duration', 'med', [1, 1.01, 0.99, 1.0, 1.02, 0.98]), gating ? { gating } : {})]),
    head: run('head', [scenario('hit', repsOf('http_req_duration', 'med', [1.2, 1.21, 1.19, 1.2, 1.22, 1.18]), gating ? { gating } : {})]),
  });
  const med = (c: ReturnType<typeof compareRuns>) => c.scenarios[0]!.metrics.find((m) => m.metric === 'http_req_duration' && m.stat === 'med')!;

  // Every gating metric used to carry the default 5 % of its own, so compare.minEffectPct and
  // --min-effect changed nothing: a +20 % change regressed under --min-effect 50.
  it("is the comparison's (compare.minEffectPct, --min-effect) for a gating metric that sets none, the defaults included", () => {
    const { base, head } = slower();
    expect(med(compareRuns(base, head, { minEffectPct: 50 }))).toMatchObject({ minEffectPct: 50, verdict: 'unchanged' });
    expect(med(compareRuns(base, head))).toMatchObject({ minEffectPct: 5, verdict: 'regressed' });
    const own = slower([{ metric: 'http_req_duration', stat: 'med', direction: 'lower', gate: true }]);
    expect(med(compareRuns(own.base, own.head, { minEffectPct: 30 }))).toMatchObject({ minEffectPct: 30, verdict: 'unchanged' });
  });

  it("is the metric's own where its gating entry sets one", () => {
    const { base, head } = slower([gate('http_req_duration', 'med', 'lower', { minEffectPct: 10 })]);
    expect(med(compareRuns(base, head, { minEffectPct: 50 }))).toMatchObject({ minEffectPct: 10, verdict: 'regressed' });
  });
});
