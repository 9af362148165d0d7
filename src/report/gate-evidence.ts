/**
 * What makes a verdict trustworthy, for the reader: how the two sides were measured, the
 * drift guard's canary (stored comparisons), the confirmation round, and repetitions where
 * the load generator was the bottleneck.
 */
import type { Comparison, DriftCheck, MetricComparison } from '../compare/model.js';
import { describeDelta, describePooled, describeRound2 } from '../compare/verdict.js';
import { gateBadge } from './badges.js';
import { cleanText, formatCi, formatDelta, formatP, formatValue, plural } from './format.js';
import type { EvidenceVm, VerdictBadge } from './view-model-types.js';

/** The evidence section of the view model. */
export function buildEvidenceVm(comparison: Comparison): EvidenceVm {
  return {
    method: cleanText(methodText(comparison)),
    drift: comparison.drift && comparison.drift.status !== 'unavailable' ? driftVm(comparison.drift) : null,
    driftNote: comparison.drift?.status === 'unavailable' ? cleanText(comparison.drift.summary) : '',
    confirmation: confirmationVm(comparison),
    saturation: (comparison.saturation ?? []).map((f) => ({
      scenario: cleanText(f.scenario),
      side: f.side,
      text: cleanText(`${f.repetitions.length} of ${f.of} repetitions (${f.repetitions.map((i) => i + 1).join(', ')}) left out: ${f.reasons.join('; ')}${f.leavesTooFew ? '; too few left to compare' : ''}`),
      verdict: f.leavesTooFew ? gateBadge('inconclusive') : { tone: 'warn', word: 'excluded', symbol: '!' },
    })),
  };
}

function methodText(c: Comparison): string {
  if (c.base === null) return 'No baseline: this run is judged on its target thresholds alone.';
  if (c.mode === 'side-by-side') {
    return `Side by side: base and head were measured in one run, ${plural(c.head.repetitions, 'pair')} of repetitions interleaved, the order inside each pair counterbalanced (AB BA or BA AB), so a drifting machine weighs on both sides alike.`;
  }
  return `Stored baseline: the base (${c.base.runId}, ${c.base.createdAt}) was measured at another time; this run measured the drift-guard canary between its rounds to tell whether the machine changed since.`;
}

function driftVm(drift: DriftCheck): NonNullable<EvidenceVm['drift']> {
  return {
    verdict: drift.status === 'changed' ? { tone: 'warn', word: 'machine changed', symbol: '!' } : { tone: 'good', word: 'steady', symbol: '✓' },
    summary: cleanText(drift.summary),
    rows: drift.components.map((c) => ({
      part: cleanText(c.name),
      base: `${formatValue(c.base.center, c.unit)} ${formatCi(c.base.ciPct)}`.trim(),
      head: `${formatValue(c.head.center, c.unit)} ${formatCi(c.head.ciPct)}`.trim(),
      slower: formatDelta(c.slowerPct),
      p: formatP(c.p),
      verdict: c.changed ? { tone: 'warn', word: c.why === 'unsteady' ? 'unsteady' : 'moved', symbol: '!' } : { tone: 'good', word: 'steady', symbol: '✓' },
    })),
  };
}

/** A metric's outcome over both rounds: only `regressed` fails; `too-noisy` makes the gate inconclusive. */
function roundVerdict(verdict: MetricComparison['verdict']): VerdictBadge {
  if (verdict === 'regressed') return { tone: 'bad', word: 'confirmed', symbol: '✗' };
  if (verdict === 'too-noisy') return { tone: 'warn', word: 'too noisy', symbol: '?' };
  return { tone: 'warn', word: 'not confirmed', symbol: '?' };
}

function confirmationVm(c: Comparison): EvidenceVm['confirmation'] {
  if (!c.confirmation) return null;
  const { tested, held } = c.confirmation;
  const pooled = c.confirmation.rule === 'pooled';
  const rows = c.scenarios.flatMap((sc) =>
    sc.metrics
      .filter((m) => m.round2 !== undefined || m.pooled !== undefined)
      .map((m) => ({
        scenario: cleanText(sc.name),
        metric: cleanText(`${m.metric} ${m.stat}`),
        round1: cleanText(`${describeDelta(m)} (${m.screen ? `one-sided ${formatP(m.screen.pAdjusted)}` : formatP(m.pAdjusted ?? m.p)}, n=${m.head?.n ?? 0})`),
        round2: m.round2 ? cleanText(describeRound2(m.round2)) : '—',
        both: m.pooled ? cleanText(describePooled(m.pooled)) : '—',
        verdict: roundVerdict(m.verdict),
      })),
  );
  const restarted = c.confirmation.freshProcesses ? (pooled ? ' of freshly started services' : ' of a freshly started target') : '';
  const summary = pooled
    ? `Round 1 flagged ${plural(tested.length, 'metric')} as possibly worse (one-sided, adjusted p ≤ ${c.confirmation.screenAlpha ?? 0.2}); a second round measured fresh pairs${restarted}, and ${held.length} held: worse over both rounds' pairs together at the confirmation level, and worse again, by at least the minimum effect, in round 2 alone. Only those fail the gate.`
    : `Round 1 found ${plural(tested.length, 'regressed metric')}; a second round re-measured them on fresh repetitions${restarted}, and ${held.length} regressed again. Only those fail the gate.`;
  return { summary: cleanText(summary), pooled, rows };
}
