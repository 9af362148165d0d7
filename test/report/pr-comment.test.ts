import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportViewModel, MARKDOWN_MAX_CHARS, renderMarkdownReport, REPORT_FILE_NAMES, writeReports } from '../../src/report/index.js';
import { renderMarkdownFromView } from '../../src/report/markdown.js';
import { PR_COMMENT_MARKER, renderPrCommentFromView } from '../../src/report/pr-comment.js';
import { releaseSuite } from './fixtures/suite.js';

/** A suite of 300 scenarios × 30 gating metrics: far more than one comment can hold. */
function hugeSuite(): ReturnType<typeof releaseSuite> {
  const big = releaseSuite();
  const template = big.comparison.scenarios[2];
  if (!template?.metrics[0]) throw new Error('fixture has no peak scenario');
  const metric = template.metrics[0];
  big.comparison.scenarios = Array.from({ length: 300 }, (_, i) => ({
    ...template,
    name: `scenario-${i}-${'x'.repeat(60)}`,
    metrics: Array.from({ length: 30 }, (_, j) => ({ ...metric, metric: `metric_${j}_${'y'.repeat(40)}` })),
  }));
  return big;
}

describe('PR comment body', () => {
  it('starts with the marker line, then is exactly the Markdown summary', () => {
    const input = releaseSuite();
    const body = renderPrCommentFromView(buildReportViewModel(input));
    expect(body.split('\n')[0]).toBe(PR_COMMENT_MARKER);
    expect(PR_COMMENT_MARKER).toBe('<!-- loadgate:pr-comment -->');
    expect(body.slice(PR_COMMENT_MARKER.length + 1)).toBe(renderMarkdownReport(input));
  });

  it('keeps room for the marker when the summary alone would just fit', () => {
    const view = buildReportViewModel(releaseSuite());
    // Pad a field the renderer does not shorten until the summary alone is 10 characters under the limit.
    const plain = renderMarkdownFromView(view).length;
    view.generatedAt += 'z'.repeat(MARKDOWN_MAX_CHARS - 10 - plain);
    const summary = renderMarkdownFromView(view);
    expect(summary.length).toBe(MARKDOWN_MAX_CHARS - 10);
    const body = renderPrCommentFromView(view);
    expect(body.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(body.startsWith(`${PR_COMMENT_MARKER}\n## ❌ FAIL`)).toBe(true);
    expect(body).toContain("detail rows omitted to stay under GitHub's 65,536-character limit");
  });

  it('stays under GitHub\'s 65,536-character comment limit, marker included', () => {
    const body = renderPrCommentFromView(buildReportViewModel(hugeSuite()));
    expect(body.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(body.startsWith(`${PR_COMMENT_MARKER}\n## ❌ FAIL`)).toBe(true);
    expect(body).toContain("omitted to stay under GitHub's 65,536-character limit; see the HTML report.");
    expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);

    const pathological = releaseSuite();
    pathological.comparison.reasons = [`huge ${'|<z>'.repeat(50_000)}`];
    pathological.title = 't'.repeat(100_000);
    const cut = renderPrCommentFromView(buildReportViewModel(pathological));
    expect(cut.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(cut.startsWith(`${PR_COMMENT_MARKER}\n## ❌ FAIL`)).toBe(true);
  });

  it('escapes hostile names: no raw HTML, and an @team mention does not notify anyone', () => {
    const body = renderPrCommentFromView(buildReportViewModel(releaseSuite({ hostile: true })));
    expect(body).not.toMatch(/<script|<\/script/);
    expect(body).toContain('@&#8203;octo-team');
    expect(body).not.toMatch(/@octo-team/);
    // The marker is the only HTML comment: a name cannot fake (or close) one.
    expect(body.match(/<!--/g)).toHaveLength(1);
  });

  it('is written as pr-comment.md by writeReports with the comment format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-comment-'));
    try {
      const input = releaseSuite();
      const written = await writeReports(input, dir, ['markdown', 'comment']);
      expect(REPORT_FILE_NAMES.comment).toBe('pr-comment.md');
      expect(written.comment).toBe(join(dir, 'pr-comment.md'));
      const comment = await readFile(written.comment as string, 'utf8');
      const summary = await readFile(written.markdown as string, 'utf8');
      expect(comment).toBe(`${PR_COMMENT_MARKER}\n${summary}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
