/**
 * The drift guard: did the machine change between two stored runs? Each run measured the
 * same canary (runner/canary.ts) between its rounds; if the canary's speed moved beyond its
 * own noise, the machine changed, and the two runs' numbers cannot tell a slower build from
 * a slower machine. The comparison is then inconclusive, never a regression (STATISTICS.md,
 * "What the test cannot see").
 *
 * A guard should err towards "changed": a false "changed" costs an inconclusive verdict, a
 * false "steady" can cost a false FAIL. So the canary's test is not corrected for its three
 * parts, and a large movement counts even when too few samples make it significant.
 *
 * No canary-normalised comparison is offered: a neighbour that slows the canary by 30 % can
 * slow a scenario's metrics by 10 % or by 150 %, depending on how much of each competes for
 * the same cores (measured in bench/gate.ts), so dividing by the canary would trade false
 * FAILs for false PASSes.
 */
import type { CanaryRecord, CanarySample } from '../results/results.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { summarizeSamples } from '../stats/median-ci.js';
import type { CanaryComponentCheck, DriftCheck } from './model.js';

export interface DriftGuardSettings {
  /** Significance of each canary part's two-sided U test (uncorrected). @default 0.05 */
  alpha: number;
  /** A significant movement smaller than this is timer and JIT noise, not a machine change; %. @default 3 */
  minChangePct: number;
  /** A movement at least this large is a change even when it is not significant; %. @default 10 */
  largeChangePct: number;
  /** A CPU loop whose median is less certain than ± this (95 % interval) ran on an unsteady machine; %. @default 15 */
  maxNoisePct: number;
  /** The same for the loopback request, whose own timer and wake-up noise is larger; %. @default 20 */
  maxHttpNoisePct: number;
  /** Confidence of the medians' intervals. @default 0.95 */
  confidence: number;
}

export const DEFAULT_DRIFT_GUARD: DriftGuardSettings = { alpha: 0.05, minChangePct: 3, largeChangePct: 10, maxNoisePct: 15, maxHttpNoisePct: 20, confidence: 0.95 };

/**
 * The canary's parts: how each sample's value is read, which way is slower, and how much
 * spread within a run still counts as a steady machine. The CPU loop on every core is steady
 * to 2–8 % on a quiet machine and moves by 45–65 % beside a busy neighbour. The loopback
 * request sees what the loop cannot: on this kind of VM the kernel's loopback path swings by
 * up to 2× at a ten-second scale with every core idle, and the scenarios' latencies swing with
 * it. Both parts are judged by the same rules, the request with a wider noise limit
 * (bench:gate: judged only when it moved beyond its own noise, 10 % of stored A/A gates on a
 * quiet machine failed; judged like the loop, none). Its request rate is the same measurement
 * inverted, with one VU, so it is recorded but not judged twice.
 */
const PARTS: Array<{ name: string; unit: string; value: (s: CanarySample) => number; slower: 'higher' | 'lower'; maxNoise: (s: DriftGuardSettings) => number }> = [
  { name: 'cpu loop', unit: 'ms', value: (s) => s.cpuLoopMs, slower: 'higher', maxNoise: (s) => s.maxNoisePct },
  { name: 'http latency', unit: 'ms', value: (s) => s.httpMedMs, slower: 'higher', maxNoise: (s) => s.maxHttpNoisePct },
];

/**
 * Judges whether the machine changed between a stored base run and a head run.
 * @returns status `unavailable` when a side has no canary samples or the canaries differ in version
 */
export function judgeDrift(base: CanaryRecord | undefined, head: CanaryRecord | undefined, settings: Partial<DriftGuardSettings> = {}): DriftCheck {
  const s = { ...DEFAULT_DRIFT_GUARD, ...settings };
  if (!base?.samples.length || !head?.samples.length) {
    const which = !base?.samples.length && !head?.samples.length ? 'neither run has' : !base?.samples.length ? 'the baseline has' : 'this run has';
    const missing = `${which} no canary samples (recorded by loadgate 0.2 and later)`;
    return { status: 'unavailable', slowerPct: null, components: [], summary: `drift guard unavailable: ${missing}` };
  }
  if (base.version !== head.version) {
    return { status: 'unavailable', slowerPct: null, components: [], summary: `drift guard unavailable: the runs measured different canaries (v${base.version} and v${head.version})` };
  }
  const components = PARTS.map((part) => checkPart(part, base.samples, head.samples, s));
  const changed = components.filter((c) => c.changed);
  const largest = (list: CanaryComponentCheck[]): CanaryComponentCheck =>
    list.reduce((a, b) => (Math.abs(b.slowerPct) > Math.abs(a.slowerPct) ? b : a));
  if (changed.length === 0) {
    const widest = largest(components);
    return { status: 'steady', slowerPct: widest.slowerPct, components, summary: `the machine was steady (canary ${signedPct(widest.slowerPct)} at most, ${describeParts(components)})` };
  }
  const moved = changed.filter((c) => c.why === 'moved');
  const main = largest(moved.length > 0 ? moved : changed);
  const what =
    moved.length > 0
      ? `the machine changed (canary ${signedPct(main.slowerPct)}: ${describeParts(moved)})`
      : `the machine was unsteady (canary ${describeNoise(changed)})`;
  return { status: 'changed', slowerPct: main.slowerPct, components, summary: what };
}

function checkPart(part: (typeof PARTS)[number], base: CanarySample[], head: CanarySample[], s: DriftGuardSettings): CanaryComponentCheck {
  const b = summarizeSamples(base.map(part.value), s.confidence);
  const h = summarizeSamples(head.map(part.value), s.confidence);
  const ratio = b.center > 0 && h.center > 0 ? h.center / b.center : 1;
  const slowerPct = (part.slower === 'higher' ? ratio - 1 : 1 / ratio - 1) * 100;
  const p = mannWhitneyU(base.map(part.value), head.map(part.value)).p;
  const noises = [b.ciPct, h.ciPct].filter((x): x is number => x !== null && Number.isFinite(x));
  const noisePct = noises.length === 2 ? Math.max(...noises) : null;
  const size = Math.abs(slowerPct);
  const moved = (p <= s.alpha && size >= s.minChangePct) || size >= s.largeChangePct;
  const unsteady = noisePct !== null && noisePct > part.maxNoise(s);
  const why = moved ? 'moved' : unsteady ? 'unsteady' : null;
  return { name: part.name, unit: part.unit, base: b, head: h, slowerPct, p, noisePct, changed: why !== null, why };
}

function signedPct(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
}

function describeParts(parts: CanaryComponentCheck[]): string {
  return parts.map((c) => `${c.name} ${signedPct(c.slowerPct)} p=${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)}`).join(', ');
}

function describeNoise(parts: CanaryComponentCheck[]): string {
  return parts.map((c) => `${c.name} ±${(c.noisePct ?? 0).toFixed(0)} % within a run`).join(', ');
}
