/**
 * The release sign-off section: the checklist a release manager signs against, and
 * the trend from history.
 */
import type { Comparison } from '../compare/model.js';
import { checkBadge, gateBadge } from './badges.js';
import { buildLineChart } from './charts.js';
import { cleanText, formatValue, plural, truncateText } from './format.js';
import type { ReportInput, TrendPoint } from './input.js';
import type { ChecklistItemVm, ReportViewModel, SignOffVm, TrendSeriesVm } from './view-model-types.js';

type State = 'met' | 'not-met' | 'unknown';

/** The 1M-record database scenario, by its shipped name. */
const DB_SCENARIO = /(^|[^a-z0-9])db[-_]?1m([^a-z0-9]|$)/i;

/** Builds the sign-off section from the comparison and the already-built scenarios. */
export function buildSignOffVm(input: ReportInput, view: ReportViewModel): SignOffVm {
  const checklist = [
    measuredItem(input.comparison),
    targetsItem(input.comparison),
    regressionItem(input.comparison),
    dataLossItem(view),
    databaseItem(input.comparison),
  ];
  const ready = input.comparison.verdict === 'pass' && checklist.every((c) => c.verdict.word === 'met');
  const env = input.head.environment;
  return {
    version: cleanText(input.version ?? env.gitBranch ?? input.head.runId),
    date: view.generatedAt,
    commit: cleanText(env.gitSha ?? 'unknown'),
    branch: cleanText(env.gitBranch ?? 'unknown'),
    ready,
    verdict: ready ? { ...gateBadge(true), word: 'ready to sign' } : { ...gateBadge(false), word: 'not ready' },
    checklist,
    ...trendSection(input.history ?? null),
  };
}

function item(label: string, state: State, detail: string): ChecklistItemVm {
  return { label, detail: cleanText(detail), verdict: checkBadge(state) };
}

function measuredItem(comparison: Comparison): ChecklistItemVm {
  const label = 'Every repetition was measured to the end';
  const problems = comparison.measurement ?? [];
  if (problems.length === 0) return item(label, 'met', 'No run was interrupted and no repetition was aborted.');
  return item(label, 'not-met', `Measurement failed: ${problems.slice(0, 5).map((m) => m.text).join('; ')}${problems.length > 5 ? '; …' : ''}`);
}

function targetsItem(comparison: Comparison): ChecklistItemVm {
  const label = 'Every scenario meets its targets';
  const all = comparison.scenarios.flatMap((s) => s.thresholds.map((t) => ({ scenario: s.name, t })));
  if (all.length === 0) return item(label, 'unknown', 'No target thresholds are configured.');
  const bad = all.filter(({ t }) => t.verdict === 'fail' || t.verdict === 'no-data');
  if (bad.length === 0) return item(label, 'met', `${plural(all.length, 'threshold')} in ${plural(comparison.scenarios.length, 'scenario')} passed.`);
  const list = bad.slice(0, 5).map(({ scenario, t }) => `${scenario}: ${t.metric} ${t.expression} (${t.verdict})`);
  return item(label, 'not-met', `${bad.length} of ${all.length} failed — ${list.join('; ')}${bad.length > 5 ? '; …' : ''}`);
}

function regressionItem(comparison: Comparison): ChecklistItemVm {
  const label = 'No significant regression against the baseline';
  if (comparison.base === null) return item(label, 'unknown', 'No baseline was available, so regressions were not checked.');
  if (comparison.drift?.status === 'changed') return item(label, 'unknown', `Inconclusive: ${comparison.drift.summary}; compare the release side by side with the last one (--base-ref).`);
  const gating = comparison.scenarios.flatMap((s) => s.metrics.filter((m) => m.gating).map((m) => ({ scenario: s.name, m })));
  const regressed = gating.filter(({ m }) => m.verdict === 'regressed');
  const noisy = gating.filter(({ m }) => m.verdict === 'too-noisy');
  if (regressed.length === 0 && noisy.length > 0) {
    const list = noisy.slice(0, 5).map(({ scenario, m }) => `${scenario}: ${m.metric} ${m.stat}`);
    return item(label, 'unknown', `Inconclusive: ${noisy.length} measured worse beyond the minimum effect but too noisily to be significant — ${list.join('; ')}${noisy.length > 5 ? '; …' : ''}; measure more repetitions or side by side (--base-ref).`);
  }
  if (regressed.length === 0) return item(label, 'met', `${plural(gating.length, 'gating metric')} compared; none regressed.`);
  const list = regressed.slice(0, 5).map(({ scenario, m }) => `${scenario}: ${m.metric} ${m.stat}`);
  return item(label, 'not-met', `${regressed.length} regressed — ${list.join('; ')}${regressed.length > 5 ? '; …' : ''}`);
}

