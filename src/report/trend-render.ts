/**
 * Trend renderers: a self-contained HTML page (Handlebars, with the report's own
 * `styles` and `chart` partials, so it looks like the verdict page) and a Markdown
 * summary. Each returns a string; writeTrendReports writes them atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ReportTemplateError, UsageError } from '../core/errors.js';
import { escapeMarkdown, MARKDOWN_MAX_CHARS } from './markdown.js';
import { templatePath } from './templates.js';
import type { TrendReport } from '../history/trend.js';
import { buildTrendViewModel, type TrendViewModel } from './trend-view.js';

/** Formats `loadgate trend` writes. */
export type TrendFormat = 'html' | 'markdown';
export const TREND_FORMATS: readonly TrendFormat[] = ['html', 'markdown'];
export const TREND_FILE_NAMES: Record<TrendFormat, string> = { html: 'trend.html', markdown: 'trend.md' };

/** trend.hbs beside this module (src/) or, for the compiled dist/, in src/report/templates/. */
function trendTemplatePath(): string {
  const candidates = [new URL('./templates/trend.hbs', import.meta.url), new URL('../../src/report/templates/trend.hbs', import.meta.url)];
  for (const candidate of candidates) if (existsSync(candidate)) return fileURLToPath(candidate);
  throw new ReportTemplateError('trend.hbs', candidates.map((c) => fileURLToPath(c)));
}

let template: HandlebarsTemplateDelegate | null = null;

function trendTemplate(): HandlebarsTemplateDelegate {
  if (template) return template;
  const env = Handlebars.create();
  for (const name of ['styles', 'chart']) env.registerPartial(name, readFileSync(templatePath(`${name}.hbs`), 'utf8'));
  template = env.compile(readFileSync(trendTemplatePath(), 'utf8'), { strict: true });
  return template;
}

function htmlFromView(view: TrendViewModel): string {
  return trendTemplate()(view);
}

const cell = (text: string): string => escapeMarkdown(text);

function markdownFromView(view: TrendViewModel): string {
  const lines = [`## ${view.banner.verdict.symbol} ${cell(view.banner.verdict.word)} — ${cell(view.title)}`, '', `**${cell(view.banner.headline)}**`, ''];
  for (const note of view.notes) lines.push(`> ℹ️ ${cell(note)}`, '');
  for (const f of view.facts) lines.push(`- ${cell(f.label)}: ${cell(f.value)}`);
  lines.push('', '### This run vs the previous one', '', '| scenario | metric | previous | this run | delta | p | verdict | change points |', '|---|---|--:|--:|--:|--:|---|---|');
  for (const r of view.rows) {
    lines.push(`| ${cell(r.scenario)} | ${cell(r.metric)} | ${cell(r.previous)} | ${cell(r.latest)} | ${cell(r.delta)} | ${cell(r.p)} | ${r.verdict.symbol} ${cell(r.verdict.word)} | ${cell(r.changePoints)} |`);
  }
  lines.push('', '### Change points', '');
  if (view.changes.length === 0) lines.push('No change point in any series.');
  else {
    lines.push('| series | date | commit | before | after | delta | p | kind |', '|---|---|---|--:|--:|--:|--:|---|');
    for (const c of view.changes) {
      const env = `${c.environmentChanged ? ' (environment changed)' : ''}${c.machineChanged ? ' (machine changed)' : ''}`;
      lines.push(`| ${cell(c.series)} | ${cell(c.date)} | ${cell(c.commit)} | ${cell(c.before)} | ${cell(c.after)} | ${cell(c.delta)} | ${cell(c.p)} | ${c.kind.symbol} ${cell(c.kind.word)}${env} |`);
    }
  }
  lines.push('', '### Weeks where the machine changed', '', cell(view.machineNote));
  if (view.machineChanges.length > 0) {
    lines.push('', '| run | date | commit | canary slower | drift guard |', '|---|---|---|--:|---|');
    for (const m of view.machineChanges) lines.push(`| ${cell(m.run)} | ${cell(m.date)} | ${cell(m.commit)} | ${cell(m.slower)} | ${cell(m.summary)} |`);
  }
  const text = `${lines.join('\n')}\n`;
  if (text.length <= MARKDOWN_MAX_CHARS) return text;
  const cut = text.lastIndexOf('\n', MARKDOWN_MAX_CHARS - 200);
  return `${text.slice(0, cut)}\n\n… truncated to fit ${MARKDOWN_MAX_CHARS} characters; see trend.html for everything.\n`;
}

/** The trend as a self-contained HTML page (inline CSS and SVG, no scripts). */
export function renderTrendHtml(report: TrendReport): string {
  return htmlFromView(buildTrendViewModel(report));
}

/** The trend as Markdown (fits $GITHUB_STEP_SUMMARY: at most 65,536 characters). */
export function renderTrendMarkdown(report: TrendReport): string {
  return markdownFromView(buildTrendViewModel(report));
}

/** Writes the requested formats into `outDir`; returns format → path. */
export async function writeTrendReports(report: TrendReport, outDir: string, formats: readonly TrendFormat[]): Promise<Record<string, string>> {
  for (const f of formats) {
    if (!TREND_FORMATS.includes(f)) throw new UsageError(`unknown trend format "${String(f)}"; valid formats: ${TREND_FORMATS.join(', ')}`);
  }
  const view = buildTrendViewModel(report);
  const written: Record<string, string> = {};
  for (const format of new Set(formats)) {
    const path = join(outDir, TREND_FILE_NAMES[format]);
    await writeFileAtomic(path, format === 'html' ? htmlFromView(view) : markdownFromView(view));
    written[format] = path;
  }
  return written;
}
