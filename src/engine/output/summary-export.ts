import type { K6Check, K6Group, K6Summary } from '../../core/k6-summary.js';

/**
 * k6's legacy `--summary-export` file (k6 v0.49 lib/summary.go, "summaryExport"):
 * flattened metric values, a rate's `rate` renamed to `value`, threshold flags that
 * are true when the threshold FAILED, and groups and checks keyed by name. Lossy on
 * purpose, as in k6; kept for tools that read it.
 */
export interface SummaryExport {
  root_group: ExportGroup;
  metrics: Record<string, Record<string, number | Record<string, boolean>>>;
  setup_data?: unknown;
}

interface ExportGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, ExportGroup>;
  checks: Record<string, K6Check>;
}

export function toSummaryExport(summary: K6Summary): SummaryExport {
  const metrics: SummaryExport['metrics'] = {};
  for (const [name, metric] of Object.entries(summary.metrics)) {
    const values: Record<string, number | Record<string, boolean>> = {};
    for (const [key, value] of Object.entries(metric.values)) values[metric.type === 'rate' && key === 'rate' ? 'value' : key] = value;
    if (metric.thresholds) {
      values.thresholds = Object.fromEntries(Object.entries(metric.thresholds).map(([expr, t]) => [expr, !t.ok]));
    }
    metrics[name] = values;
  }
  return { root_group: exportGroup(summary.root_group), metrics, ...(summary.setup_data !== undefined && { setup_data: summary.setup_data }) };
}

function exportGroup(group: K6Group): ExportGroup {
  return {
    name: group.name,
    path: group.path,
    id: group.id,
    groups: Object.fromEntries(group.groups.map((g) => [g.name, exportGroup(g)])),
    checks: Object.fromEntries(group.checks.map((c) => [c.name, c])),
  };
}
