/**
 * k6 v2's machine-readable summary (`--new-machine-readable-summary`, schema 1.0.0): what
 * `--summary-export` writes and handleSummary() receives instead of the legacy data. The
 * metrics are the ones the text summary of the same mode shows; keys in k6's (alphabetical) order.
 */
import { shownInSummary, SUMMARY_SECTIONS, summarySection, type EndOfTestReport, type ReportMetric, type SummaryMode } from '../metrics/end-of-test.js';

export const MACHINE_READABLE_SCHEMA_VERSION = '1.0.0';

interface MachineReadableMetric {
  contains: string;
  name: string;
  type: string;
  values: Record<string, number | null>;
}

export interface MachineReadableSummary {
  config: { duration: number; execution: 'local'; script: string };
  metadata: { generated_at: string; k6_version: string };
  results: {
    checks: { metrics: MachineReadableMetric[]; results: Array<{ fails: number; name: string; passes: number }> };
    metrics: MachineReadableMetric[];
  };
  version: string;
}

/** Trend values k6 keeps, under its names; a stat the summary does not hold is null. */
const TREND_KEYS: ReadonlyArray<[string, string]> = [
  ['avg', 'avg'],
  ['max', 'max'],
  ['med', 'med'],
  ['min', 'min'],
  ['p90', 'p(90)'],
  ['p95', 'p(95)'],
];

function metric(m: ReportMetric): MachineReadableMetric {
  const v = m.values;
  let values: Record<string, number | null>;
  switch (m.type) {
    case 'counter':
      values = { count: v.count ?? 0 };
      break;
    case 'gauge':
      values = { max: v.max ?? 0, min: v.min ?? 0, value: v.value ?? 0 };
      break;
    case 'rate':
      values = { matches: v.passes ?? 0, rate: v.rate ?? 0, total: (v.passes ?? 0) + (v.fails ?? 0) };
      break;
    case 'trend':
      values = Object.fromEntries(TREND_KEYS.map(([key, stat]) => [key, v[stat] ?? null]));
      break;
  }
  return { contains: m.contains, name: m.name, type: m.type, values };
}

export function toMachineReadableSummary(
  report: EndOfTestReport,
  mode: Exclude<SummaryMode, 'disabled'>,
  meta: { script: string; testRunDurationMs: number; k6Version: string; generatedAt?: Date },
): MachineReadableSummary {
  const shown = report.root.metrics.filter((m) => shownInSummary(m.name, mode));
  // k6 walks its sections in order, each a Go map (no order of its own): by name here.
  const metrics = SUMMARY_SECTIONS.flatMap((section) =>
    shown
      .filter((m) => summarySection(m.name) === section)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(metric),
  );
  const checks = report.root.checks;
  // checks_total, checks_failed, checks_succeeded: k6's order here.
  const checkMetrics = checks ? [checks.metrics[0], checks.metrics[2], checks.metrics[1]].map(metric) : [];
  return {
    config: { duration: meta.testRunDurationMs / 1000, execution: 'local', script: meta.script },
    metadata: { generated_at: (meta.generatedAt ?? new Date()).toISOString(), k6_version: meta.k6Version },
    results: {
      checks: { metrics: checkMetrics, results: (checks?.ordered ?? []).map((c) => ({ fails: c.fails, name: c.name, passes: c.passes })) },
      metrics,
    },
    version: MACHINE_READABLE_SCHEMA_VERSION,
  };
}

/** As k6 writes it to --summary-export: four-space indentation, no final line break. */
export function machineReadableSummaryText(summary: MachineReadableSummary): string {
  return JSON.stringify(summary, null, 4);
}
