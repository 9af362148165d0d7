/**
 * An expected change (config `expect`) is shown wherever the comparison is: the HTML row
 * carries the claim and whether the ratio interval verified it, the Markdown lists it among
 * what changed, and JUnit fails the case when a gating claim is not verified.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { renderHtmlReport, renderJunitReport, renderMarkdownReport } from '../../src/report/index.js';
import { gate, repsOf, run, scenario } from '../compare/results-builder.js';
import { findAll, parseXml } from './xml-check.js';

const expectHalf = [gate('http_req_duration', 'p(95)', 'lower', { expect: { factor: 0.5 } })];
const base = run('base', [scenario('api', repsOf('http_req_duration', 'p(95)', [100, 102, 98, 101, 99, 100]), { gating: expectHalf })]);

function reports(headValues: number[]) {
  const head = run('head', [scenario('api', repsOf('http_req_duration', 'p(95)', headValues), { gating: expectHalf })]);
  const input = { comparison: compareRuns(base, head), head, base, generatedAt: '2026-11-26T10:00:00.000Z' };
  return { html: renderHtmlReport(input), md: renderMarkdownReport(input), junit: parseXml(renderJunitReport(input)) };
}

describe('expected changes in the reports', () => {
  it('shows a verified speed-up as verified, with the ratio and its interval', () => {
    const { html, md, junit } = reports([40, 41, 39, 40.5, 39.5, 40]);
    expect(html).toMatch(/✓ change verified<\/span> <span class="muted">expected at most 0.5× the baseline, measured 0\.40\d× \(95% CI/);
    expect(md).toMatch(/\| api \| http_req_duration p\(95\) \|.*✅ improved; ✅ change verified: expected at most 0\.5× the baseline/);
    expect(findAll(junit, 'failure')).toHaveLength(0);
  });

  it('fails a real but smaller speed-up (0.6× where 0.5× was claimed) in every format', () => {
    const { html, md, junit } = reports([60, 61, 59, 60.5, 59.5, 60]);
    expect(html).toMatch(/✗ change not verified<\/span> <span class="muted">expected at most 0.5× the baseline, measured 0\.600×/);
    expect(md).toMatch(/❌ change not verified: expected at most 0\.5× the baseline, measured 0\.600×/);
    const failures = findAll(junit, 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attrs.type).toBe('expected-change');
    expect(failures[0]!.attrs.message).toMatch(/http_req_duration p\(95\): expected at most 0\.5× the baseline, measured 0\.600×/);
  });
});
