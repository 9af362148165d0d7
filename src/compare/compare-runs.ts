/**
 * Compares a run (head) with its baseline (base): per scenario and gating metric, the
 * samples are one value per repetition; each side is summarized (median, CI), the
 * change tested (two-sided Mann–Whitney U), the p-values corrected over the run's
 * family of gating metrics, and a verdict given with the metric's direction and noise
 * floor. Target thresholds are judged on the head run alone.
 */
import { UsageError } from '../core/errors.js';
import type { GatingMetric, ResultsFile, ScenarioResult } from '../results/results.js';
import { adjustPValues } from '../stats/correction.js';
import { DEFAULT_MIN_EFFECT_PCT, defaultGatingMetrics } from '../results/default-gating.js';
import { judgeDrift } from './drift-guard.js';
import { judgeExpectation } from '../stats/expected-change.js';
import { mannWhitneyU, minSamplesToDetect, tooFewSamplesNote } from '../stats/mann-whitney.js';
import { pairedPermutationTest, type PairedSeries } from '../stats/paired-permutation.js';
import { pairedTest } from '../stats/paired-t.js';
import { findSaturation } from './saturation.js';
import { summarizeSamples } from '../stats/median-ci.js';
import { repetitionValue, summaryMetric, unitOf } from '../results/metric-values.js';
import type { Comparison, ComparisonMode, ComparisonSettings, MetricComparison, RunRef, SaturationFinding, ScenarioComparison } from './model.js';
import { judgeThresholds } from './thresholds.js';
import { applyVerdict, fmtP } from './verdict.js';
import { measurementProblems } from './measurement.js';

/**
 * The comparator's defaults (STATISTICS.md), the one copy: compareRuns fills a partial
 * settings object from it, and resolveConfig (config/) lays loadgate.config.ts's `compare` over it.
 */
export const DEFAULT_COMPARISON_SETTINGS: Readonly<ComparisonSettings> = Object.freeze({ alpha: 0.05, confidence: 0.95, minEffectPct: DEFAULT_MIN_EFFECT_PCT, correction: 'holm', confirmAlpha: 0.005 });

function resolveSettings(partial: Partial<ComparisonSettings>): ComparisonSettings {
  const s = { ...DEFAULT_COMPARISON_SETTINGS, ...partial };
  if (!(s.alpha > 0 && s.alpha < 1)) throw new UsageError(`comparison alpha must be between 0 and 1 (exclusive), got ${s.alpha}`);
  if (!(s.confirmAlpha > 0 && s.confirmAlpha < 1)) throw new UsageError(`comparison confirmAlpha must be between 0 and 1 (exclusive), got ${s.confirmAlpha}`);
  if (!(s.confidence > 0 && s.confidence < 1)) throw new UsageError(`comparison confidence must be between 0 and 1 (exclusive), got ${s.confidence}`);
  if (!(s.minEffectPct >= 0)) throw new UsageError(`comparison minEffectPct must be >= 0 (a percentage), got ${s.minEffectPct}`);
  if (!['none', 'holm', 'bh'].includes(s.correction)) {
    throw new UsageError(`comparison correction must be one of none, holm, bh; got ${String(s.correction)}`);
  }
  return s;
}

function runRef(run: ResultsFile): RunRef {
  return {
    runId: run.runId,
    createdAt: run.createdAt,
    profile: run.profile,
    environment: run.environment,
    repetitions: Math.max(0, ...run.scenarios.map((s) => s.repetitions.length)),
  };
}

const metricKey = (g: GatingMetric): string => `${g.metric}\u0000${g.stat}`;

/** Gating metrics of a scenario pair: head's definitions first, then base-only ones; defaults when none. */
function gatingFor(base: ScenarioResult | undefined, head: ScenarioResult | undefined): GatingMetric[] {
  const seen = new Map<string, GatingMetric>();
  for (const g of [...(head?.gating ?? []), ...(base?.gating ?? [])]) if (!seen.has(metricKey(g))) seen.set(metricKey(g), g);
  return seen.size > 0 ? [...seen.values()] : defaultGatingMetrics();
}

