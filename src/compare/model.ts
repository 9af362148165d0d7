/**
 * The Comparison model: pure data produced by compare, consumed by report and the CLI.
 * Everything a renderer needs is computed here; templates do no math.
 */
import type { Direction, Environment } from '../results/results.js';
import type { ExpectationVerdict } from '../stats/expected-change.js';
import type { Correction } from '../stats/correction.js';
import type { SampleSummary } from '../stats/median-ci.js';
import type { MeasurementProblem } from './measurement.js';

export type { ExpectationVerdict } from '../stats/expected-change.js';

export type { Correction } from '../stats/correction.js';
export type { SampleSummary } from '../stats/median-ci.js';

export interface ComparisonSettings {
  /** Significance level of the Mann–Whitney test. @default 0.05 */
  alpha: number;
  /** Confidence of the median's interval. @default 0.95 */
  confidence: number;
  /** Default minimum effect in % (per-metric values override). @default 5 */
  minEffectPct: number;
  /** Family-wise correction over the gating metrics of a run. @default 'holm' */
  correction: Correction;
  /**
   * Side by side, the level of the test over both rounds' pairs that confirms a regression
   * (gate/confirm.ts): a gate fails an unchanged build at most this often. @default 0.005
   */
  confirmAlpha: number;
}


/**
 * `unconfirmed`: regressed in the first round, but not again in the confirmation round on fresh
 * repetitions (gate/confirm.ts), so it does not fail the gate. `too-noisy`: worse by more than
 * the minimum effect, but not significantly: the gate cannot say unchanged (inconclusive).
 */
export type MetricVerdict = 'improved' | 'regressed' | 'unconfirmed' | 'too-noisy' | 'unchanged' | 'insufficient-data' | 'missing';

export interface MetricComparison {
  /** Metric selector, e.g. `http_req_duration{name:health}`. */
  metric: string;
  /** Summary stat compared, e.g. `p(95)`. */
  stat: string;
  /** `ms`, `%`, `req/s`, `B`… for display. */
  unit: string;
  direction: Direction;
  minEffectPct: number;
  /** Whether this metric belongs to the gating family. */
  gating: boolean;
  base: SampleSummary | null;
  head: SampleSummary | null;
  /**
   * (head center / base center − 1) × 100; side by side, the geometric mean of the pairs' ratios
   * − 1 (× 100). Null when a side is missing or base is 0.
   */
  deltaPct: number | null;
  /**
   * Raw two-sided p: Mann–Whitney U on the two sides' samples (stored numbers), or the sign-flip
   * permutation test of the pairs' t on ln(head/base) (side by side, compare/paired-permutation.ts).
   */
  p: number | null;
  /** Which test gave p; absent in comparisons made by older versions (Mann–Whitney). */
  test?: 'mann-whitney' | 'paired-permutation';
  /**
   * Side by side: the pairs tested. `meanD` is the mean of ln(head/base) (`log`) or of
   * head − base (`difference`, where a value was ≤ 0), with its confidence interval.
   */
  paired?: { n: number; scale: 'log' | 'difference'; meanD: number; lo: number | null; hi: number | null };
  /** p after the run's correction (equal to p for non-gating metrics or 'none'). */
  pAdjusted: number | null;
  verdict: MetricVerdict;
  /** One line on why (e.g. "significant but below the 5% minimum effect"). */
  note?: string;
  /** The judgement of the metric's expected change (GatingMetric.expect), when it declares one. */
  expectation?: ExpectationVerdict;
  /** The same metric in the confirmation round, when round 1 found it regressed (gate/confirm.ts). */
  round2?: { verdict: MetricVerdict; deltaPct: number | null; p: number | null; pAdjusted: number | null; n: number };
  /**
   * Side by side, when round 1 flagged the metric: round 1's one-sided p (did it get worse?),
   * maxT-adjusted over the family, which picked it for the confirmation round.
   */
  screen?: { pAdjusted: number };
  /**
   * Side by side, after a confirmation round: both rounds' pairs tested together, one-sided, at
   * `alpha` (the scenario's share of confirmAlpha). This test decides whether the metric fails.
   */
  pooled?: { deltaPct: number | null; p: number | null; pAdjusted: number | null; n: number; alpha: number };
}

export type ThresholdOutcome = 'pass' | 'warn' | 'fail' | 'no-data';

export interface ThresholdVerdict {
  metric: string;
  expression: string;
  warn?: string;
  /** The value judged (median over repetitions); null when no samples. */
  measured: number | null;
  unit: string;
  verdict: ThresholdOutcome;
}

export interface ScenarioComparison {
  name: string;
  metrics: MetricComparison[];
  thresholds: ThresholdVerdict[];
  /** Present on both sides? 'base-only' / 'head-only' scenarios are listed, not compared. */
  presence: 'both' | 'base-only' | 'head-only';
  /** This scenario's part of the gate's verdict (compare/verdict.ts); renderers show it as the scenario's badge. */
  verdict: GateVerdict;
}

