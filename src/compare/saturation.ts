/**
 * Repetitions in which the load generator, not the service, was the bottleneck. Their timings
 * include the generator's own queueing (a response waits for a busy thread before its end is
 * timestamped; an arrival waits for a thread before it starts), so they measured loadgate or k6
 * rather than the service, and a comparison leaves them out.
 *
 * The rule (`isSaturated`) was calibrated by measurement on the project's 2-core machine with
 * `npm run bench:saturation` (bench/saturation.ts): the shipped scenarios at the `smoke` and
 * `ci` sizes, quiet and beside one CPU-spinning neighbour, against generators overloaded on
 * purpose and a service slowed on purpose, on both engines. What it found:
 * - A closed-loop test keeps its VU thread busy by design: the busiest VU thread of a shipped
 *   scenario was busy at most 79 % of the time on a quiet machine (warm-cache, 1 VU: on loopback
 *   the thread's own work is most of each iteration), 75–89 % beside a neighbour. Busy alone is
 *   flagged from 90 %. Closed loops overloaded with 200 VUs did not get there (52–63 %): the
 *   single-threaded service saturates first, which is the service's number to report.
 * - Dropped iterations mean either a generator that could not start them or a service too slow
 *   for the VUs allowed. With the service slowed to 100 ms per request, half the arrivals were
 *   dropped while the VU thread idled (18–20 %; k6: 0.26 cores): a real regression signal the
 *   `peak` scenario gates on, never saturation. An arrival rate far beyond the machine
 *   (20 000/s) dropped 35 000 of 61 000 with the VU thread 89–94 % busy; 5 000/s dropped a few
 *   hundred at 60–63 %. So drops count from 75 % busy; for k6, whose threads loadgate cannot
 *   see, from 40 % of the cores (k6 at 5 000/s and 20 000/s: 1.20–1.29 of 2 cores, thousands
 *   dropped; the shipped peak: 0.43 cores; the slowed service: 0.26).
 * - The generator's main-thread event-loop delay stayed at most 29 ms p99 in the shipped runs
 *   (61 ms once beside a neighbour); with 64 VUs on a thread each (per-vu mode, whose I/O the
 *   main thread does) it reached 144–152 ms while the service idled: flagged from 100 ms.
 * - k6 alone is flagged when it used 90 % of all cores: nothing was left for anything else. No
 *   calibration run came near it (the local service always took its share).
 * Missing signals never flag: a repetition without host signals (older files, imports, other
 * platforms) is not saturated.
 */
import type { HostSignals, Repetition, ScenarioResult } from '../results/results.js';
import { minSamplesToDetect } from '../stats/mann-whitney.js';
import type { SaturationFinding } from './model.js';

/** Busiest VU thread's event-loop utilization (0–1) from which a repetition is saturated on its own (shipped, quiet: ≤ 0.79). @default 0.9 */
export const VU_THREAD_BUSY_LIMIT = 0.9;
/** Busiest VU thread's utilization (0–1) from which dropped iterations count as the generator's (slow service: ≤ 0.20; overloaded: ≥ 0.89). @default 0.75 */
export const DROPPED_VU_THREAD_BUSY_LIMIT = 0.75;
/** Share of the machine's cores the k6 process must use for its dropped iterations to count as its own (0–1). @default 0.4 */
export const DROPPED_K6_CORES_SHARE = 0.4;
/** Share of the machine's cores k6 alone may use before it is saturated on its own (0–1). @default 0.9 */
export const K6_CORES_SHARE_LIMIT = 0.9;
/** Generator main-thread event-loop delay p99 (ms beyond the 10 ms sampling interval) from which a repetition is saturated. @default 100 */
export const MAIN_THREAD_DELAY_LIMIT_MS = 100;

/** One limit a repetition crossed. */
interface Crossing {
  /** Same kind → one line in a finding, with the range of values. */
  kind: 'vu-thread' | 'dropped-vu-thread' | 'dropped-k6' | 'k6-cores' | 'main-thread';
  /** The measured value that crossed, in the kind's unit (%, cores, ms). */
  value: number;
  text: string;
}

/**
 * Why the load generator was the bottleneck in this repetition, one line per limit crossed;
 * empty when it was not, or when the repetition has no host signals.
 *
 * Saturated when any of:
 * 1. the busiest VU thread was busy ≥ VU_THREAD_BUSY_LIMIT (90 %) of the time;
 * 2. iterations were dropped while the busiest VU thread was busy ≥ DROPPED_VU_THREAD_BUSY_LIMIT (75 %);
 * 3. iterations were dropped while k6 used ≥ DROPPED_K6_CORES_SHARE (40 %) of the cores;
 * 4. k6 used ≥ K6_CORES_SHARE_LIMIT (90 %) of the cores;
 * 5. the embedded engine's main thread was late by ≥ MAIN_THREAD_DELAY_LIMIT_MS (100 ms) at p99.
 */
export function isSaturated(rep: Repetition): string[] {
  return crossings(rep).map((c) => c.text);
}

