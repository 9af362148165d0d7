/**
 * The gate's verdict rule, in one place: every renderer and the CLI read the verdict and the
 * reasons decided here, never their own.
 *
 * - FAIL: a gating metric regressed (and, when a confirmation round was measured, regressed
 *   again in it), a gating metric's expected change was not verified, or a target threshold
 *   failed.
 * - INCONCLUSIVE: nothing failed, but the numbers cannot say whether the code changed: the
 *   machine changed between stored runs (the drift guard's canary moved), or the load
 *   generator was the bottleneck in so many repetitions of a scenario that too few were left.
 *   A regression seen across a changed machine is inconclusive, never a FAIL; a target
 *   threshold is judged on the run itself and can still fail.
 * - PASS otherwise.
 */
import { describeCorrection } from './correction.js';
import { describeExpectation } from './expected-change.js';
import type { ComparisonSettings, DriftCheck, GateVerdict, MetricComparison, SaturationFinding, ScenarioComparison } from './model.js';

export interface VerdictInput {
  settings: ComparisonSettings;
  scenarios: ScenarioComparison[];
  /** Size of the corrected family of gating metrics. */
  familySize: number;
  /** Stored comparisons: the drift guard's check; null side by side or without a baseline. */
  drift: DriftCheck | null;
  saturation: SaturationFinding[];
}

export function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** `+12.3%`, or `a → b unit` when there is no relative change. */
export function describeDelta(mc: MetricComparison): string {
  if (mc.deltaPct !== null) return `${mc.deltaPct >= 0 ? '+' : ''}${mc.deltaPct.toFixed(1)}%`;
  return `${mc.base?.center ?? '?'} → ${mc.head?.center ?? '?'}${mc.unit ? ` ${mc.unit}` : ''}`;
}

/** `+9.8% (p=0.002, n=8)` for a metric's confirmation round. */
export function describeRound2(r: NonNullable<MetricComparison['round2']>): string {
  const delta = r.deltaPct === null ? 'n/a' : `${r.deltaPct >= 0 ? '+' : ''}${r.deltaPct.toFixed(1)}%`;
  const p = r.pAdjusted ?? r.p;
  return `${delta} (${p === null ? 'no p' : `p=${fmtP(p)}`}, n=${r.n})`;
}

/** Decides the verdict and says why, one line per reason (failures first). */
export function decideVerdict(input: VerdictInput): { verdict: GateVerdict; reasons: string[] } {
  const { settings: s } = input;
  const machineChanged = input.drift?.status === 'changed';
  const failures: string[] = [];
  const doubts: string[] = [];
  const explainedByMachine: string[] = [];
  for (const sc of input.scenarios) {
    for (const mc of sc.metrics) {
      if (mc.verdict !== 'regressed' || !mc.gating) continue;
      const adj = mc.pAdjusted !== null && mc.pAdjusted !== mc.p ? `, adjusted p=${fmtP(mc.pAdjusted)}` : '';
      const again = mc.round2 ? `; regressed again in the confirmation round: ${describeRound2(mc.round2)}` : '';
      const line = `${sc.name}: ${mc.metric} ${mc.stat} regressed against the baseline ${describeDelta(mc)} (p=${fmtP(mc.p as number)}${adj}, ${describeCorrection(s.correction, input.familySize)})${again}`;
      if (machineChanged) explainedByMachine.push(`${sc.name}: ${mc.metric} ${mc.stat} ${describeDelta(mc)}`);
      else failures.push(line);
    }
    for (const mc of sc.metrics) {
      if (!mc.expectation || mc.expectation.met || !mc.gating) continue;
      const line = `${sc.name}: ${mc.metric} ${mc.stat} expected change not verified: ${describeExpectation(mc.expectation, mc.direction)}`;
      if (machineChanged) explainedByMachine.push(`${sc.name}: ${mc.metric} ${mc.stat} expected change not verified`);
      else failures.push(line);
    }
    for (const t of sc.thresholds) {
      if (t.verdict !== 'fail') continue;
      failures.push(`${sc.name}: threshold ${t.metric} ${t.expression} failed (measured ${t.measured}${t.unit ? ` ${t.unit}` : ''}, median over repetitions)`);
    }
  }
  if (machineChanged && input.drift) {
    const looked = explainedByMachine.length > 0 ? `; what looked regressed may be the machine: ${explainedByMachine.join('; ')}` : '';
    doubts.push(`inconclusive: ${input.drift.summary}, so the stored baseline cannot be compared with this run${looked}. Compare builds side by side (--base-ref) or re-save the baseline on this machine.`);
  }
  for (const f of input.saturation) {
    if (!f.leavesTooFew) continue;
    doubts.push(`inconclusive: ${f.scenario} [${f.side}]: the load generator was the bottleneck in ${f.repetitions.length} of ${f.of} repetitions (${f.reasons.join('; ')}), too few left to compare`);
  }
  if (failures.length > 0) return { verdict: 'fail', reasons: [...failures, ...doubts] };
  if (doubts.length > 0) return { verdict: 'inconclusive', reasons: doubts };
  return { verdict: 'pass', reasons: [] };
}
