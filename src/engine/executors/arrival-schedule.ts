/**
 * When k6 starts each arrival-rate iteration, to the nanosecond, so that the engine starts the
 * same number as k6 does (lib/executor/constant_arrival_rate.go, ramping_arrival_rate.go).
 *
 * - constant-arrival-rate: iteration g (0, 1, 2, …) at g × the ticker period, the period being
 *   timeUnit / rate truncated to whole nanoseconds, including one at time 0 and one that falls
 *   exactly on the end: 30/s for 2 s starts 61 (60 × 33 333 333 ns is before 2 s).
 * - ramping-arrival-rate: iteration i (1, 2, …) where the area under the rate reaches i, for
 *   every i up to each stage's running area, both in k6's float64 arithmetic, truncated to
 *   nanoseconds: 0 → 20/s over 1 s starts 10, but 0 → 30/s over 1 s starts 14, not 15, because
 *   k6's area of that stage is 14.999999999999998.
 * An iteration that falls exactly on the end is started. There k6's timer races its deadline, so
 * k6 itself now and then starts one less; these are its usual counts, checked against the
 * binaries in test/engine/arrival-counts-k6.test.ts.
 */
import type { Stage } from '../options/scenarios.js';

export interface ArrivalSchedule {
  /** Whole-test iterations started by `tMs` ms after the scenario's start. */
  dueBy(tMs: number): number;
  /** When whole-test iteration `index` (0-based) starts, ms; Infinity when it never does. */
  startMs(index: number): number;
}

const NS_PER_MS = 1e6;

export function constantArrivalSchedule(rate: number, timeUnitMs: number, durationMs: number): ArrivalSchedule {
  // k6: the inverse of the rate per nanosecond as a float64, converted to a Duration (truncated).
  const periodNs = Math.trunc((timeUnitMs * NS_PER_MS) / rate);
  const durationNs = Math.round(durationMs * NS_PER_MS);
  const count = periodNs > 0 ? Math.floor(durationNs / periodNs) + 1 : 0;
  return {
    dueBy: (tMs) => (tMs < 0 || count === 0 ? 0 : Math.min(count, Math.floor((tMs * NS_PER_MS) / periodNs + 1e-9) + 1)),
    startMs: (index) => (index < count ? (index * periodNs) / NS_PER_MS : Infinity),
  };
}

export function rampingArrivalSchedule(startRate: number, timeUnitMs: number, stages: ReadonlyArray<Stage>): ArrivalSchedule {
  const timeUnitNs = timeUnitMs * NS_PER_MS;
  const plan = stages.map((s) => ({ durationNs: Math.round(s.durationMs * NS_PER_MS), to: s.target / timeUnitNs }));
  const endNs = plan.reduce((a, s) => a + s.durationNs, 0);
  /** k6's start of iteration i (1-based), ns; Infinity when k6 has no iteration i. */
  const startNs = (i: number): number => {
    let stageStart = 0;
    let doneSoFar = 0;
    let endCount = 0;
    let from = startRate / timeUnitNs;
    for (const { durationNs: dur, to } of plan) {
      if (from !== to) {
        endCount += dur * ((to - from) / 2 + from);
        if (i <= endCount) {
          const under = dur * (from * from * dur + 2 * (i - doneSoFar) * (to - from));
          const x = (from * dur - (under > 0 || Object.is(under, 0) ? Math.sqrt(under) : 0)) / (from - to);
          return onTime(Math.trunc(x) + stageStart);
        }
      } else {
        endCount += dur * to;
        if (i <= endCount) return onTime(Math.trunc((i - doneSoFar) / to) + stageStart);
      }
      doneSoFar = endCount;
      from = to;
      stageStart += dur;
    }
    return Infinity;
  };
  const onTime = (ns: number): number => (ns <= endNs ? ns : Infinity);
  return {
    dueBy(tMs) {
      const tNs = tMs * NS_PER_MS;
      // The area under the rate is within one of the count; step to the exact one.
      let k = Math.max(0, Math.floor(areaBy(startRate / timeUnitNs, plan, tNs)));
      while (startNs(k + 1) <= tNs) k++;
      while (k > 0 && !(startNs(k) <= tNs)) k--;
      return k;
    },
    startMs: (index) => startNs(index + 1) / NS_PER_MS,
  };
}

/** The area under a piecewise-linear rate (per ns) over [0, tNs]: iterations due, before rounding. */
function areaBy(fromRate: number, plan: ReadonlyArray<{ durationNs: number; to: number }>, tNs: number): number {
  let area = 0;
  let from = fromRate;
  let at = 0;
  for (const s of plan) {
    const span = Math.min(s.durationNs, Math.max(0, tNs - at));
    if (span > 0) area += from * span + ((s.to - from) * span * span) / (2 * s.durationNs || 1);
    if (tNs <= at + s.durationNs) return area;
    at += s.durationNs;
    from = s.to;
  }
  return area;
}
