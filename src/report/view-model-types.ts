/**
 * The report view model: everything a template shows, already computed and formatted.
 * Templates only place these strings; they do no math and make no decisions.
 * It is also the JSON report, so it stays plain data (no functions, no Dates).
 */

/** A verdict ready to show: a CSS tone for colour AND a word, never colour alone. */
export interface VerdictBadge {
  /** `good` (green), `bad` (red), `warn` (amber), `neutral` (grey). */
  tone: 'good' | 'bad' | 'warn' | 'neutral';
  /** The word shown: "pass", "fail", "regressed", "no data"… */
  word: string;
  /** A one-character symbol printed before the word (✓ ✗ ! ~ ?). */
  symbol: string;
}

export interface EnvironmentRowVm {
  label: string;
  base: string;
  head: string;
  /** True when this field differs between base and head (and decides comparability). */
  differs: boolean;
}

export interface SettingVm {
  label: string;
  value: string;
}

export interface ThresholdRowVm {
  metric: string;
  target: string;
  warnLevel: string;
  measured: string;
  verdict: VerdictBadge;
}

/** Per-repetition dots of one metric, base vs head, in a small inline SVG. */
export interface DotStripVm {
  width: number;
  height: number;
  dots: Array<{ cx: number; cy: number; side: 'base' | 'head'; title: string }>;
  medians: Array<{ x: number; y1: number; y2: number; side: 'base' | 'head' }>;
}

export interface ComparisonRowVm {
  metric: string;
  stat: string;
  base: string;
  baseCi: string;
  head: string;
  headCi: string;
  delta: string;
  p: string;
  /** Holm/BH-adjusted p when it differs from p, else empty. */
  pAdjusted: string;
  n: string;
  gating: boolean;
  verdict: VerdictBadge;
  note: string;
  dots: DotStripVm | null;
  /** A required change (config `expect`) and whether its ratio interval verified it; null when none. */
  expectation: ExpectationVm | null;
}

export interface ExpectationVm {
  /** "expected at most 0.5× the baseline, measured 0.42× (95% CI 0.38×–0.47×)". */
  text: string;
  verdict: VerdictBadge;
}

export interface ChartTickVm {
  pos: number;
  label: string;
}

export interface ChartSeriesVm {
  label: string;
  /** `base`, `head`, or `head-alt` (other repetitions); decides the stroke colour in CSS. */
  side: 'base' | 'head' | 'head-alt' | 'base-alt';
  /** SVG path data in chart coordinates. */
  path: string;
  dashed: boolean;
}

export interface ChartVm {
  id: string;
  title: string;
  caption: string;
  width: number;
  height: number;
  plot: { x: number; y: number; w: number; h: number; right: number; bottom: number };
  xLabel: string;
  yLabel: string;
  xTicks: ChartTickVm[];
  yTicks: ChartTickVm[];
  series: ChartSeriesVm[];
  legend: Array<{ label: string; side: ChartSeriesVm['side']; dashed: boolean }>;
}

export interface CheckRowVm {
  /** Group path, e.g. "health › items" (empty for the root). */
  group: string;
  name: string;
  kind: 'group' | 'check';
  /** Same as kind === 'group', for templates (which make no comparisons). */
  isGroup: boolean;
  /** Left indent of the row in px, from the group depth. */
  indentPx: number;
  depth: number;
  passes: string;
  fails: string;
  passRate: string;
  verdict: VerdictBadge;
}

export interface ErrorKindVm {
  kind: string;
  count: string;
  repetitions: string;
  example: string;
}

export interface RepetitionRowVm {
  index: string;
  duration: string;
  exitCode: string;
  requests: string;
  rps: string;
  p95: string;
  failed: string;
  dropped: string;
  errors: string;
}

export interface DataLossVm {
  metric: string;
  /** "0 records lost in 6 repetitions" */
  statement: string;
  verdict: VerdictBadge;
  /** Related counters (sent, stored…) for context. */
  related: SettingVm[];
  perRepetition: string;
}

export interface ScenarioVm {
  name: string;
  anchor: string;
  file: string;
  presence: string;
  /** Why there is no baseline table, or empty. */
  baselineNote: string;
  verdict: VerdictBadge;
  headline: SettingVm[];
  thresholds: ThresholdRowVm[];
  comparisons: ComparisonRowVm[];
  changedCount: number;
  charts: ChartVm[];
  checks: CheckRowVm[];
  errors: ErrorKindVm[];
  droppedIterations: string;
  repetitions: RepetitionRowVm[];
  dataLoss: DataLossVm[];
}

export interface ChecklistItemVm {
  label: string;
  detail: string;
  verdict: VerdictBadge;
}

export interface TrendSeriesVm {
  label: string;
  latest: string;
  points: string;
  chart: ChartVm;
}

export interface SignOffVm {
  version: string;
  date: string;
  commit: string;
  branch: string;
  ready: boolean;
  verdict: VerdictBadge;
  checklist: ChecklistItemVm[];
  trend: TrendSeriesVm[];
  trendNote: string;
}

/** How far the verdict can be trusted: how it was measured, the canary, the second round, the generator. */
export interface EvidenceVm {
  /** One sentence on how base and head were measured. */
  method: string;
  /** The drift guard's check of a stored comparison; null side by side, without a baseline, or when unavailable. */
  drift: {
    verdict: VerdictBadge;
    summary: string;
    rows: Array<{ part: string; base: string; head: string; slower: string; p: string; verdict: VerdictBadge }>;
  } | null;
  /** Why the drift guard could not check (an older baseline without a canary), or empty. */
  driftNote: string;
  /** The confirmation round, when round 1 found a regression. */
  confirmation: {
    summary: string;
    /** Side by side: both rounds' pairs together decided (a `both` column). */
    pooled: boolean;
    rows: Array<{ scenario: string; metric: string; round1: string; round2: string; both: string; verdict: VerdictBadge }>;
  } | null;
  /** Repetitions left out because the load generator was the bottleneck. */
  saturation: Array<{ scenario: string; side: string; text: string; verdict: VerdictBadge }>;
}

export interface ReportViewModel {
  title: string;
  generatedAt: string;
  tool: string;
  banner: { verdict: VerdictBadge; headline: string; reasons: string[] };
  /** Why a side is not a measurement (interrupted, aborted repetitions); empty when both were measured. */
  measurementProblems: string[];
  hasBaseline: boolean;
  noBaselineNote: string;
  runs: { head: SettingVm[]; base: SettingVm[] | null };
  environment: { rows: EnvironmentRowVm[]; mismatch: boolean; warning: string };
  settings: SettingVm[];
  evidence: EvidenceVm;
  totals: {
    scenarios: number;
    thresholds: number;
    thresholdsFailed: number;
    comparisons: number;
    regressions: number;
    improvements: number;
  };
  scenarios: ScenarioVm[];
  signOff: SignOffVm | null;
}