function dataLossItem(view: ReportViewModel): ChecklistItemVm {
  const label = 'Zero data loss';
  const proofs = view.scenarios.flatMap((s) => s.dataLoss.map((d) => ({ scenario: s.name, d })));
  if (proofs.length === 0) return item(label, 'unknown', 'No scenario recorded a lost-records metric (e.g. sync_records_lost).');
  const failing = proofs.filter(({ d }) => d.verdict.word !== 'zero loss');
  const summary = proofs.map(({ scenario, d }) => `${scenario}: ${d.statement}`).join('; ');
  if (failing.length === 0) return item(label, 'met', summary);
  return item(label, failing.some(({ d }) => d.verdict.word === 'not met') ? 'not-met' : 'unknown', summary);
}

function databaseItem(comparison: Comparison): ChecklistItemVm {
  const label = 'The 1M-record database scenario is within target';
  const scenario = comparison.scenarios.find((s) => DB_SCENARIO.test(s.name));
  if (!scenario || scenario.presence === 'base-only') return item(label, 'unknown', 'The db-1m scenario was not part of this run.');
  if (scenario.thresholds.length === 0) return item(label, 'unknown', `${scenario.name} has no target thresholds.`);
  const bad = scenario.thresholds.filter((t) => t.verdict === 'fail' || t.verdict === 'no-data');
  if (bad.length === 0) return item(label, 'met', `${scenario.name}: ${plural(scenario.thresholds.length, 'threshold')} passed.`);
  return item(label, 'not-met', `${scenario.name}: ${bad.map((t) => `${t.metric} ${t.expression} (${t.verdict})`).join('; ')}`);
}

/** Trend charts, one per scenario × metric × stat series, oldest run first. */
function trendSection(history: TrendPoint[] | null): Pick<SignOffVm, 'trend' | 'trendNote'> {
  if (!history || history.length === 0) {
    return { trend: [], trendNote: 'No history was supplied. Weekly runs append to the history store; pass it to see the trend here.' };
  }
  const groups = new Map<string, TrendPoint[]>();
  for (const point of history) {
    if (!Number.isFinite(point.value)) continue;
    const key = JSON.stringify([point.scenario, point.metric, point.stat]);
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  const trend: TrendSeriesVm[] = [...groups.values()].slice(0, 40).map((points, i) => {
    const sorted = [...points].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const first = sorted[0] as TrendPoint;
    const last = sorted[sorted.length - 1] as TrendPoint;
    const unit = cleanText(first.unit ?? '');
    const label = truncateText(cleanText(`${first.scenario} · ${first.metric} ${first.stat}`), 160);
    return {
      label,
      latest: `${formatValue(last.value, unit)} (${cleanText(last.createdAt.slice(0, 10))})`,
      points: `${sorted.length} runs`,
      chart: buildLineChart({
        id: `trend-${i + 1}`,
        title: label,
        caption: `${sorted.length} runs, ${cleanText(first.createdAt.slice(0, 10))} to ${cleanText(last.createdAt.slice(0, 10))}`,
        xLabel: 'run (oldest → newest)',
        yLabel: unit || 'value',
        series: [{ label: 'history', side: 'head', points: sorted.map((p, x) => [x + 1, p.value]) }],
        width: 420,
        height: 180,
      }),
    };
  });
  const note = groups.size > 40 ? `Showing 40 of ${groups.size} series.` : '';
  return { trend, trendNote: note };
}
