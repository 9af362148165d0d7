/**
 * Builds the report view model from a Comparison and its results files. All math and
 * all formatting happen here (and in the modules it calls); templates only place text.
 */
import type { Comparison, Correction, RunRef } from '../compare/model.js';
import { describeEngine, type Environment, type ResultsFile } from '../results/results.js';
import { gateBadge } from './badges.js';
import { cleanText, formatCount, formatMemory, formatNumber } from './format.js';
import type { ReportInput } from './input.js';
import { buildScenarioVm } from './scenario-vm.js';
import { buildEvidenceVm } from './gate-evidence.js';
import { buildSignOffVm } from './sign-off.js';
import type { EnvironmentRowVm, ReportViewModel, ScenarioVm, SettingVm } from './view-model-types.js';

/** The correction as carried out: side by side, `holm` is Westfall–Young maxT over permuted pairs. */
function correctionName(comparison: Comparison): string {
  const c = comparison.settings.correction;
  if (c === 'holm' && comparison.mode === 'side-by-side') return 'Westfall–Young maxT';
  return CORRECTION_NAMES[c] ?? cleanText(c);
}

const CORRECTION_NAMES: Record<Correction, string> = {
  none: 'none',
  holm: 'Holm–Bonferroni',
  bh: 'Benjamini–Hochberg',
};

/** Builds the finished, formatted view model every renderer draws from. */
export function buildReportViewModel(input: ReportInput): ReportViewModel {
  const { comparison, head } = input;
  const base = input.base ?? null;
  const hasBaseline = comparison.base !== null;
  const scenarios = comparison.scenarios.map((scenario, index) =>
    buildScenarioVm({
      scenario,
      index,
      head: head.scenarios.find((s) => s.name === scenario.name) ?? null,
      base: base?.scenarios.find((s) => s.name === scenario.name) ?? null,
      hasBaseline,
    }),
  );
  const totals = countTotals(comparison, scenarios);
  const view: ReportViewModel = {
    title: cleanText(input.title ?? `loadgate report — ${comparison.head.profile}`),
    generatedAt: cleanText(input.generatedAt ?? new Date().toISOString()),
    tool: `loadgate · engine ${cleanText(describeEngine(head.engine))}`,
    banner: {
      verdict: gateBadge(comparison.verdict),
      headline: bannerHeadline(comparison, totals),
      reasons: comparison.reasons.map(cleanText),
    },
    measurementProblems: (comparison.measurement ?? []).map((m) => cleanText(m.text)),
    hasBaseline,
    noBaselineNote: hasBaseline
      ? ''
      : 'No baseline: this run was judged against its target thresholds only. Save a baseline (loadgate baseline save) to detect regressions.',
    runs: { head: runFacts(comparison.head, head), base: comparison.base ? runFacts(comparison.base, base) : null },
    environment: environmentSection(comparison),
    settings: settingsRows(comparison),
    evidence: buildEvidenceVm(comparison),
    totals,
    scenarios,
    signOff: null,
  };
  if (input.signOff) view.signOff = buildSignOffVm(input, view);
  return view;
}

function countTotals(comparison: Comparison, scenarios: ScenarioVm[]): ReportViewModel['totals'] {
  const thresholds = comparison.scenarios.flatMap((s) => s.thresholds);
  const metrics = comparison.scenarios.flatMap((s) => s.metrics).filter((m) => m.gating);
  return {
    scenarios: scenarios.length,
    thresholds: thresholds.length,
    thresholdsFailed: thresholds.filter((t) => t.verdict === 'fail' || t.verdict === 'no-data').length,
    comparisons: metrics.length,
    regressions: metrics.filter((m) => m.verdict === 'regressed').length,
    improvements: metrics.filter((m) => m.verdict === 'improved').length,
  };
}

/** One line that says why: the first reason on failure, the evidence on a pass. */
function bannerHeadline(comparison: Comparison, totals: ReportViewModel['totals']): string {
  const first = comparison.reasons[0];
  if (comparison.verdict === 'measurement-failed') {
    const why = first?.replace(/^measurement failed: /, '') ?? 'a side was interrupted or its repetitions were cut short';
    return cleanText(`Measurement failed, so there is no verdict: ${why}`);
  }
  if (comparison.verdict === 'inconclusive') return cleanText(first ?? 'Inconclusive: these numbers cannot tell whether the code changed.');
  if (comparison.verdict === 'fail') {
    if (!first) return 'The gate failed.';
    const more = comparison.reasons.length - 1;
    return cleanText(more > 0 ? `${first} (and ${more} more)` : first);
  }
  const thresholds = `${totals.thresholds} target threshold${totals.thresholds === 1 ? '' : 's'} met`;
  if (comparison.base === null) return `${thresholds}; no baseline, so regressions were not checked.`;
  const correction = comparison.settings.correction === 'none' ? '' : `, ${correctionName(comparison)}-corrected`;
  const c = comparison.confirmation;
  const dropped = c ? c.tested.length - c.held.length : 0;
  const confirmed = c && dropped > 0 ? `; ${dropped} ${c.rule === 'pooled' ? `metric${dropped === 1 ? '' : 's'} flagged` : `regression${dropped === 1 ? '' : 's'} seen`} in round 1 did not hold in the confirmation round` : '';
  return `${thresholds}; no significant regression in ${totals.comparisons} gating metric${totals.comparisons === 1 ? '' : 's'} (alpha ${comparison.settings.alpha}${correction})${confirmed}.`;
}

