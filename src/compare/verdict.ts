/**
 * The gate's verdict rule, in one place: the CLI's exit code and every renderer's banner,
 * scenario badges, JUnit cases and sign-off checklist read the verdicts decided here.
 *
 * - FAIL: a gating metric regressed (and, when a confirmation round was measured, regressed
 *   again in it), a gating metric's expected change was not verified, or a target threshold
 *   failed or had no data to judge (no data is not a pass).
 * - INCONCLUSIVE: nothing failed, but the numbers cannot say whether the code changed: the
 *   machine changed between stored runs (the drift guard's canary moved), the load
 *   generator was the bottleneck in so many repetitions of a scenario that too few were left,
 *   or a gating metric measured worse by more than its minimum effect without being
 *   significant (`too-noisy`: a PASS there would vouch for a regression it could not see).
 *   Across a changed machine the whole baseline comparison is inconclusive, whichever way the
 *   numbers moved (a faster machine can hide a regression); target thresholds are judged on
 *   the run itself and can still fail.
 * - MEASUREMENT FAILED, before all of these: a side was interrupted, or a scenario's
 *   repetitions were cut short (aborted by the script, a script exception…; see
 *   compare/measurement.ts). Its numbers decide nothing, so neither PASS nor FAIL; exit 4.
 * - PASS otherwise.
 */
import { describeCorrection } from '../stats/correction.js';
import { describeExpectation } from '../stats/expected-change.js';
import type { MeasurementProblem } from './measurement.js';
import type { ComparisonSettings, DriftCheck, GateVerdict, MetricComparison, SaturationFinding, ScenarioComparison } from './model.js';

export interface VerdictInput {
  settings: ComparisonSettings;
  /** The scenarios; their `verdict` is ignored and decided here. */
  scenarios: Array<Omit<ScenarioComparison, 'verdict'>>;
  /** Size of the corrected family of gating metrics. */
  familySize: number;
  /** Side by side: p-values come from the paired permutation test. */
  sideBySide?: boolean;
  /** Stored comparisons: the drift guard's check; null side by side or without a baseline. */
  drift: DriftCheck | null;
  saturation: SaturationFinding[];
  /** Why a side is not a measurement (compare/measurement.ts); any makes the verdict `measurement-failed`. */
  measurement: MeasurementProblem[];
}

export interface VerdictDecision {
  verdict: GateVerdict;
  /** Why, one line each, failures first. */
  reasons: string[];
  /** Each scenario's verdict, by name. */
  scenarios: Map<string, GateVerdict>;
}

