/**
 * The Markdown summary ($GITHUB_STEP_SUMMARY, PR comments): verdict first, a compact
 * table of what changed, details folded. Every string from the view model is escaped
 * for Markdown before the template sees it, and the result always fits GitHub's
 * 65,536-character limit on step summaries and comments.
 */
import { truncateText } from './format.js';
import { loadTemplate } from './templates.js';
import type { ReportViewModel, ScenarioVm, VerdictBadge } from './view-model-types.js';

/** GitHub's limit for a step summary / comment body, in characters. */
export const MARKDOWN_MAX_CHARS = 65_536;

/** Longest text a table cell shows before it is cut (keeps one hostile name from eating the budget). */
const MAX_CELL_CHARS = 200;

const TONE_EMOJI: Record<VerdictBadge['tone'], string> = { good: '✅', bad: '❌', warn: '⚠️', neutral: '➖' };

interface Limits {
  /** Rows of the "what changed" tables. */
  changed: number;
  /** Rows across all per-scenario detail tables. */
  details: number;
}

const LIMIT_STEPS: Limits[] = [
  { changed: Infinity, details: Infinity },
  { changed: Infinity, details: 400 },
  { changed: Infinity, details: 100 },
  { changed: Infinity, details: 20 },
  { changed: 200, details: 0 },
  { changed: 50, details: 0 },
  { changed: 10, details: 0 },
  { changed: 0, details: 0 },
];

/**
 * Renders the Markdown summary, dropping detail rows (with a note) until it fits.
 * `maxChars` (UTF-16 code units, never fewer characters than GitHub counts) lets a
 * caller that wraps the summary, like the PR comment, keep room for its own text.
 * @default MARKDOWN_MAX_CHARS
 */
export function renderMarkdownFromView(view: ReportViewModel, maxChars: number = MARKDOWN_MAX_CHARS): string {
  const template = loadTemplate('markdown', { noEscape: true });
  let text = '';
  for (const limits of LIMIT_STEPS) {
    text = template(escapeDeep(markdownView(view, limits)));
    if (text.length <= maxChars) return text;
  }
  return hardTruncate(text, maxChars);
}

/** Last resort for pathological input (e.g. one enormous reason): cut and say so. */
function hardTruncate(text: string, maxChars: number): string {
  const note = '\n\n> ⚠️ This summary was cut to stay under 65,536 characters; see the HTML report for everything.\n';
  let cut = text.slice(0, maxChars - note.length - 32);
  const newline = cut.lastIndexOf('\n');
  if (newline > cut.length / 2) cut = cut.slice(0, newline);
  const openDetails = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  return `${cut}${'\n</details>'.repeat(Math.max(0, openDetails))}${note}`;
}

function badge(b: VerdictBadge): string {
  return `${TONE_EMOJI[b.tone]} ${b.word}`;
}

function cell(text: string): string {
  return truncateText(text, MAX_CELL_CHARS);
}

