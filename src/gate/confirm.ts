/**
 * Confirm before failing: a regression found in round 1 fails the gate only when it holds in a
 * second round measured afresh (new interleaved pairs side by side; the canary and the head
 * again against stored numbers).
 *
 * Against stored numbers (`confirmRegressions`) round 2 tests only the metrics round 1 found
 * regressed, corrected over that smaller family, on repetitions round 1 never saw. A false FAIL
 * needs both rounds to reject a true "no change", each at alpha.
 *
 * Side by side (`screenSideBySide`, `confirmSideBySide`) the rounds work as a screen and a
 * test. Round 1 flags every gating metric that looks worse at a lenient level (one-sided,
 * maxT-adjusted p <= SCREEN_ALPHA); round 2 measures fresh pairs of the flagged scenarios; a
 * flagged metric fails only when both rounds' pairs together show it worse at
 * confirmAlpha / K (one-sided sign-flip test, maxT over the scenario's gating metrics, K the
 * scenarios with gating metrics) and round 2 alone shows it worse by at least its minimum
 * effect (one-sided p <= SCREEN_ALPHA, uncorrected). Round 2 runs on freshly started services,
 * and a process can run a few per cent slower than its twin for its whole life: that bias is in
 * every pair it measures, which the pooled test cannot tell from a change of the build. Asking
 * round 2's fresh processes for the whole minimum effect on their own keeps one slow process
 * pair from carrying the pooled test. Why this keeps false FAILs at or below confirmAlpha when
 * processes are alike: had round 2 been measured
 * for every scenario whatever round 1 showed, each scenario's test over its 2n pairs would be
 * exact at confirmAlpha / K (the order inside every pair was random), so the chance that any of
 * the K rejects a true "no change" is at most confirmAlpha. The gate fails only when one of
 * them rejects, and measuring round 2 only when round 1 flagged something can only remove
 * failures. Why not two separate tests as for stored numbers: a 2n-pair test sees an effect
 * that two n-pair tests in a row miss (beside a neighbour spinning one of two cores, 1.2x is
 * caught in 89.5 % of resampled gates instead of 47 %: bench/gate.ts).
 */
import { compareRuns } from '../compare/compare-runs.js';
import type { Comparison, ComparisonSettings, MetricComparison, ScenarioComparison } from '../compare/model.js';
import { applyVerdict, describeDelta } from '../compare/verdict.js';
import type { ResultsFile, ScenarioResult } from '../results/results.js';

/** One gating metric of one scenario. */
export interface MetricPick {
  scenario: string;
  metric: string;
  stat: string;
}

/** `scenario: metric stat`, the key both rounds share. */
export function pickKey(p: MetricPick): string {
  return `${p.scenario}: ${p.metric} ${p.stat}`;
}

/**
 * The gating metrics round 1 found regressed. An expected change that was not verified is not
 * re-measured: a second chance to verify an improvement would make verifying it easier, not
 * the verdict safer.
 */
export function metricsToConfirm(comparison: Comparison): MetricPick[] {
  return comparison.scenarios.flatMap((sc) =>
    sc.metrics.filter((mc) => mc.gating && mc.verdict === 'regressed').map((mc) => ({ scenario: sc.name, metric: mc.metric, stat: mc.stat })),
  );
}

/** Names of the scenarios the picks belong to, in first-seen order. */
export function scenariosOf(picks: MetricPick[]): string[] {
  return [...new Set(picks.map((p) => p.scenario))];
}

/**
 * A results file reduced to the picked metrics: only their scenarios, and each scenario gating
 * on its picked metrics alone, so round 2's correction counts only what it re-tests. Threshold
 * verdicts are round 1's; round 2 judges none.
 */
export function restrictToMetrics(results: ResultsFile, picks: MetricPick[]): ResultsFile {
  const wanted = new Set(picks.map(pickKey));
  const scenarios = results.scenarios
    .filter((sc) => picks.some((p) => p.scenario === sc.name))
    .map((sc) => ({
      ...sc,
      thresholds: [],
      gating: sc.gating.filter((g) => wanted.has(pickKey({ scenario: sc.name, metric: g.metric, stat: g.stat }))),
    }));
  return { ...results, scenarios };
}

/**
 * Judges round 1's regressions on round 2's fresh results: the picked metrics alone, one-sided
 * (did each get worse again?), folded into round 1 by applyConfirmation. `base2` is the stored
 * baseline again, or the base side's fresh pairs side by side.
 */
export function confirmRegressions(round1: Comparison, base2: ResultsFile, head2: ResultsFile, settings: Partial<ComparisonSettings>): Comparison {
  const picks = metricsToConfirm(round1);
  const round2 = compareRuns(restrictToMetrics(base2, picks), restrictToMetrics(head2, picks), settings, 'worse');
  return applyConfirmation(round1, round2);
}