function runFacts(ref: RunRef, file: ResultsFile | null): SettingVm[] {
  const facts: SettingVm[] = [
    { label: 'run', value: cleanText(ref.runId) },
    { label: 'created', value: cleanText(ref.createdAt) },
    { label: 'profile', value: cleanText(ref.profile) },
    { label: 'repetitions', value: String(ref.repetitions) },
    { label: 'commit', value: cleanText(ref.environment.gitSha ?? 'unknown') },
    { label: 'branch', value: cleanText(ref.environment.gitBranch ?? 'unknown') },
  ];
  if (file) {
    facts.push({ label: 'engine', value: cleanText(describeEngine(file.engine)) });
    facts.push({ label: 'target', value: `${cleanText(file.target.url)} (${file.target.kind})` });
    if (!file.complete) facts.push({ label: 'complete', value: 'NO — interrupted or partly unmeasured' });
  }
  return facts;
}

const ENVIRONMENT_FIELDS: Array<{ label: string; get: (e: Environment) => string; decides: boolean }> = [
  { label: 'OS', get: (e) => e.os, decides: true },
  { label: 'CPU', get: (e) => e.cpuModel, decides: true },
  { label: 'cores', get: (e) => String(e.cores), decides: true },
  { label: 'memory', get: (e) => formatMemory(e.memoryBytes), decides: true },
  { label: 'Node.js', get: (e) => e.nodeVersion, decides: true },
  { label: 'fingerprint', get: (e) => e.fingerprint, decides: true },
  { label: 'commit', get: (e) => e.gitSha ?? 'unknown', decides: false },
  { label: 'branch', get: (e) => e.gitBranch ?? 'unknown', decides: false },
];

function environmentSection(comparison: Comparison): ReportViewModel['environment'] {
  const head = comparison.head.environment;
  const base = comparison.base?.environment ?? null;
  const rows: EnvironmentRowVm[] = ENVIRONMENT_FIELDS.map((field) => {
    const headValue = cleanText(field.get(head));
    const baseValue = base ? cleanText(field.get(base)) : '—';
    return { label: field.label, base: baseValue, head: headValue, differs: base !== null && field.decides && baseValue !== headValue };
  });
  const mismatch = comparison.environmentMismatch;
  const differing = rows.filter((r) => r.differs).map((r) => r.label);
  const warning = mismatch
    ? `The base and head environments differ${differing.length ? ` (${differing.join(', ')})` : ''}: deltas may reflect the machine, not the code.`
    : '';
  return { rows, mismatch, warning };
}

function settingsRows(comparison: Comparison): SettingVm[] {
  const s = comparison.settings;
  const baseReps = comparison.base ? String(comparison.base.repetitions) : '—';
  return [
    { label: 'significance level (alpha)', value: formatNumber(s.alpha) },
    { label: 'confidence interval', value: `${formatNumber(s.confidence * 100)}% (median, order statistics)` },
    { label: 'multiple-comparison correction', value: correctionName(comparison) },
    { label: 'minimum effect', value: `${formatNumber(s.minEffectPct)}% (per-metric values override)` },
    { label: 'repetitions (base / head)', value: `${baseReps} / ${formatCount(comparison.head.repetitions)}` },
    {
      label: 'test',
      value: comparison.mode === 'side-by-side' ? "pairs: sign-flip permutation test of the t of ln(head / base), two-sided" : 'two-sided Mann–Whitney U (benchstat)',
    },
    { label: 'measured', value: comparison.mode === 'side-by-side' ? 'side by side, interleaved pairs' : comparison.base ? 'against stored numbers, with the drift guard' : '—' },
    { label: 'confirmation', value: comparison.confirmation ? `a second round of ${formatCount(comparison.confirmation.comparison.head.repetitions)} repetitions; ${comparison.confirmation.held.length} of ${comparison.confirmation.tested.length} held` : 'a regression is re-measured before it fails' },
  ];
}
