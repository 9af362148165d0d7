import type { ReportInput } from './input.js';
import { buildReportViewModel } from './view-model.js';
import type { ScenarioVm } from './view-model-types.js';

/**
 * A plain-text comparison for terminals and CI logs: per scenario the threshold
 * verdicts and the baseline table, aligned in columns, from the same view model
 * as the HTML and Markdown reports (so every number is formatted once).
 */
export function renderTextReport(input: ReportInput): string {
  const vm = buildReportViewModel(input);
  const out: string[] = [`verdict: ${vm.banner.verdict.word.toUpperCase()} — ${vm.banner.headline}`];
  if (vm.environment.mismatch) out.push(`warning: ${vm.environment.warning}`);
  for (const scenario of vm.scenarios) out.push('', ...scenarioLines(scenario));
  return `${out.join('\n')}\n`;
}

function scenarioLines(s: ScenarioVm): string[] {
  const lines = [`${s.name} (${s.verdict.word})`];
  if (s.thresholds.length > 0) {
    lines.push(
      ...alignColumns([
        ['threshold', 'target', 'measured', 'verdict'],
        ...s.thresholds.map((t) => [t.metric, t.target, t.measured, t.verdict.word]),
      ]).map((l) => `  ${l}`),
    );
  }
  if (s.comparisons.length > 0) {
    lines.push('');
    lines.push(
      ...alignColumns([
        ['metric', 'base', 'head', 'delta', 'p', 'verdict'],
        ...s.comparisons.map((c) => [
          `${c.metric} ${c.stat}`,
          `${c.base} ${c.baseCi}`.trim(),
          `${c.head} ${c.headCi}`.trim(),
          c.delta,
          c.p,
          c.verdict.word,
        ]),
      ]).map((l) => `  ${l}`),
    );
    for (const c of s.comparisons) {
      if (c.expectation) lines.push(`  ${c.metric} ${c.stat}: ${c.expectation.verdict.word}: ${c.expectation.text}`);
    }
  } else if (s.baselineNote) {
    lines.push(`  ${s.baselineNote}`);
  }
  return lines;
}

function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)))
      .join('  ')
      .trimEnd(),
  );
}
