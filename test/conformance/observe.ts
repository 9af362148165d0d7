/**
 * Reduces a run to the points a k6 user compares: exit code, metric names, checks per
 * group path, fixed counts, threshold verdicts, the log lines on stderr, (where a
 * script asks) what handleSummary printed, else the shape of k6's end-of-test summary; each point a string, equal exactly when a user
 * would see the same thing.
 */
import { normaliseStderr, type LogLine } from './normalise.js';
import type { ScriptSpec } from './scripts.js';

/** What is compared, per script. */
export const POINTS = ['exit', 'metrics', 'checks', 'counts', 'thresholds', 'log', 'logfmt', 'stdout', 'summary'] as const;
export type Point = (typeof POINTS)[number];

export interface RawRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The --summary-export file, parsed; null when none was written (or it was empty). */
  summary: SummaryExport | null;
  /** Files the run left in its working directory (handleSummary outputs), sorted. */
  files: string[];
}

interface SummaryGroup {
  groups: Record<string, SummaryGroup>;
  checks: Record<string, { path: string; passes: number; fails: number }>;
}
export interface SummaryExport {
  root_group?: SummaryGroup;
  metrics?: Record<string, Record<string, unknown> & { thresholds?: Record<string, boolean> }>;
}

/** Each point reduced to a string that is equal exactly when a user would see the same thing. */
export type Observation = Record<Point, string>;

function walkChecks(group: SummaryGroup | undefined, out: Map<string, { passes: number; fails: number }>): void {
  if (!group) return;
  for (const c of Object.values(group.checks ?? {})) out.set(c.path, { passes: c.passes, fails: c.fails });
  for (const g of Object.values(group.groups ?? {})) walkChecks(g, out);
}

function countOf(metric: Record<string, unknown> | undefined): string {
  if (!metric) return 'absent';
  if ('count' in metric) return String(metric['count']);
  if ('passes' in metric) return `${String(metric['passes'])}/${String(metric['fails'])}`;
  if ('value' in metric) return String(metric['value']);
  return 'no count';
}

function logLine(l: LogLine): string {
  const fields = Object.entries(l.fields)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ` ${k}=${JSON.stringify(v)}`)
    .join('');
  // One line per log entry: a multi-line message (a stack trace) keeps its line breaks as \n.
  return `${l.level}: ${l.msg.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}${fields}`;
}

/** The metrics and checks points when no --summary-export file was written (k6 writes none after exit 104/107). */
const NO_SUMMARY = '(no-summary-export)';

/** Reduces a run to its points; `ctx` holds what normalising needs (the server's port, the run's directory). */
export function observe(run: RawRun, spec: ScriptSpec, ctx: { baseUrl: string; workDir: string }): Observation {
  const s = run.summary;
  const checks = new Map<string, { passes: number; fails: number }>();
  walkChecks(s?.root_group, checks);
  const checkText = [...checks]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, c]) => {
      if (spec.checks === 'exact') return `${path}=${c.passes}/${c.fails}`;
      return `${path}=${c.passes > 0 ? 'pass' : ''}${c.passes > 0 && c.fails > 0 ? '+' : ''}${c.fails > 0 ? 'fail' : ''}`;
    });
  const thresholds: string[] = [];
  for (const [name, m] of Object.entries(s?.metrics ?? {})) {
    for (const [expr, crossed] of Object.entries(m.thresholds ?? {})) thresholds.push(`${name}: ${expr} ${crossed ? 'crossed' : 'ok'}`);
  }
  const { lines, format } = normaliseStderr(run.stderr, ctx);
  return {
    exit: String(run.exitCode),
    metrics: s ? Object.keys(s.metrics ?? {}).filter((n) => !spec.unstable.includes(n)).sort().join(' ') : NO_SUMMARY,
    checks: s ? checkText.join('\n') : NO_SUMMARY,
    counts: spec.counts.map((name) => `${name}=${countOf(s?.metrics?.[name])}`).join(' '),
    thresholds: thresholds.sort().join('; '),
    // Sorted: VUs log concurrently, so the order of their lines is not the implementation's to fix.
    log: lines.map(logLine).sort().join('\n'),
    logfmt: format,
    stdout: spec.stdout ? normaliseStdout(run.stdout, ctx) + (run.files.length ? `\nfiles: ${run.files.join(' ')}` : '') : '',
    // The end-of-test summary k6 prints when no handleSummary replaces it (runs are -q: stdout holds only it).
    summary: spec.stdout ? '' : summaryShape(run.stdout),
  };
}

/**
 * The end-of-test summary k6 printed, every measured number masked (`#`) and the padding
 * that depends on them collapsed: which sections, metrics, checks and threshold lines a user
 * sees, in k6's order and indentation. Check names keep their digits masked alike on both sides.
 */
export function summaryShape(stdout: string): string {
  return stdout
    .split('\n')
    .map((line) =>
      line
        .replace(/p\((\d+(?:\.\d+)?)\)/g, 'p[$1]')
        .replace(/(?<![\w[])\d+(?:\.\d+)?(?:[a-zµ]+(?:\d+(?:\.\d+)?[a-z]+)*)?(?: [kMGTP]?B)?(?:\/s)?/g, '#')
        .replace(/\.{2,}:/g, ':')
        .replace(/(\S) {2,}/g, '$1 ')
        .trimEnd(),
    )
    .join('\n');
}

function normaliseStdout(text: string, ctx: { baseUrl: string; workDir: string }): string {
  return text.split(ctx.baseUrl).join('BASE_URL').split(ctx.workDir).join('<cwd>').trim();
}