/**
 * Folds round 2 into round 1. A metric regressed in round 1 stays `regressed` only when round 2
 * regressed it again; otherwise it becomes `unconfirmed` and does not fail the gate. The
 * verdict is decided again by the one rule (compare/verdict.ts), with round 2's drift check
 * (the machine may have changed since round 1) and both rounds' saturation findings.
 */
export function applyConfirmation(round1: Comparison, round2: Comparison): Comparison {
  const tested = metricsToConfirm(round1);
  const held: string[] = [];
  const scenarios: ScenarioComparison[] = round1.scenarios.map((sc) => ({
    ...sc,
    metrics: sc.metrics.map((mc) => {
      const key = pickKey({ scenario: sc.name, metric: mc.metric, stat: mc.stat });
      if (!tested.some((p) => pickKey(p) === key)) return mc;
      const again = findMetric(round2, sc.name, mc);
      const out: MetricComparison = { ...mc };
      if (again) out.round2 = { verdict: again.verdict, deltaPct: again.deltaPct, p: again.p, pAdjusted: again.pAdjusted, n: again.head?.n ?? 0 };
      if (again?.verdict === 'regressed') {
        held.push(key);
      } else if (again?.verdict === 'too-noisy') {
        // Still worse by more than the minimum effect, only not significantly: not a pass either.
        out.verdict = 'too-noisy';
        out.note = `regressed in round 1; in the confirmation round ${again.note ?? 'worse, but not significantly'}`;
      } else {
        out.verdict = 'unconfirmed';
        out.note = 'regressed in round 1, not again in the confirmation round on fresh repetitions';
      }
      return out;
    }),
  }));
  const drift = round2.drift?.status === 'changed' ? round2.drift : (round1.drift ?? null);
  return { ...withBothRounds(round1, round2, scenarios, drift), confirmation: { comparison: round2, tested: tested.map(pickKey), held, rule: 'fresh' } };
}

/**
 * Round 1 with its metrics decided again (`scenarios`) and the verdict decided again by the one
 * rule (compare/verdict.ts), with both rounds' saturation findings and measurement problems.
 */
function withBothRounds(round1: Comparison, round2: Comparison, scenarios: ScenarioComparison[], drift: Comparison['drift']): Comparison {
  const familySize = round1.scenarios.flatMap((sc) => sc.metrics).filter((mc) => mc.gating && mc.p !== null).length;
  const saturation = [...(round1.saturation ?? []), ...(round2.saturation ?? [])];
  // A confirmation round that was interrupted or aborted confirms nothing: its problems count too.
  const measurement = [...(round1.measurement ?? []), ...(round2.measurement ?? []).map((m) => ({ ...m, text: `confirmation round: ${m.text}` }))];
  const { verdict, reasons } = applyVerdict({ settings: round1.settings, scenarios, familySize, drift: drift ?? null, saturation, sideBySide: round1.mode === 'side-by-side', measurement });
  return { ...round1, scenarios, verdict, reasons, drift: drift ?? null, saturation, measurement };
}

function findMetric(c: Comparison, scenario: string, mc: MetricComparison): MetricComparison | undefined {
  return c.scenarios.find((s) => s.name === scenario)?.metrics.find((m) => m.metric === mc.metric && m.stat === mc.stat);
}

/** Round 1's lenient level, side by side: a metric this likely to be worse is measured again. */
export const SCREEN_ALPHA = 0.2;

/** The screen's level for a comparison at `alpha`: never stricter than alpha itself. */
function screenLevel(alpha: number): number {
  return Math.max(SCREEN_ALPHA, alpha);
}

/**
 * Side by side, the gating metrics round 1 flags for a confirmation round: those it found
 * regressed, and those that look worse at SCREEN_ALPHA (one-sided, maxT-adjusted over the
 * family, and beyond their minimum effect). Marks the latter's `screen` on `round1`.
 */
export function screenSideBySide(round1: Comparison, base1: ResultsFile, head1: ResultsFile, settings: Partial<ComparisonSettings>): MetricPick[] {
  const picks = metricsToConfirm(round1);
  const screen = compareRuns(base1, head1, { ...settings, alpha: screenLevel(round1.settings.alpha) }, 'worse');
  for (const sc of screen.scenarios) {
    for (const mc of sc.metrics) {
      if (!mc.gating || mc.pAdjusted === null) continue;
      const own = findMetric(round1, sc.name, mc);
      if (own) own.screen = { pAdjusted: mc.pAdjusted };
      const pick = { scenario: sc.name, metric: mc.metric, stat: mc.stat };
      if (mc.verdict === 'regressed' && !picks.some((p) => pickKey(p) === pickKey(pick))) picks.push(pick);
    }
  }
  return picks;
}

/** Records on a confirmed comparison whether its round 2 measured restarted services. */
export function withFreshProcesses(comparison: Comparison, restarted: boolean): Comparison {
  if (!comparison.confirmation || !restarted) return comparison;
  return { ...comparison, confirmation: { ...comparison.confirmation, freshProcesses: true } };
}