function samplesOf(scenario: ScenarioResult | undefined, g: GatingMetric): number[] {
  if (!scenario) return [];
  return scenario.repetitions.flatMap((rep) => {
    const v = repetitionValue(rep, g.metric, g.stat);
    return v === undefined ? [] : [v];
  });
}

function unitFor(scenarios: Array<ScenarioResult | undefined>, g: GatingMetric): string {
  for (const s of scenarios) {
    for (const rep of s?.repetitions ?? []) {
      const m = summaryMetric(rep, g.metric);
      if (m) return unitOf(m, g.stat);
    }
  }
  return '';
}

/** The values of both sides at the repetition indices both measured: the pairs of a side-by-side run, with their rounds. */
function pairsOf(base: ScenarioResult, head: ScenarioResult, g: GatingMetric): { base: number[]; head: number[]; rounds: number[] } {
  const headByIndex = new Map(head.repetitions.map((rep) => [rep.index, repetitionValue(rep, g.metric, g.stat)]));
  const out = { base: [] as number[], head: [] as number[], rounds: [] as number[] };
  for (const rep of base.repetitions) {
    const b = repetitionValue(rep, g.metric, g.stat);
    const h = headByIndex.get(rep.index);
    if (b === undefined || h === undefined) continue;
    out.base.push(b);
    out.head.push(h);
    out.rounds.push(rep.index);
  }
  return out;
}

/** Each paired metric's differences by round, for the family's permutation test. */
const pairedSeries = new WeakMap<MetricComparison, PairedSeries>();

/**
 * Side by side: the change as the geometric mean of the pairs' ratios head/base with its t
 * interval (compare/paired-t.ts); p comes from the family's permutation test (permuteFamily).
 * The sides' medians stay for display.
 */
function measurePaired(mc: MetricComparison, base: ScenarioResult, head: ScenarioResult, g: GatingMetric, s: ComparisonSettings): void {
  const pairs = pairsOf(base, head, g);
  const t = pairedTest(pairs.base, pairs.head, s.confidence);
  mc.test = 'paired-permutation';
  mc.paired = { n: t.n, scale: t.scale, meanD: t.meanD, lo: t.lo, hi: t.hi };
  // Student's p marks the metric as tested (it joins the family); permuteFamily replaces it.
  mc.p = t.p;
  // Indexed by round, so one sign pattern flips the same pairs in every metric.
  const d: Array<number | undefined> = [];
  pairs.rounds.forEach((r, i) => (d[r] = t.d[i]));
  pairedSeries.set(mc, { d });
  if (t.scale === 'log') mc.deltaPct = (Math.exp(t.meanD) - 1) * 100;
  else if (mc.base && mc.base.center !== 0) mc.deltaPct = (t.meanD / Math.abs(mc.base.center)) * 100;
  else mc.deltaPct = t.meanD === 0 ? 0 : null;
}

/** A comparison before the verdict (p not yet corrected); null when the metric is on neither side. */
function measureMetric(
  base: ScenarioResult | undefined,
  head: ScenarioResult | undefined,
  g: GatingMetric,
  s: ComparisonSettings,
  mode: ComparisonMode,
  alternative: Alternative,
): MetricComparison | null {
  const baseValues = samplesOf(base, g);
  const headValues = samplesOf(head, g);
  if (baseValues.length === 0 && headValues.length === 0) return null;
  const mc: MetricComparison = {
    metric: g.metric,
    stat: g.stat,
    unit: unitFor([head, base], g),
    direction: g.direction,
    minEffectPct: g.minEffectPct ?? s.minEffectPct,
    gating: g.gate,
    base: baseValues.length > 0 ? summarizeSamples(baseValues, s.confidence) : null,
    head: headValues.length > 0 ? summarizeSamples(headValues, s.confidence) : null,
    deltaPct: null,
    p: null,
    pAdjusted: null,
    verdict: 'missing',
  };
  if (g.expect) mc.expectation = judgeExpectation(baseValues, headValues, g.expect, g.direction, s.confidence);
  if (!mc.base || !mc.head) {
    mc.note = mc.base ? 'not measured in this run (only in the baseline)' : 'not in the baseline (new metric)';
    return mc;
  }
  if (mode === 'side-by-side' && base && head) {
    measurePaired(mc, base, head, g, s);
    return mc;
  }
  if (mc.base.center !== 0) mc.deltaPct = (mc.head.center / mc.base.center - 1) * 100;
  else if (mc.head.center === 0) mc.deltaPct = 0;
  mc.test = 'mann-whitney';
  const twoSided = mannWhitneyU(baseValues, headValues).p;
  // U's null distribution is symmetric: the one-sided p is half the two-sided one in the observed direction.
  mc.p = alternative === 'worse' ? (isWorse(mc.direction, mc.head.center - mc.base.center) ? twoSided / 2 : 1 - twoSided / 2) : twoSided;
  return mc;
}

