/** The saturation rule on hand-made repetitions: each reason, its boundaries, k6 and missing host data. */
import { describe, expect, it } from 'vitest';
import type { HostSignals, Repetition, ScenarioResult } from '../../src/results/results.js';
import { findSaturation, isSaturated } from '../../src/compare/saturation.js';
import { repetition } from './results-builder.js';

/** A quiet embedded-engine repetition on 2 cores; `over` replaces fields. */
function embedded(over: Partial<HostSignals> = {}): HostSignals {
  return { wallMs: 4000, cores: 2, machineBusyCores: 1.4, stealPct: 0, generatorCores: 0.7, serviceCores: 0.7, othersCores: 0, loadAvg1: 1, vuThreadBusy: 0.45, mainThreadDelayP99Ms: 8, ...over };
}

/** A k6 repetition: k6 has no VU-thread figure and no main-thread delay of its own. */
function k6(generatorCores: number | null, over: Partial<HostSignals> = {}): HostSignals {
  return embedded({ vuThreadBusy: null, mainThreadDelayP99Ms: null, generatorCores, ...over });
}

function rep(host: HostSignals | undefined, dropped?: number, index = 0): Repetition {
  const r = repetition(index, dropped === undefined ? {} : { dropped_iterations: { type: 'counter', values: { count: dropped, rate: dropped / 4 } } });
  return host ? { ...r, host } : r;
}

describe('isSaturated', () => {
  it('is fine without host signals (older files, imports)', () => {
    expect(isSaturated(rep(undefined, 5000))).toEqual([]);
  });

  it('is fine for a quiet closed-loop repetition with a busy-by-design VU thread', () => {
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.77 })))).toEqual([]);
  });

  it('flags a VU thread busy from 90 % of the time', () => {
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.899 })))).toEqual([]);
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.9 })))).toEqual(['VU thread busy 90 % of the time (limit 90 %)']);
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.96 }), 40_000))).toEqual(['VU thread busy 96 % of the time (limit 90 %)']);
  });

  it('counts dropped iterations only with a VU thread busy from 75 %', () => {
    // A slow service: most arrivals dropped, the generator idle. A real regression, not saturation.
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.18 }), 1540))).toEqual([]);
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.749 }), 300))).toEqual([]);
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.75 }), 300))).toEqual(['300 iterations dropped while the VU thread was busy 75 % of the time (limit 75 %)']);
    // Busy without drops is below the busy-alone limit.
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.8 }), 0))).toEqual([]);
  });

  it('flags a generator main thread late by 100 ms or more at p99', () => {
    expect(isSaturated(rep(embedded({ vuThreadBusy: null, mainThreadDelayP99Ms: 99.9 })))).toEqual([]);
    expect(isSaturated(rep(embedded({ vuThreadBusy: null, mainThreadDelayP99Ms: 100 })))).toEqual(['generator main thread late by 100 ms (event-loop delay p99, limit 100 ms)']);
  });

  it('gives every limit crossed', () => {
    expect(isSaturated(rep(embedded({ vuThreadBusy: 0.95, mainThreadDelayP99Ms: 250 }), 10))).toEqual([
      'VU thread busy 95 % of the time (limit 90 %)',
      'generator main thread late by 250 ms (event-loop delay p99, limit 100 ms)',
    ]);
  });

  it('k6: dropped iterations count from 40 % of the cores, k6 alone from 90 % of them', () => {
    expect(isSaturated(rep(k6(0.26), 816))).toEqual([]);
    expect(isSaturated(rep(k6(0.79), 2500))).toEqual([]);
    expect(isSaturated(rep(k6(0.8), 2500))).toEqual(['2500 iterations dropped while k6 used 0.80 of 2 cores (limit 40 %)']);
    expect(isSaturated(rep(k6(1.2), 0))).toEqual([]);
    expect(isSaturated(rep(k6(1.29), 0))).toEqual([]);
    expect(isSaturated(rep(k6(1.79), 0))).toEqual([]);
    expect(isSaturated(rep(k6(1.8), 0))).toEqual(['k6 used 1.80 of 2 cores (limit 90 %)']);
    expect(isSaturated(rep(k6(1.9), 100))).toEqual(['k6 used 1.90 of 2 cores (limit 90 %)']);
  });

  it('k6 without /proc (no CPU figure) is never flagged', () => {
    expect(isSaturated(rep(k6(null, { machineBusyCores: null, othersCores: null }), 5000))).toEqual([]);
  });

  it('does not apply the k6 CPU limits to the embedded engine, whose VU threads say more', () => {
    expect(isSaturated(rep(embedded({ generatorCores: 1.9, vuThreadBusy: 0.5 }), 100))).toEqual([]);
  });
});

describe('findSaturation', () => {
  const scenario = (reps: Repetition[]): ScenarioResult => ({ name: 'peak', file: 'scenarios/peak.ts', thresholds: [], gating: [], repetitions: reps });

  it('is null when no repetition was saturated, or none has host signals', () => {
    expect(findSaturation(scenario([rep(embedded(), 0, 0), rep(embedded({ vuThreadBusy: 0.2 }), 900, 1)]), 'head')).toBeNull();
    expect(findSaturation(scenario([rep(undefined, 0, 0), rep(undefined, 0, 1)]), 'base')).toBeNull();
  });

  it('lists the saturated repetitions by index, one reason line per kind with the range of values', () => {
    const reps = [rep(embedded({ vuThreadBusy: 0.92 }), 30_000, 0), rep(embedded(), 0, 1), rep(embedded({ vuThreadBusy: 0.96 }), 40_000, 2), rep(embedded({ vuThreadBusy: 0.8 }), 500, 3), ...[4, 5, 6, 7].map((i) => rep(embedded(), 0, i))];
    expect(findSaturation(scenario(reps), 'head')).toEqual({
      scenario: 'peak',
      side: 'head',
      repetitions: [0, 2, 3],
      of: 8,
      reasons: ['VU thread busy 92–96 % of the time in 2 repetitions (limit 90 %)', '500 iterations dropped while the VU thread was busy 80 % of the time (limit 75 %)'],
      leavesTooFew: false,
    });
  });

  it('says when too few repetitions are left for a U test to reach alpha (4 at 0.05)', () => {
    const reps = (saturated: number) => Array.from({ length: 6 }, (_, i) => rep(embedded({ vuThreadBusy: i < saturated ? 0.95 : 0.4 }), 0, i));
    expect(findSaturation(scenario(reps(2)), 'base')?.leavesTooFew).toBe(false);
    expect(findSaturation(scenario(reps(3)), 'base')?.leavesTooFew).toBe(true);
    expect(findSaturation(scenario(reps(3)), 'base')?.reasons).toEqual(['VU thread busy 95 % of the time in 3 repetitions (limit 90 %)']);
  });
});
