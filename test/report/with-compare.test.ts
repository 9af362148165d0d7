/**
 * The renderers fed by the real comparator (src/compare compareRuns) on the literal
 * results files of the fixtures: every verdict the Comparison holds shows up, and the
 * JUnit counts match it.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { buildReportViewModel, renderHtmlReport, renderJunitReport, renderMarkdownReport, MARKDOWN_MAX_CHARS } from '../../src/report/index.js';
import { releaseSuite } from './fixtures/suite.js';
import { findAll, parseXml } from './xml-check.js';

describe('reports from a real comparison', () => {
  it('renders what compareRuns decided, in every format', () => {
    const { head, base } = releaseSuite();
    const comparison = compareRuns(base ?? null, head);
    const input = { comparison, head, base, generatedAt: '2025-06-02T11:00:00.000Z' };
    const view = buildReportViewModel(input);
    expect(view.banner.verdict.word).toBe(comparison.verdict);
    expect(view.scenarios.map((s) => s.name)).toEqual(comparison.scenarios.map((s) => s.name));

    const gating = comparison.scenarios.flatMap((s) => s.metrics.filter((m) => m.gating));
    const thresholds = comparison.scenarios.flatMap((s) => s.thresholds);
    const root = parseXml(renderJunitReport(input));
    expect(Number(root.attrs.tests)).toBe(gating.length + thresholds.length);
    const expectedFailures =
      gating.filter((m) => m.verdict === 'regressed').length + thresholds.filter((t) => t.verdict === 'fail' || t.verdict === 'no-data').length;
    expect(findAll(root, 'failure')).toHaveLength(expectedFailures);

    // peak's head is ~26% slower in every repetition: the comparator must call it, and the page must show it
    const peak = comparison.scenarios.find((s) => s.name === 'peak');
    expect(peak?.metrics.some((m) => m.verdict === 'regressed')).toBe(true);
    expect(renderHtmlReport(input)).toContain('▼ regressed');
    const md = renderMarkdownReport(input);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(md).toMatch(/\| peak \| .* \| ❌ regressed \|/);
  });
});