/** The slice of the view model the Markdown shows, with row limits applied. */
function markdownView(view: ReportViewModel, limits: Limits) {
  const failingThresholds = view.scenarios.flatMap((s) =>
    s.thresholds
      .filter((t) => t.verdict.tone !== 'good')
      .map((t) => ({ scenario: cell(s.name), metric: cell(t.metric), target: cell(t.target), measured: t.measured, verdict: badge(t.verdict) })),
  );
  const changed = view.scenarios.flatMap((s) =>
    s.comparisons
      .filter((c) => c.verdict.word === 'improved' || c.verdict.word === 'regressed' || c.verdict.word === 'too noisy' || c.expectation !== null)
      .map((c) => ({ scenario: cell(s.name), ...comparisonCells(c) })),
  );
  const changedBudget = { left: limits.changed };
  const thresholdRows = take(failingThresholds, changedBudget);
  const changedRows = take(changed, changedBudget);
  const omittedChanged = failingThresholds.length + changed.length - thresholdRows.length - changedRows.length;
  const detailBudget = { left: limits.details };
  const details = view.scenarios.map((s) => scenarioDetails(s, detailBudget));
  const omittedDetails = details.reduce((n, d) => n + d.omitted, 0);
  return {
    title: cell(view.title),
    verdict: badge(view.banner.verdict).toUpperCase(),
    headline: truncateText(view.banner.headline, 600),
    meta: `${view.totals.scenarios} scenarios · ${view.totals.thresholds} thresholds (${view.totals.thresholdsFailed} not met) · ${view.totals.comparisons} gating comparisons (${view.totals.regressions} regressed, ${view.totals.improvements} improved)`,
    reasons: view.banner.reasons.slice(0, 20).map((r) => truncateText(r, 400)),
    moreReasons: view.banner.reasons.length > 20 ? `… and ${view.banner.reasons.length - 20} more` : '',
    noBaseline: view.hasBaseline ? '' : view.noBaselineNote,
    environmentWarning: view.environment.mismatch ? view.environment.warning : '',
    thresholdRows,
    changedRows,
    nothingChanged: failingThresholds.length === 0 && changed.length === 0,
    omittedChanged: omittedChanged > 0 ? `${omittedChanged} more rows omitted to stay under GitHub's 65,536-character limit; see the HTML report.` : '',
    details: details.filter((d) => d.included),
    omittedDetails: omittedDetails > 0 ? `${omittedDetails} detail rows omitted to stay under GitHub's 65,536-character limit; see the HTML report.` : '',
    evidence: view.hasBaseline
      ? {
          method: view.evidence.method,
          driftNote: view.evidence.driftNote,
          drift: view.evidence.drift
            ? { verdict: badge(view.evidence.drift.verdict), summary: view.evidence.drift.summary, rows: view.evidence.drift.rows.map((r) => ({ ...r, verdict: badge(r.verdict) })) }
            : null,
          confirmation: view.evidence.confirmation
            ? { summary: view.evidence.confirmation.summary, pooled: view.evidence.confirmation.pooled, rows: view.evidence.confirmation.rows.map((r) => ({ ...r, scenario: cell(r.scenario), metric: cell(r.metric), both: cell(r.both), verdict: badge(r.verdict) })) }
            : null,
          saturation: view.evidence.saturation.map((f) => ({ verdict: badge(f.verdict), scenario: cell(f.scenario), side: f.side, text: truncateText(f.text, 400) })),
        }
      : null,
    environment: view.environment.rows.map((r) => ({ label: r.label, base: cell(r.base), head: cell(r.head), differs: r.differs ? '⚠️ differs' : '' })),
    settings: view.settings,
    signOff: view.signOff
      ? {
          verdict: badge(view.signOff.verdict),
          version: cell(view.signOff.version),
          commit: cell(view.signOff.commit),
          checklist: view.signOff.checklist.map((c) => ({ verdict: badge(c.verdict), label: c.label, detail: truncateText(c.detail, 400) })),
        }
      : null,
    footer: `${view.tool} · generated ${view.generatedAt}`,
  };
}

function comparisonCells(c: ScenarioVm['comparisons'][number]) {
  return {
    metric: cell(`${c.metric} ${c.stat}`),
    base: `${c.base} ${c.baseCi}`.trim(),
    head: `${c.head} ${c.headCi}`.trim(),
    delta: c.delta,
    p: c.pAdjusted ? `${c.p} (${c.pAdjusted})` : c.p,
    verdict: c.expectation ? `${badge(c.verdict)}; ${badge(c.expectation.verdict)}: ${cell(c.expectation.text)}` : badge(c.verdict),
  };
}

function take<T>(rows: T[], budget: { left: number }): T[] {
  const taken = rows.slice(0, Math.max(0, budget.left));
  budget.left -= taken.length;
  return taken;
}

function scenarioDetails(s: ScenarioVm, budget: { left: number }) {
  const thresholds = take(
    s.thresholds.map((t) => ({ metric: cell(t.metric), target: cell(t.target), measured: t.measured, verdict: badge(t.verdict) })),
    budget,
  );
  const comparisons = take(s.comparisons.map(comparisonCells), budget);
  const omitted = s.thresholds.length + s.comparisons.length - thresholds.length - comparisons.length;
  return {
    included: thresholds.length + comparisons.length > 0 || (omitted === 0 && budget.left > 0),
    name: cell(s.name),
    verdict: badge(s.verdict),
    baselineNote: s.baselineNote,
    thresholds,
    comparisons,
    dataLoss: s.dataLoss.map((d) => ({ verdict: badge(d.verdict), statement: d.statement })),
    omitted,
  };
}

/**
 * Escapes text for Markdown (GitHub flavour) inside paragraphs and table cells: HTML
 * special characters become entities, Markdown punctuation and pipes get a backslash,
 * line breaks become spaces, so a hostile name renders as the text it is.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*[\]{}|~#!$]/g, (ch) => `\\${ch}`)
    // An underscore inside a word (http_req_duration) is never emphasis in GFM; escape the others.
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/^(\s*)([-+=]|\d+[.)])(?=\s|$)/, '$1\\$2')
    // A name like "@team" must not notify anyone from a PR comment: a zero-width space breaks the mention.
    .replace(/@/g, '@&#8203;');
}

/** Escapes every string leaf of a plain-data object for Markdown. */
function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeMarkdown(value) as T;
  if (Array.isArray(value)) return value.map(escapeDeep) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDeep(v)])) as T;
  }
  return value;
}
