/**
 * A side-by-side gate's confirmation in the reports: both rounds and the test over both rounds'
 * pairs that decided, in HTML and Markdown, and the failure line naming the pooled test.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { confirmSideBySide, screenSideBySide } from '../../src/gate/confirm.js';
import type { ResultsFile } from '../../src/results/results.js';
import { renderHtmlReport, renderMarkdownReport } from '../../src/report/index.js';
import { gate, repsOf, run, scenario } from '../compare/results-builder.js';

const LAT = gate('http_req_duration', 'p(95)', 'lower');

/** One side-by-side round of `api`: pair i has base 10 × drift_i and head that × ratio_i. */
function round(id: string, ratios: number[]): { base: ResultsFile; head: ResultsFile } {
  const drift = [1, 1.4, 0.8, 1.2];
  const base = run(`b${id}`, [scenario('api', repsOf('http_req_duration', 'p(95)', ratios.map((_, i) => 10 * drift[i]!)), { gating: [LAT] })]);
  const head = run(`h${id}`, [scenario('api', repsOf('http_req_duration', 'p(95)', ratios.map((r, i) => 10 * drift[i]! * r)), { gating: [LAT] })]);
  base.sideBySide = { side: 'base', otherRunId: head.runId, order: [] };
  head.sideBySide = { side: 'head', otherRunId: base.runId, order: [] };
  return { base, head };
}

describe('confirmation in the reports', () => {
  it('shows round 1, round 2 and the test over both rounds that decided', () => {
    const r1 = round('1', [1.3, 1.1, 1.25, 0.95]);
    const r2 = round('2', [1.2, 1.15, 1.3, 1.1]);
    const round1 = compareRuns(r1.base, r1.head);
    const picks = screenSideBySide(round1, r1.base, r1.head, {});
    const comparison = confirmSideBySide(round1, picks, { base1: r1.base, head1: r1.head, base2: r2.base, head2: r2.head }, { confirmAlpha: 0.01 });
    expect(comparison.verdict).toBe('fail');
    const input = { comparison, head: r1.head, base: r1.base, generatedAt: '2026-12-06T10:00:00.000Z' };
    const md = renderMarkdownReport(input);
    expect(md).toContain('| scenario | metric | round 1 | round 2 | both rounds (decides) | |');
    expect(md).toMatch(/\| api \| http_req_duration p\(95\) \| \+\d+\.\d% \(one-sided p=0\.125, n=4\) \| \+\d+\.\d% \(one-sided p=0\.063, n=4\) \| \+\d+\.\d% over both rounds \(one-sided p=0\.008, 8 pairs, confirmation level 0\.01\) \| .*confirmed/);
    expect(md).toMatch(/Round 1 flagged 1 metric as possibly worse \(one-sided, adjusted p ≤ 0\.2\)/);
    const html = renderHtmlReport(input);
    expect(html).toContain('<th class="num">both rounds (decides)</th>');
    expect(html).toMatch(/<td class="num">\+\d+\.\d% over both rounds \(one-sided p&#x3D;0\.008, 8 pairs, confirmation level 0\.01\)<\/td>/);
  });
});