function crossings(rep: Repetition): Crossing[] {
  const h = rep.host;
  if (!h) return [];
  const out: Crossing[] = [];
  const dropped = rep.summary.metrics['dropped_iterations']?.values['count'] ?? 0;
  const busy = h.vuThreadBusy;
  if (busy !== null && busy >= VU_THREAD_BUSY_LIMIT) {
    out.push({ kind: 'vu-thread', value: pct(busy), text: `VU thread busy ${pct(busy)} % of the time (limit ${pct(VU_THREAD_BUSY_LIMIT)} %)` });
  } else if (busy !== null && dropped > 0 && busy >= DROPPED_VU_THREAD_BUSY_LIMIT) {
    out.push({ kind: 'dropped-vu-thread', value: pct(busy), text: `${dropped} iterations dropped while the VU thread was busy ${pct(busy)} % of the time (limit ${pct(DROPPED_VU_THREAD_BUSY_LIMIT)} %)` });
  }
  const k6Share = k6CoresShare(h);
  if (k6Share !== null && k6Share >= K6_CORES_SHARE_LIMIT) {
    out.push({ kind: 'k6-cores', value: h.generatorCores as number, text: `k6 used ${cores(h.generatorCores)} of ${h.cores} cores (limit ${pct(K6_CORES_SHARE_LIMIT)} %)` });
  } else if (k6Share !== null && dropped > 0 && k6Share >= DROPPED_K6_CORES_SHARE) {
    out.push({ kind: 'dropped-k6', value: h.generatorCores as number, text: `${dropped} iterations dropped while k6 used ${cores(h.generatorCores)} of ${h.cores} cores (limit ${pct(DROPPED_K6_CORES_SHARE)} %)` });
  }
  const delay = h.mainThreadDelayP99Ms;
  if (delay !== null && delay >= MAIN_THREAD_DELAY_LIMIT_MS) {
    out.push({ kind: 'main-thread', value: delay, text: `generator main thread late by ${Math.round(delay)} ms (event-loop delay p99, limit ${MAIN_THREAD_DELAY_LIMIT_MS} ms)` });
  }
  return out;
}

/**
 * k6's CPU as a share of the machine's cores. k6 is recognized by what it lacks: its VUs are
 * goroutines, so there is no VU-thread figure and no main-thread delay (its process is not ours),
 * only its CPU. Null for the embedded engine, whose process CPU includes its main thread's
 * bookkeeping and says less than its threads' utilization.
 */
function k6CoresShare(h: HostSignals): number | null {
  if (h.vuThreadBusy !== null || h.mainThreadDelayP99Ms !== null || h.generatorCores === null || !(h.cores > 0)) return null;
  return h.generatorCores / h.cores;
}

/**
 * The saturated repetitions of one side of a scenario, with one reason line per kind of limit
 * crossed (the range of values when several repetitions crossed it); null when none was.
 * @param alpha the comparison's alpha: fewer than the samples a U test needs to reach it
 *   (minSamplesToDetect, 4 at 0.05) left means `leavesTooFew`. @default 0.05
 */
export function findSaturation(scenario: ScenarioResult, side: 'base' | 'head', alpha = 0.05): SaturationFinding | null {
  const saturated = scenario.repetitions.map((rep) => ({ rep, found: crossings(rep) })).filter((x) => x.found.length > 0);
  if (saturated.length === 0) return null;
  const byKind = new Map<Crossing['kind'], Crossing[]>();
  for (const c of saturated.flatMap((x) => x.found)) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  const left = scenario.repetitions.length - saturated.length;
  return {
    scenario: scenario.name,
    side,
    repetitions: saturated.map((x) => x.rep.index),
    of: scenario.repetitions.length,
    reasons: [...byKind.values()].map(summarize),
    leavesTooFew: left < (minSamplesToDetect(alpha) ?? Number.POSITIVE_INFINITY),
  };
}

/** One line for a kind: the repetition's own text when alone, else the range of values in it. */
function summarize(list: Crossing[]): string {
  const first = list[0] as Crossing;
  if (list.length === 1) return first.text;
  const values = list.map((c) => c.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const range = (f: (x: number) => string): string => (lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`);
  const n = `${list.length} repetitions`;
  switch (first.kind) {
    case 'vu-thread':
      return `VU thread busy ${range(String)} % of the time in ${n} (limit ${pct(VU_THREAD_BUSY_LIMIT)} %)`;
    case 'dropped-vu-thread':
      return `iterations dropped while the VU thread was busy ${range(String)} % of the time in ${n} (limit ${pct(DROPPED_VU_THREAD_BUSY_LIMIT)} %)`;
    case 'dropped-k6':
      return `iterations dropped while k6 used ${range(cores)} cores in ${n} (limit ${pct(DROPPED_K6_CORES_SHARE)} % of the cores)`;
    case 'k6-cores':
      return `k6 used ${range(cores)} cores in ${n} (limit ${pct(K6_CORES_SHARE_LIMIT)} % of the cores)`;
    case 'main-thread':
      return `generator main thread late by ${range((x) => String(Math.round(x)))} ms in ${n} (event-loop delay p99, limit ${MAIN_THREAD_DELAY_LIMIT_MS} ms)`;
  }
}

const pct = (x: number): number => Math.round(x * 100);
const cores = (x: number | null): string => (x === null ? '?' : x.toFixed(2));
