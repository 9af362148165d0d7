/**
 * Confirm before failing: a regression found in round 1 fails the gate only when it holds in a
 * second round measured afresh (new interleaved pairs side by side; the canary and the head
 * again against stored numbers).
 *
 * Round 2 tests only the metrics round 1 found regressed, Holm-corrected over that smaller
 * family, on repetitions round 1 never saw. A false FAIL needs both rounds to reject a true
 * "no change": each round alone keeps that chance at or below alpha, so the whole procedure
 * does too (at about alpha² when the two rounds' noise is independent, at alpha when the
 * machine's state carries over from one round to the next). The README and bench/gate.ts
 * give the measured rates.
 */
import { compareRuns } from '../compare/compare-runs.js';
import type { Comparison, ComparisonSettings, MetricComparison, ScenarioComparison } from '../compare/model.js';
import { applyVerdict } from '../compare/verdict.js';
import type { ResultsFile } from '../results/results.js';

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
      } else {
        out.verdict = 'unconfirmed';
        out.note = 'regressed in round 1, not again in the confirmation round on fresh repetitions';
      }
      return out;
    }),
  }));
  const familySize = round1.scenarios.flatMap((sc) => sc.metrics).filter((mc) => mc.gating && mc.p !== null).length;
  const drift = round2.drift?.status === 'changed' ? round2.drift : (round1.drift ?? null);
  const saturation = [...(round1.saturation ?? []), ...(round2.saturation ?? [])];
  // A confirmation round that was interrupted or aborted confirms nothing: its problems count too.
  const measurement = [...(round1.measurement ?? []), ...(round2.measurement ?? []).map((m) => ({ ...m, text: `confirmation round: ${m.text}` }))];
  const { verdict, reasons } = applyVerdict({ settings: round1.settings, scenarios, familySize, drift, saturation, sideBySide: round1.mode === 'side-by-side', measurement });
  return {
    ...round1,
    scenarios,
    verdict,
    reasons,
    drift,
    saturation,
    measurement,
    confirmation: { comparison: round2, tested: tested.map(pickKey), held },
  };
}

function findMetric(c: Comparison, scenario: string, mc: MetricComparison): MetricComparison | undefined {
  return c.scenarios.find((s) => s.name === scenario)?.metrics.find((m) => m.metric === mc.metric && m.stat === mc.stat);
}
