/**
 * The Comparison model: pure data produced by compare, consumed by report and the CLI.
 * Everything a renderer needs is computed here; templates do no math.
 */
import type { Direction, Environment } from '../core/results.js';
import type { ExpectationVerdict } from './expected-change.js';

export type { ExpectationVerdict } from './expected-change.js';

export type Correction = 'none' | 'holm' | 'bh';

export interface ComparisonSettings {
  /** Significance level of the Mann–Whitney test. @default 0.05 */
  alpha: number;
  /** Confidence of the median's interval. @default 0.95 */
  confidence: number;
  /** Default minimum effect in % (per-metric values override). @default 5 */
  minEffectPct: number;
  /** Family-wise correction over the gating metrics of a run. @default 'holm' */
  correction: Correction;
}

/** Center and confidence interval of one side's samples (benchstat's "assume nothing"). */
export interface SampleSummary {
  n: number;
  /** The samples, in repetition order. */
  values: number[];
  /** Median. */
  center: number;
  /** CI bounds; null when n is too small for the confidence ("need >= 6 samples"). */
  lo: number | null;
  hi: number | null;
  /** max(hi/center − 1, 1 − lo/center) in %, null when no CI. */
  ciPct: number | null;
  /** E.g. "need >= 6 samples for confidence interval at level 0.95". */
  note?: string;
}

export type MetricVerdict = 'improved' | 'regressed' | 'unchanged' | 'insufficient-data' | 'missing';

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
  /** (head center / base center − 1) × 100; null when a side is missing or base is 0. */
  deltaPct: number | null;
  /** Raw two-sided Mann–Whitney p-value. */
  p: number | null;
  /** p after the run's correction (equal to p for non-gating metrics or 'none'). */
  pAdjusted: number | null;
  verdict: MetricVerdict;
  /** One line on why (e.g. "significant but below the 5% minimum effect"). */
  note?: string;
  /** The judgement of the metric's expected change (GatingMetric.expect), when it declares one. */
  expectation?: ExpectationVerdict;
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
}

export interface RunRef {
  runId: string;
  createdAt: string;
  profile: string;
  environment: Environment;
  repetitions: number;
}

export interface Comparison {
  settings: ComparisonSettings;
  base: RunRef | null;
  head: RunRef;
  /** True when base and head environment fingerprints differ. */
  environmentMismatch: boolean;
  scenarios: ScenarioComparison[];
  verdict: 'pass' | 'fail';
  /** Why, one line each: "baseline: http_req_duration p(95) regressed +23.1% (p=0.002)". */
  reasons: string[];
}