/** Whether a change of this sign is the bad direction for the metric. */
function isWorse(direction: MetricComparison['direction'], change: number): boolean {
  return direction === 'lower' ? change > 0 : change < 0;
}

/**
 * Side by side: every paired metric's p from the sign-flip permutation of the pairs, and the
 * gating family adjusted by Westfall–Young maxT (for `holm`), Benjamini–Hochberg on the
 * permutation p-values (`bh`), or not at all (`none`).
 */
function permuteFamily(all: MetricComparison[], family: MetricComparison[], s: ComparisonSettings, alternative: Alternative): void {
  const gating = family.filter((mc) => pairedSeries.has(mc));
  const others = all.filter((mc) => pairedSeries.has(mc) && !gating.includes(mc));
  // A confirmation round asks one thing per metric: did it get worse again?
  const seriesOf = (mc: MetricComparison): PairedSeries => ({ ...pairedSeries.get(mc)!, ...(alternative === 'worse' && { direction: mc.direction === 'lower' ? 1 : -1 }) });
  const tested = pairedPermutationTest(gating.map(seriesOf));
  gating.forEach((mc, i) => (mc.p = tested.p[i]!));
  const adjusted = s.correction === 'holm' ? tested.pAdjusted : adjustPValues(tested.p, s.correction);
  gating.forEach((mc, i) => (mc.pAdjusted = adjusted[i] ?? null));
  const single = pairedPermutationTest(others.map(seriesOf));
  others.forEach((mc, i) => {
    mc.p = single.p[i]!;
    mc.pAdjusted = mc.p;
  });
}

/** Fewest pairs a paired t-test is given: with 2 the interval is too wide to mean anything. */
const MIN_PAIRS = 3;

/** The size of the change compared with the minimum effect, %, and whether head is above base. */
function changeOf(mc: MetricComparison, g: GatingMetric): { effect: number; up: boolean } {
  const base = mc.base as NonNullable<MetricComparison['base']>;
  const head = mc.head as NonNullable<MetricComparison['head']>;
  if (mc.paired?.scale === 'log') return { effect: Math.abs(Math.exp(mc.paired.meanD) - 1) * 100, up: mc.paired.meanD > 0 };
  if (mc.paired) return { effect: effectPct(base.center, base.center + mc.paired.meanD, g.effectFloor ?? 0), up: mc.paired.meanD > 0 };
  return { effect: effectPct(base.center, head.center, g.effectFloor ?? 0), up: head.center > base.center };
}

/** |head − base| in % of max(|base|, floor): the size compared with the minimum effect. */
export function effectPct(baseCenter: number, headCenter: number, effectFloor = 0): number {
  const diff = Math.abs(headCenter - baseCenter);
  if (diff === 0) return 0;
  const scale = Math.max(Math.abs(baseCenter), effectFloor);
  return scale === 0 ? Infinity : (diff / scale) * 100;
}


/**
 * Stored numbers only: side by side, pairs cancel the machine's drift and a metric that looks
 * worse is measured again before anything is decided (gate/confirm.ts, the screen).
 */
