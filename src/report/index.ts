/**
 * Report renderers: one view model (view-model.ts), four formats. Each renderer returns
 * a string; writeReports writes them atomically.
 */
import { ensureWritableDir } from '../core/output-dir.js';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { UsageError } from '../core/errors.js';
import type { ReportFormat, ReportInput } from './input.js';
import { renderJunitFromView } from './junit.js';
import { renderMarkdownFromView } from './markdown.js';
import { renderPrCommentFromView } from './pr-comment.js';
import { loadTemplate } from './templates.js';
import { buildReportViewModel } from './view-model.js';
import type { ReportViewModel } from './view-model-types.js';

export type { ReportFormat, ReportInput, TrendPoint } from './input.js';
export type { ReportViewModel } from './view-model-types.js';
export { buildReportViewModel } from './view-model.js';
export { MARKDOWN_MAX_CHARS } from './markdown.js';

/** The self-contained HTML verdict page (inline CSS and SVG, no scripts, no network). */
export function renderHtmlReport(input: ReportInput): string {
  return renderHtmlFromView(buildReportViewModel(input));
}

function renderHtmlFromView(view: ReportViewModel): string {
  return loadTemplate('html')(view);
}

/** The Markdown summary for $GITHUB_STEP_SUMMARY / PR comments; never longer than 65,536 characters. */
export function renderMarkdownReport(input: ReportInput): string {
  return renderMarkdownFromView(buildReportViewModel(input));
}

/** JUnit XML: one testcase per threshold and per gating comparison. */
export function renderJunitReport(input: ReportInput): string {
  return renderJunitFromView(buildReportViewModel(input));
}

/** The view model as pretty-printed JSON (the data every other format draws). */
export function renderJsonReport(input: ReportInput): string {
  return renderJsonFromView(buildReportViewModel(input));
}

function renderJsonFromView(view: ReportViewModel): string {
  return `${JSON.stringify(view, null, 2)}\n`;
}

/** File name each format is written to inside the output directory. */
export const REPORT_FILE_NAMES: Record<ReportFormat, string> = {
  html: 'report.html',
  markdown: 'summary.md',
  junit: 'junit.xml',
  json: 'report.json',
  comment: 'pr-comment.md',
};

const RENDERERS: Record<ReportFormat, (view: ReportViewModel) => string> = {
  html: renderHtmlFromView,
  markdown: renderMarkdownFromView,
  junit: renderJunitFromView,
  json: renderJsonFromView,
  comment: renderPrCommentFromView,
};

/**
 * Renders the requested formats from one view model and writes each atomically into
 * `outDir` (created if needed). Returns format → absolute-or-relative path written.
 */
export async function writeReports(input: ReportInput, outDir: string, formats: ReportFormat[]): Promise<Record<string, string>> {
  for (const format of formats) {
    if (!(format in RENDERERS)) {
      throw new UsageError(`unknown report format "${String(format)}"; valid formats: ${Object.keys(RENDERERS).join(', ')}`);
    }
  }
  await ensureWritableDir({ dir: outDir, what: 'report directory' });
  const view = buildReportViewModel(input);
  const written: Record<string, string> = {};
  for (const format of new Set(formats)) {
    const path = join(outDir, REPORT_FILE_NAMES[format]);
    await writeFileAtomic(path, RENDERERS[format](view));
    written[format] = path;
  }
  return written;
}
export { renderTextReport } from './text-report.js';