/** The two rounds of one side-by-side gate: round 1's files and the confirmation round's. */
export interface SideBySideRounds {
  base1: ResultsFile;
  head1: ResultsFile;
  base2: ResultsFile;
  head2: ResultsFile;
}

/**
 * Side by side: decides the flagged metrics on both rounds' pairs together (see the top of this
 * file) and folds the outcome into round 1. A flagged metric that holds is `regressed`; one round
 * 1 had called regressed that does not hold is `unconfirmed`; one only the screen flagged keeps
 * round 1's verdict.
 */
export function confirmSideBySide(round1: Comparison, picks: MetricPick[], rounds: SideBySideRounds, settings: Partial<ComparisonSettings>): Comparison {
  const s = { ...round1.settings, ...settings };
  const gatedScenarios = round1.scenarios.filter((sc) => sc.metrics.some((mc) => mc.gating && mc.p !== null)).length;
  const level = s.confirmAlpha / Math.max(1, gatedScenarios);
  const screenAlpha = screenLevel(s.alpha);
  const alone = compareRuns(restrictToMetrics(rounds.base2, picks), restrictToMetrics(rounds.head2, picks), { ...settings, alpha: screenAlpha, correction: 'none' }, 'worse');
  const pooled = new Map<string, Comparison>();
  for (const name of scenariosOf(picks)) {
    const only = (f: ResultsFile): ResultsFile => ({ ...f, scenarios: f.scenarios.filter((sc) => sc.name === name) });
    pooled.set(name, compareRuns(only(joinRounds(rounds.base1, rounds.base2)), only(joinRounds(rounds.head1, rounds.head2)), { ...settings, alpha: level }, 'worse'));
  }
  const held: string[] = [];
  const regressedInRound1 = new Set(metricsToConfirm(round1).map(pickKey));
  const scenarios: ScenarioComparison[] = round1.scenarios.map((sc) => ({
    ...sc,
    metrics: sc.metrics.map((mc) => {
      const key = pickKey({ scenario: sc.name, metric: mc.metric, stat: mc.stat });
      if (!picks.some((p) => pickKey(p) === key)) return mc;
      const out: MetricComparison = { ...mc };
      const again = findMetric(alone, sc.name, mc);
      // Round 2 alone is judged on its own (raw) p, the one shown, and its own effect.
      if (again) out.round2 = { verdict: again.verdict, deltaPct: again.deltaPct, p: again.p, pAdjusted: again.p, n: again.paired?.n ?? again.head?.n ?? 0 };
      const both = findMetric(pooled.get(sc.name)!, sc.name, mc);
      if (both) out.pooled = { deltaPct: both.deltaPct, p: both.p, pAdjusted: both.pAdjusted, n: both.paired?.n ?? 0, alpha: level };
      const worseAgain = again?.verdict === 'regressed';
      // Worse again at the screen's level, yet by less than the minimum effect.
      const onlySlightly = !worseAgain && again?.p !== null && again?.p !== undefined && again.p <= screenAlpha && again.deltaPct !== null;
      if (both?.verdict === 'regressed' && worseAgain) {
        held.push(key);
        out.verdict = 'regressed';
        delete out.note;
      } else if (regressedInRound1.has(key)) {
        out.verdict = 'unconfirmed';
        out.note = worseAgain
          ? `regressed in round 1, but both rounds' pairs together do not show it at the confirmation level ${level}`
          : onlySlightly
            ? `regressed in round 1; in the confirmation round on fresh pairs ${describeDelta(again)}, less than the ${mc.minEffectPct}% minimum effect`
            : 'regressed in round 1, not again in the confirmation round on fresh pairs';
      } else {
        out.note = 'looked worse in round 1 (screen), not confirmed over both rounds';
      }
      return out;
    }),
  }));
  return { ...withBothRounds(round1, alone, scenarios, round1.drift), confirmation: { comparison: alone, tested: picks.map(pickKey), held, rule: 'pooled', screenAlpha } };
}

/** One side's two rounds as one file: round 2's repetitions numbered after round 1's, so pairs stay pairs. */
export function joinRounds(round1: ResultsFile, round2: ResultsFile): ResultsFile {
  const scenarios: ScenarioResult[] = round1.scenarios.map((sc) => {
    const more = round2.scenarios.find((x) => x.name === sc.name);
    if (!more) return sc;
    const offset = Math.max(-1, ...sc.repetitions.map((r) => r.index)) + 1;
    return { ...sc, repetitions: [...sc.repetitions, ...more.repetitions.map((r) => ({ ...r, index: r.index + offset }))] };
  });
  const sideBySide = round1.sideBySide && { ...round1.sideBySide, order: [...round1.sideBySide.order, ...(round2.sideBySide?.order ?? [])] };
  return { ...round1, scenarios, ...(sideBySide && { sideBySide }), complete: round1.complete && round2.complete };
}