function decide(mc: MetricComparison, g: GatingMetric, s: ComparisonSettings, mode: ComparisonMode): void {
  if (!mc.base || !mc.head || mc.p === null) return;
  const p = mc.pAdjusted ?? mc.p;
  const tooFew = mc.paired
    ? mc.paired.n < MIN_PAIRS
      ? `need >= ${MIN_PAIRS} pairs to test a difference`
      : null
    : tooFewSamplesNote(mc.base.n, mc.head.n, mc.p, s.alpha);
  if (tooFew) {
    mc.verdict = 'insufficient-data';
    mc.note = tooFew;
    return;
  }
  if (p > s.alpha) {
    const { effect, up } = changeOf(mc, g);
    if (mode === 'stored' && up !== (mc.direction === 'higher') && effect >= mc.minEffectPct && Number.isFinite(effect)) {
      // Worse by more than the minimum effect, yet not significant: the repetitions cannot tell
      // a regression of that size from noise, so "unchanged" would be a guess (verdict.ts).
      mc.verdict = 'too-noisy';
      mc.note = `${effect.toFixed(1)}% worse, beyond the ${mc.minEffectPct}% minimum effect, but not significant (p=${fmtP(p)}${p !== mc.p ? `, unadjusted ${fmtP(mc.p)}` : ''}): too noisy to tell a regression from noise`;
      return;
    }
    mc.verdict = 'unchanged';
    if (mc.pAdjusted !== null && mc.pAdjusted !== mc.p && mc.p <= s.alpha) {
      mc.note = `p=${fmtP(mc.p)} is not significant after ${s.correction === 'bh' ? 'Benjamini–Hochberg' : 'Holm–Bonferroni'} correction (adjusted p=${fmtP(p)})`;
    }
    return;
  }
  const { effect, up } = changeOf(mc, g);
  if (effect < mc.minEffectPct) {
    mc.verdict = 'unchanged';
    mc.note = `significant (p=${fmtP(p)}) but below the ${mc.minEffectPct}% minimum effect`;
    return;
  }
  mc.verdict = up === (mc.direction === 'higher') ? 'improved' : 'regressed';
}


function scenarioNames(base: ResultsFile | null, head: ResultsFile): string[] {
  const names = head.scenarios.map((s) => s.name);
  for (const s of base?.scenarios ?? []) if (!names.includes(s.name)) names.push(s.name);
  return names;
}

/**
 * Compares head with base (null: no baseline, thresholds only). Verdict 'fail' when a
 * gating metric regressed or a threshold failed; `reasons` say which, one line each.
 * @param settings partial settings over DEFAULT_COMPARISON_SETTINGS
 */
/**
 * `two-sided`: did the metric change either way (the default). `worse`: did it get worse — a
 * confirmation round re-testing what round 1 found regressed, on fresh repetitions (one-sided).
 */
export type Alternative = 'two-sided' | 'worse';

export function compareRuns(base: ResultsFile | null, head: ResultsFile, settings: Partial<ComparisonSettings> = {}, alternative: Alternative = 'two-sided'): Comparison {
  const s = resolveSettings(settings);
  const mode = comparisonMode(base, head);
  const scenarios: ScenarioComparison[] = [];
  const saturation: SaturationFinding[] = [];
  const gatingOf = new Map<MetricComparison, GatingMetric>();
  for (const name of scenarioNames(base, head)) {
    const allBase = base?.scenarios.find((x) => x.name === name);
    const allHead = head.scenarios.find((x) => x.name === name);
    const presence = allBase && allHead ? 'both' : allHead ? 'head-only' : 'base-only';
    const kept = withoutSaturated(allBase, allHead, mode, s.alpha);
    saturation.push(...kept.findings);
    const { base: b, head: h } = kept;
    const metrics: MetricComparison[] = [];
    if (base) {
      for (const g of gatingFor(b, h)) {
        const mc = measureMetric(b, h, g, s, mode, alternative);
        if (!mc) continue;
        if (!b || !h) mc.note = b ? 'scenario not run in this run' : 'scenario not in the baseline';
        metrics.push(mc);
        gatingOf.set(mc, g);
      }
    }
    // Target thresholds judge everything the run measured; a saturation warning beside a failed one says who may share the blame.
    scenarios.push({ name, metrics, thresholds: allHead ? judgeThresholds(allHead) : [], presence, verdict: 'pass' });
  }
  const all = scenarios.flatMap((sc) => sc.metrics);
  const family = all.filter((mc) => mc.gating && mc.p !== null);
  if (mode === 'side-by-side') permuteFamily(all, family, s, alternative);
  else {
    const adjusted = adjustPValues(family.map((mc) => mc.p), s.correction);
    family.forEach((mc, i) => (mc.pAdjusted = adjusted[i] ?? null));
  }
  for (const mc of all) {
    if (mc.pAdjusted === null) mc.pAdjusted = mc.p;
    decide(mc, gatingOf.get(mc) as GatingMetric, s, mode);
  }
  const comparison = finish(s, base, head, scenarios, family.length, mode, saturation);
  if (alternative === 'worse') comparison.alternative = 'worse';
  return comparison;
}