export function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** `+12.3%`, `-4.0%`. */
function signedPct(pct: number): string {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** `+12.3%`, or `a → b unit` when there is no relative change. */
export function describeDelta(mc: MetricComparison): string {
  if (mc.deltaPct !== null) return signedPct(mc.deltaPct);
  return `${mc.base?.center ?? '?'} → ${mc.head?.center ?? '?'}${mc.unit ? ` ${mc.unit}` : ''}`;
}

/** `+9.8% (one-sided p=0.002, n=8)` for a metric's confirmation round. */
export function describeRound2(r: NonNullable<MetricComparison['round2']>): string {
  const delta = r.deltaPct === null ? 'n/a' : signedPct(r.deltaPct);
  const p = r.pAdjusted ?? r.p;
  return `${delta} (${p === null ? 'no p' : `one-sided p=${fmtP(p)}`}, n=${r.n})`;
}

/** `+18.2% over both rounds (one-sided p=1.2e-4, 16 pairs, confirmation level 0.01)`. */
export function describePooled(r: NonNullable<MetricComparison['pooled']>): string {
  const delta = r.deltaPct === null ? 'n/a' : signedPct(r.deltaPct);
  const p = r.pAdjusted ?? r.p;
  return `${delta} over both rounds (${p === null ? 'no p' : `one-sided p=${fmtP(p)}`}, ${r.n} pairs, confirmation level ${r.alpha})`;
}

/** Decides (decideVerdict) and writes each scenario's verdict onto it, as a finished comparison carries it. */
export function applyVerdict(input: Omit<VerdictInput, 'scenarios'> & { scenarios: ScenarioComparison[] }): Pick<VerdictDecision, 'verdict' | 'reasons'> {
  const decision = decideVerdict(input);
  for (const sc of input.scenarios) sc.verdict = decision.scenarios.get(sc.name) ?? 'pass';
  return { verdict: decision.verdict, reasons: decision.reasons };
}

/** Decides the verdict of the whole comparison and of each scenario, and says why. */
export function decideVerdict(input: VerdictInput): VerdictDecision {
  const machineChanged = input.drift?.status === 'changed';
  const failures: string[] = [];
  const doubts: string[] = [];
  const explainedByMachine: string[] = [];
  const scenarios = new Map<string, GateVerdict>();
  for (const sc of input.scenarios) {
    const own = scenarioFailures(sc, input, machineChanged);
    failures.push(...own.failures);
    explainedByMachine.push(...own.explainedByMachine);
    // Too few repetitions left only matters where something was to be compared.
    const tooFew = sc.metrics.length > 0 ? input.saturation.filter((f) => f.scenario === sc.name && f.leavesTooFew) : [];
    for (const f of tooFew) {
      doubts.push(`inconclusive: ${f.scenario} [${f.side}]: the load generator was the bottleneck in ${f.repetitions.length} of ${f.of} repetitions (${f.reasons.join('; ')}), too few left to compare`);
    }
    // Across a changed machine the whole comparison is already in doubt, for the machine's reason.
    const noisy = machineChanged ? [] : sc.metrics.filter((mc) => mc.gating && mc.verdict === 'too-noisy');
    for (const mc of noisy) {
      doubts.push(`inconclusive: ${sc.name}: ${mc.metric} ${mc.stat} measured ${describeDelta(mc)}, worse by more than its ${mc.minEffectPct}% minimum effect, but not significantly (p=${fmtP((mc.pAdjusted ?? mc.p) as number)}): its repetitions are too noisy to rule out a regression. More repetitions (--count), or base and head side by side (--base-ref), can decide.`);
    }
    const doubtful = tooFew.length > 0 || noisy.length > 0 || (machineChanged && sc.presence === 'both' && sc.metrics.length > 0);
    const unmeasured = input.measurement.some((m) => m.scenario === null || m.scenario === sc.name);
    scenarios.set(sc.name, unmeasured ? 'measurement-failed' : own.failures.length > 0 ? 'fail' : doubtful ? 'inconclusive' : 'pass');
  }
  if (machineChanged && input.drift) {
    const looked = explainedByMachine.length > 0 ? `; what looked regressed may be the machine: ${explainedByMachine.join('; ')}` : '';
    doubts.unshift(`inconclusive: ${input.drift.summary}, so the stored baseline cannot be compared with this run${looked}. Compare builds side by side (--base-ref) or re-save the baseline on this machine.`);
  }
  if (input.measurement.length > 0) {
    const problems = input.measurement.map((m) => `measurement failed: ${m.text}`);
    return { verdict: 'measurement-failed', reasons: [...problems, ...failures, ...doubts], scenarios };
  }
  if (failures.length > 0) return { verdict: 'fail', reasons: [...failures, ...doubts], scenarios };
  if (doubts.length > 0) return { verdict: 'inconclusive', reasons: doubts, scenarios };
  return { verdict: 'pass', reasons: [], scenarios };
}

function scenarioFailures(sc: VerdictInput['scenarios'][number], input: VerdictInput, machineChanged: boolean): { failures: string[]; explainedByMachine: string[] } {
  const s = input.settings;
  const failures: string[] = [];
  const explainedByMachine: string[] = [];
  for (const mc of sc.metrics) {
    if (mc.verdict !== 'regressed' || !mc.gating) continue;
    if (machineChanged) {
      explainedByMachine.push(`${sc.name}: ${mc.metric} ${mc.stat} ${describeDelta(mc)}`);
      continue;
    }
    if (mc.pooled) {
      failures.push(`${sc.name}: ${mc.metric} ${mc.stat} regressed against the baseline ${describePooled(mc.pooled)}; round 1 ${describeDelta(mc)}${mc.round2 ? `, round 2 alone ${describeRound2(mc.round2)}` : ''}`);
      continue;
    }
    const adj = mc.pAdjusted !== null && mc.pAdjusted !== mc.p ? `, adjusted p=${fmtP(mc.pAdjusted)}` : '';
    const again = mc.round2 ? `; regressed again in the confirmation round: ${describeRound2(mc.round2)}` : '';
    failures.push(`${sc.name}: ${mc.metric} ${mc.stat} regressed against the baseline ${describeDelta(mc)} (p=${fmtP(mc.p as number)}${adj}, ${describeCorrection(s.correction, input.familySize, input.sideBySide)})${again}`);
  }
  for (const mc of sc.metrics) {
    if (!mc.expectation || mc.expectation.met || !mc.gating) continue;
    if (machineChanged) explainedByMachine.push(`${sc.name}: ${mc.metric} ${mc.stat} expected change not verified`);
    else failures.push(`${sc.name}: ${mc.metric} ${mc.stat} expected change not verified: ${describeExpectation(mc.expectation, mc.direction)}`);
  }
  for (const t of sc.thresholds) {
    if (t.verdict === 'fail') {
      failures.push(`${sc.name}: threshold ${t.metric} ${t.expression} failed (measured ${t.measured}${t.unit ? ` ${t.unit}` : ''}, median over repetitions)`);
    } else if (t.verdict === 'no-data') {
      failures.push(`${sc.name}: threshold ${t.metric} ${t.expression} had no data: the metric got no samples, and no data is not a pass`);
    }
  }
  return { failures, explainedByMachine };
}