export interface RunRef {
  runId: string;
  createdAt: string;
  profile: string;
  environment: Environment;
  repetitions: number;
}

/**
 * The gate's answer. `inconclusive`: the numbers cannot say whether the code changed, because the
 * machine changed under a comparison of stored numbers (the canary moved) or the load generator
 * was the bottleneck; never a FAIL (exit code 5). `measurement-failed`: a side was interrupted or
 * its repetitions were cut short (aborted, script error), so there is nothing to judge; never a
 * PASS (exit code 4, compare/measurement.ts).
 */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive' | 'measurement-failed';

/** How the two sides were measured. */
export type ComparisonMode =
  /** Base and head measured side by side, repetitions interleaved (`ab`, `gate --base-ref`). */
  | 'side-by-side'
  /** Head measured now, base read from a stored file measured at another time. */
  | 'stored';

/** One part of the canary compared between the two runs (compare/drift-guard.ts). */
export interface CanaryComponentCheck {
  /** `cpu loop` or `http latency`. */
  name: string;
  unit: string;
  base: SampleSummary;
  head: SampleSummary;
  /** Change of the machine's speed this part shows, in %: positive = the head's machine is slower. */
  slowerPct: number;
  /** Two-sided Mann–Whitney p of base vs head samples. */
  p: number;
  /** The part's own noise: the wider of the two medians' confidence half-widths, %; null when n is too small. */
  noisePct: number | null;
  changed: boolean;
  /** Why it counts as changed: its speed moved, or its own samples were too spread to trust. */
  why: 'moved' | 'unsteady' | null;
}

/** The drift guard's check of stored numbers: did the machine change between base and head? */
export interface DriftCheck {
  /** `unavailable`: a side has no canary (an older file, an import) or the canaries differ in version. */
  status: 'steady' | 'changed' | 'unavailable';
  /** The largest movement of any part, positive = slower; null when unavailable. */
  slowerPct: number | null;
  components: CanaryComponentCheck[];
  /** One line for people, e.g. `the machine changed (canary +23.0 %: http latency +23.0 %, p=0.0002)`. */
  summary: string;
}

/** Repetitions in which the load generator, not the service, was the bottleneck. */
export interface SaturationFinding {
  scenario: string;
  side: 'base' | 'head';
  /** Indices of the saturated repetitions. */
  repetitions: number[];
  /** Measured repetitions of that scenario on that side. */
  of: number;
  /** Why, one line per distinct reason, e.g. `VU thread busy 99 % of the time`. */
  reasons: string[];
  /** The saturated repetitions are left out; true when too few are left to compare (the gate is then inconclusive). */
  leavesTooFew: boolean;
}

/** The second, fresh round a regression must survive before it fails the gate (gate/confirm.ts). */
export interface ConfirmationRound {
  /** Round 2 on its own: the regressed metrics alone, compared on fresh repetitions. */
  comparison: Comparison;
  /** `scenario: metric stat` of every metric round 1 found regressed. */
  tested: string[];
  /** The ones that regressed again; only these fail the gate. */
  held: string[];
  /**
   * `fresh`: round 2 alone decides (stored numbers). `pooled`: side by side, both rounds' pairs
   * together decide, and round 2 alone must show the metric worse by its minimum effect. Absent in
   * older reports: fresh.
   */
  rule?: 'fresh' | 'pooled';
  /** `pooled`: the one-sided level at which round 1 flagged a metric, and round 2 alone must find it worse again. */
  screenAlpha?: number;
  /**
   * True when loadgate restarted the services it had started before round 2, so a process that
   * happened to be slow could not confirm itself. Absent: the same processes (a target given as a URL).
   */
  freshProcesses?: boolean;
}

export interface Comparison {
  settings: ComparisonSettings;
  /** @default 'stored' */
  mode?: ComparisonMode;
  base: RunRef | null;
  head: RunRef;
  /** True when base and head environment fingerprints differ. */
  environmentMismatch: boolean;
  scenarios: ScenarioComparison[];
  verdict: GateVerdict;
  /** Why, one line each: "baseline: http_req_duration p(95) regressed +23.1% (p=0.002)". */
  reasons: string[];
  /** What made a side not a measurement (interrupted, aborted repetitions); any makes the verdict `measurement-failed`. */
  measurement?: MeasurementProblem[];
  /** Stored comparisons: whether the machine changed between the runs (null: side by side, or no baseline). */
  drift?: DriftCheck | null;
  /** Repetitions where the load generator was the bottleneck (excluded from the comparison). */
  saturation?: SaturationFinding[];
  /** Present when round 1 found a regression and a confirmation round was measured. */
  confirmation?: ConfirmationRound;
  /** `worse`: a confirmation round, whose p-values are one-sided (did each metric get worse again?). */
  alternative?: 'worse';
}