/**
 * The scenario's repetitions without those where the load generator was the bottleneck
 * (compare/saturation.ts). Side by side a saturated repetition takes its pair partner with it,
 * so the pairs stay pairs. A side left with fewer repetitions than a test can ever judge makes
 * the scenario inconclusive (`leavesTooFew`).
 */
function withoutSaturated(
  base: ScenarioResult | undefined,
  head: ScenarioResult | undefined,
  mode: ComparisonMode,
  alpha: number,
): { base: ScenarioResult | undefined; head: ScenarioResult | undefined; findings: SaturationFinding[] } {
  const findings = [base && findSaturation(base, 'base', alpha), head && findSaturation(head, 'head', alpha)].filter((f): f is SaturationFinding => Boolean(f));
  if (findings.length === 0) return { base, head, findings };
  const drop = (sc: ScenarioResult | undefined, indices: Set<number>): ScenarioResult | undefined => sc && { ...sc, repetitions: sc.repetitions.filter((r) => !indices.has(r.index)) };
  if (mode === 'side-by-side') {
    const pairs = new Set(findings.flatMap((f) => f.repetitions));
    const left = Math.min(base?.repetitions.length ?? 0, head?.repetitions.length ?? 0) - pairs.size;
    const tooFew = left < (minSamplesToDetect(alpha) ?? Infinity);
    return { base: drop(base, pairs), head: drop(head, pairs), findings: findings.map((f) => ({ ...f, leavesTooFew: tooFew })) };
  }
  const of = (side: 'base' | 'head'): Set<number> => new Set(findings.find((f) => f.side === side)?.repetitions ?? []);
  return { base: drop(base, of('base')), head: drop(head, of('head')), findings };
}

/** Side by side when the two files are the two sides of one interleaved run; else the base is stored numbers. */
export function comparisonMode(base: ResultsFile | null, head: ResultsFile): ComparisonMode {
  const b = base?.sideBySide;
  const h = head.sideBySide;
  return b && h && b.otherRunId === head.runId && h.otherRunId === base.runId ? 'side-by-side' : 'stored';
}

function finish(
  s: ComparisonSettings,
  base: ResultsFile | null,
  head: ResultsFile,
  scenarios: ScenarioComparison[],
  familySize: number,
  mode: ComparisonMode,
  saturation: SaturationFinding[],
): Comparison {
  const drift = base && mode === 'stored' ? judgeDrift(base.canary, head.canary) : null;
  const measurement = [...(base ? measurementProblems(base, 'base') : []), ...measurementProblems(head, base ? 'head' : undefined)];
  const { verdict, reasons } = applyVerdict({ settings: s, scenarios, familySize, drift, saturation, sideBySide: mode === 'side-by-side', measurement });
  return {
    settings: s,
    mode,
    base: base ? runRef(base) : null,
    head: runRef(head),
    environmentMismatch: base !== null && base.environment.fingerprint !== head.environment.fingerprint,
    scenarios,
    verdict,
    reasons,
    drift,
    saturation,
    measurement,
  };
}
