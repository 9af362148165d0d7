import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildReportViewModel,
  MARKDOWN_MAX_CHARS,
  renderHtmlReport,
  renderJsonReport,
  renderJunitReport,
  renderMarkdownReport,
  writeReports,
  type ReportFormat,
} from '../../src/report/index.js';
import { UsageError } from '../../src/core/errors.js';
import { HOSTILE } from './fixtures/report-fixtures.js';
import { releaseSuite } from './fixtures/suite.js';
import { findAll, parseXml } from './xml-check.js';

/** Visible text of an HTML fragment: tags dropped, the entities Handlebars emits decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Rows of the HTML table with class `cls` in the section of scenario `name`. */
function tableRows(html: string, scenarioAnchor: string, cls: string): string[] {
  const section = html.slice(html.indexOf(`id="${scenarioAnchor}"`));
  const table = section.slice(section.indexOf(`<table class="${cls}">`), section.indexOf('</table>', section.indexOf(`<table class="${cls}">`)));
  return table.split('<tr').slice(2).map(htmlText);
}

describe('HTML verdict page', () => {
  it('leads with the overall verdict and the reason in one line', () => {
    const html = renderHtmlReport(releaseSuite());
    const banner = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(htmlText(banner)).toContain('✗ fail');
    expect(banner).toContain('banner-bad');
    expect(htmlText(banner)).toContain('peak http_req_duration p(95) regressed +25.85% (p=0.007) (and 1 more)');
    const passing = renderHtmlReport(releaseSuite({ allPass: true }));
    const passBanner = htmlText(passing.slice(passing.indexOf('<header'), passing.indexOf('</header>')));
    expect(passBanner).toContain('✓ pass');
    expect(passBanner).toContain('7 target thresholds met; no significant regression in 5 gating metrics (alpha 0.05, Holm–Bonferroni-corrected).');
  });

  it('shows the threshold table and the baseline table with verdict words, not colour alone', () => {
    const html = renderHtmlReport(releaseSuite());
    const thresholds = tableRows(html, 'scenario-3', 'thresholds');
    expect(thresholds).toHaveLength(2);
    expect(thresholds[0]).toMatch(/http_req_duration p\(95\)<220 p\(95\)<180 239 ms ✗ fail/);
    expect(thresholds[1]).toMatch(/http_req_failed rate<0.01 0.1% ✓ pass/);
    const comparisons = tableRows(html, 'scenario-3', 'comparisons');
    expect(comparisons).toHaveLength(1);
    expect(comparisons[0]).toMatch(/189 ms ± 4% 239 ms ± 3% \+26.46% p=0.002 adj. p=0.007 6 \/ 6 .*▼ regressed/);
    expect(htmlText(tableRows(html, 'scenario-2', 'comparisons').join(''))).toContain('▲ improved');
    expect(htmlText(tableRows(html, 'scenario-4', 'comparisons').join(''))).toContain('~ unchanged');
    expect(html).toContain('class="badge badge-bad">✗ fail');
    // one dot per repetition per side in the strip chart
    const strip = html.slice(html.indexOf('<svg class="strip"', html.indexOf('id="scenario-3"')));
    expect(strip.slice(0, strip.indexOf('</svg>')).match(/<circle class="dot-(base|head)"/g)).toHaveLength(12);
  });

  it('shows both environments and the comparison settings, and warns when they differ', () => {
    const same = renderHtmlReport(releaseSuite());
    expect(same).not.toContain('id="environment-warning"');
    const settings = htmlText(same.slice(same.indexOf('<table class="settings">'), same.indexOf('</table>', same.indexOf('<table class="settings">'))));
    expect(settings).toContain('significance level (alpha) 0.05');
    expect(settings).toContain('multiple-comparison correction Holm–Bonferroni');
    expect(settings).toContain('minimum effect 5%');
    expect(settings).toContain('repetitions (base / head) 6 / 6');
    const differing = renderHtmlReport(releaseSuite({ mismatch: true }));
    const warning = htmlText(differing.slice(differing.indexOf('id="environment-warning"'), differing.indexOf('</div>', differing.indexOf('id="environment-warning"'))));
    expect(warning).toContain('The base and head environments differ (CPU, cores, fingerprint)');
    expect(differing).toMatch(/<tr class="differs"><th>CPU<\/th><td class="name">Apple M2 Pro<\/td><td class="name">AMD EPYC 7763/);
  });

  it('says plainly when there is no baseline and still shows the thresholds', () => {
    const html = renderHtmlReport(releaseSuite({ withBaseline: false }));
    expect(htmlText(html)).toContain('No baseline. No baseline: this run was judged against its target thresholds only.');
    expect(html).not.toContain('<table class="comparisons">');
    expect(tableRows(html, 'scenario-3', 'thresholds')).toHaveLength(2);
    expect(htmlText(html)).toContain('No baseline to compare with: thresholds only.');
  });

  it('is self-contained: no scripts, no external resources, inline CSS and SVG', () => {
    const html = renderHtmlReport(releaseSuite({ hostile: true }));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    expect(html).toContain('<style>');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(15);
  });

  it('renders hostile names as text', () => {
    const html = renderHtmlReport(releaseSuite({ hostile: true }));
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(htmlText(html)).toContain(HOSTILE);
    expect(html).toContain('{{evil}}');
  });

  it('names the engine once: the k6 binary by its version line, the embedded engine by its version', () => {
    const input = releaseSuite();
    input.head = { ...input.head, engine: { name: 'k6', version: 'k6 v0.49.0 (go1.21.6, linux/amd64)' } };
    input.base = { ...input.base!, engine: { name: 'embedded', version: 'loadgate-embedded/0.3.0 (k6 v0.49 compatible)' } };
    const view = buildReportViewModel(input);
    expect(view.tool).toBe('loadgate · engine k6 v0.49.0 (go1.21.6, linux/amd64)');
    expect(view.runs.head.find((f) => f.label === 'engine')?.value).toBe('k6 v0.49.0 (go1.21.6, linux/amd64)');
    expect(view.runs.base?.find((f) => f.label === 'engine')?.value).toBe('loadgate-embedded/0.3.0 (k6 v0.49 compatible)');
    for (const text of [htmlText(renderHtmlReport(input)), renderMarkdownReport(input)]) {
      expect(text).toContain('k6 v0.49.0 (go1.21.6, linux/amd64)');
      expect(text).not.toMatch(/k6 k6|embedded loadgate-embedded/);
    }
  });

  it('draws the percentile curve from the merged histograms, base and head', () => {
    const view = buildReportViewModel(releaseSuite());
    const latency = view.scenarios[2]?.charts.find((c) => c.title === 'Latency by percentile');
    expect(latency?.series.map((s) => s.side)).toEqual(['base', 'head']);
    expect(latency?.series[0]?.label).toBe('base (3,600 samples)');
    for (const series of latency?.series ?? []) {
      const ys = [...series.path.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
      expect(ys.length).toBe(81);
      // latency never decreases with the percentile: SVG y never increases
      for (let i = 1; i < ys.length; i += 1) expect(ys[i]).toBeLessThanOrEqual(ys[i - 1] as number);
    }
    const [base, head] = (latency?.series ?? []).map((s) => Number(/([\d.]+)$/.exec(s.path.split(' L')[40] ?? '')?.[1]));
    expect(head).toBeLessThan(base as number); // peak's head is slower: higher on the chart, smaller y
  });
});

describe('details', () => {
  it('groups errors by kind, counts dropped iterations and checks', () => {
    const view = buildReportViewModel(releaseSuite());
    const peak = view.scenarios[2];
    expect(peak?.errors).toEqual([
      { kind: 'request timeout', count: '2', repetitions: '2, 4', example: 'request timeout: GET http://127.0.0.1:41234/items/17 after 5000 ms' },
      { kind: 'connection reset', count: '1', repetitions: '4', example: 'connection reset: read ECONNRESET' },
    ]);
    expect(peak?.droppedIterations).toBe('63 dropped (0, 12, 3, 41, 7, 0 per repetition)');
    const health = peak?.checks.find((c) => c.name === 'health');
    expect(health).toMatchObject({ isGroup: true, passes: '3,480', fails: '0', passRate: '100%' });
    expect(peak?.checks.find((c) => c.name === 'async 200')).toMatchObject({ isGroup: false, passes: '906', depth: 0 });
  });

  it('proves zero data loss, and says so when records were lost', () => {
    const view = buildReportViewModel({ ...releaseSuite(), signOff: true });
    expect(view.scenarios[3]?.dataLoss[0]).toMatchObject({ metric: 'sync_records_lost', statement: '0 records lost in 6 repetitions' });
    expect(view.scenarios[3]?.dataLoss[0]?.related).toEqual([
      { label: 'sync_records_sent', value: '120,000 in total' },
      { label: 'sync_records_stored', value: '120,000 in total' },
    ]);
    const lossy = releaseSuite();
    const sync = lossy.head.scenarios[3];
    const counter = sync?.repetitions[2]?.summary.metrics.sync_records_lost;
    if (counter) counter.values.count = 3;
    const lossyView = buildReportViewModel({ ...lossy, signOff: true });
    expect(lossyView.scenarios[3]?.dataLoss[0]?.statement).toBe('3 records lost in 6 repetitions');
    expect(lossyView.signOff?.checklist[3]).toMatchObject({ label: 'Zero data loss', verdict: { word: 'not met' } });
  });
});

describe('release sign-off', () => {
  it('is ready only when the gate passed and every checklist item is met', () => {
    const failing = buildReportViewModel({ ...releaseSuite(), signOff: true });
    expect(failing.signOff?.ready).toBe(false);
    expect(failing.signOff?.checklist.map((c) => c.verdict.word)).toEqual(['met', 'not met', 'not met', 'met', 'met']);
    const passing = buildReportViewModel({ ...releaseSuite({ allPass: true }), signOff: true });
    expect(passing.signOff).toMatchObject({ ready: true, version: '1.4.0', commit: '3f9c2a1d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a' });
    expect(passing.signOff?.verdict.word).toBe('ready to sign');
    const noBase = buildReportViewModel({ ...releaseSuite({ withBaseline: false, allPass: true }), signOff: true });
    expect(noBase.signOff?.checklist[2]?.verdict.word).toBe('not checked');
    expect(noBase.signOff?.ready).toBe(false);
  });

  it('shows the trend from history, or a placeholder without it', () => {
    const input = { ...releaseSuite({ allPass: true }), signOff: true };
    const html = renderHtmlReport(input);
    expect(htmlText(html)).toContain('No history was supplied.');
    expect(html).toContain('class="signature"');
    expect(html).toContain('@media print');
    const history = [0, 1, 2, 3].map((w) => ({
      runId: `w${w}`,
      createdAt: `2025-05-${String(5 + w * 7).padStart(2, '0')}T00:00:00Z`,
      scenario: 'peak',
      metric: 'http_req_duration',
      stat: 'p(95)',
      value: 180 + w * 3,
      unit: 'ms',
    }));
    const withTrend = buildReportViewModel({ ...input, history });
    expect(withTrend.signOff?.trend).toHaveLength(1);
    expect(withTrend.signOff?.trend[0]).toMatchObject({ label: 'peak · http_req_duration p(95)', latest: '189 ms (2025-05-26)', points: '4 runs' });
    expect(renderHtmlReport({ ...input, history })).toContain('id="trend-1"');
  });
});

describe('Markdown summary', () => {
  it('puts the verdict first, then a compact table of what changed, details folded', () => {
    const md = renderMarkdownReport(releaseSuite());
    expect(md.split('\n')[0]).toBe('## ❌ FAIL — loadgate report — release');
    const changed = md.slice(md.indexOf('### What changed'), md.indexOf('<details>'));
    expect(changed).toContain('| peak | http_req_duration p(95) | 189 ms ± 4% | 239 ms ± 3% | +26.46% | p=0.002 (adj. p=0.007) | ❌ regressed |');
    expect(changed).toContain('| warm-cache | http_req_duration p(95) | 15.15 ms ± 4% | 12.05 ms ± 3% | -20.46% | p=0.002 (adj. p=0.007) | ✅ improved |');
    expect(changed).toContain('| peak | http_req_duration | p(95)&lt;220 | 239 ms | ❌ fail |');
    expect(changed).not.toContain('unchanged');
    expect(md).toMatch(/<details>\n<summary>All scenarios: thresholds and comparisons<\/summary>\n\n/);
    const quiet = releaseSuite({ allPass: true });
    for (const scenario of quiet.comparison.scenarios) {
      scenario.metrics = scenario.metrics.map((m) => ({ ...m, verdict: 'unchanged' as const }));
      scenario.thresholds = scenario.thresholds.map((t) => ({ ...t, verdict: 'pass' as const }));
    }
    expect(renderMarkdownReport(quiet)).toContain('No significant change against the baseline, and every target threshold passed.');
    expect(renderMarkdownReport(releaseSuite({ allPass: true }))).not.toContain('No significant change');
    expect(renderMarkdownReport(releaseSuite({ withBaseline: false }))).toContain('> ℹ️ No baseline: this run was judged against its target thresholds only.');
  });

  it('escapes hostile names: no raw HTML, pipes and backticks escaped, tables keep their columns', () => {
    const md = renderMarkdownReport(releaseSuite({ hostile: true }));
    expect(md).not.toMatch(/<script|<\/script/);
    expect(md).not.toMatch(/[^\\]`/);
    expect(md).toContain('&lt;script&gt;alert("x")&lt;/script&gt; \\| \\`tick\\` \\{\\{evil\\}\\} &amp;');
    // No @mention from a PR comment.
    expect(md).toContain('@&#8203;octo-team');
    expect(md).not.toMatch(/@octo-team/);
    let columns = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) {
        columns = 0;
        continue;
      }
      const cells = line.split(/(?<!\\)\|/).length;
      if (columns === 0) columns = cells;
      expect(cells, line).toBe(columns);
    }
  });

  it('stays under 65,536 characters whatever the size, with a note', () => {
    const big = releaseSuite();
    const template = big.comparison.scenarios[2];
    if (!template) throw new Error('fixture has no peak scenario');
    big.comparison.scenarios = Array.from({ length: 300 }, (_, i) => ({
      ...template,
      name: `scenario-${i}-${'x'.repeat(60)}`,
      metrics: Array.from({ length: 30 }, (_, j) => ({ ...(template.metrics[0] as (typeof template.metrics)[0]), metric: `metric_${j}_${'y'.repeat(40)}` })),
    }));
    const md = renderMarkdownReport(big);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(md).toContain("omitted to stay under GitHub's 65,536-character limit; see the HTML report.");
    expect(md.split('\n')[0]).toBe('## ❌ FAIL — loadgate report — release');
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);

    const pathological = releaseSuite();
    pathological.comparison.reasons = [`huge ${'|<z>'.repeat(50_000)}`];
    pathological.title = 't'.repeat(100_000);
    const cut = renderMarkdownReport(pathological);
    expect(cut.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(cut.startsWith('## ❌ FAIL')).toBe(true);
  });
});

describe('JUnit XML', () => {
  it('parses as XML with one testcase per threshold and per gating comparison', () => {
    const root = parseXml(renderJunitReport(releaseSuite()));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '12', failures: '2', skipped: '0', errors: '0' });
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ['baseline', '2', '0'],
      ['warm-cache', '3', '0'],
      ['peak', '3', '2'],
      ['sync-stress', '2', '0'],
      ['db-1m', '2', '0'],
    ]);
    expect(findAll(root, 'testcase')).toHaveLength(12);
    const failures = findAll(root, 'failure');
    expect(failures.map((f) => f.attrs.type)).toEqual(['threshold', 'regression']);
    expect(failures[0]?.attrs.message).toBe('http_req_duration p(95)<220 failed: measured 239 ms; target p(95)<220; warn at p(95)<180');
    expect(failures[1]?.attrs.message).toBe('http_req_duration p(95) regressed +26.46% (p=0.002)');
    expect(failures[1]?.text).toContain('base 189 ms ± 4% → head 239 ms ± 3%');
  });

  it('counts no-data thresholds as failures and insufficient data as skipped', () => {
    const input = releaseSuite();
    const peak = input.comparison.scenarios[2];
    if (!peak?.thresholds[1] || !peak.metrics[0]) throw new Error('fixture changed');
    peak.thresholds[1] = { ...peak.thresholds[1], verdict: 'no-data', measured: null };
    peak.metrics[0] = { ...peak.metrics[0], verdict: 'insufficient-data' };
    const root = parseXml(renderJunitReport(input));
    expect(root.attrs).toMatchObject({ tests: '12', failures: '2', skipped: '1' });
    expect(findAll(root, 'failure').map((f) => f.attrs.type)).toEqual(['threshold', 'no-data']);
  });

  it('escapes hostile names so the XML still parses and keeps the text', () => {
    const xml = renderJunitReport(releaseSuite({ hostile: true }));
    const root = parseXml(xml);
    expect(findAll(root, 'testsuite')[0]?.attrs.name).toBe(HOSTILE);
    expect(findAll(root, 'testcase')[0]?.attrs.name).toBe(`threshold ${HOSTILE}: p(95)<500 ${HOSTILE}`);
    const nul = releaseSuite();
    nul.comparison.scenarios[0] = { ...(nul.comparison.scenarios[0] as (typeof nul.comparison.scenarios)[0]), name: 'bad\u0000name\u001b' };
    expect(findAll(parseXml(renderJunitReport(nul)), 'testsuite')[0]?.attrs.name).toBe('bad\uFFFDname\uFFFD');
  });

  it('the checker itself rejects broken XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(() => parseXml('<a x="1 & 2"/>')).toThrow(/entity/);
    expect(() => parseXml('<a>1 < 2</a>')).toThrow(/malformed|raw/);
  });
});

describe('JSON and writeReports', () => {
  it('the JSON report is the view model', () => {
    const input = releaseSuite({ hostile: true });
    expect(JSON.parse(renderJsonReport(input))).toEqual(buildReportViewModel(input));
  });

  it('writes every requested format atomically and returns the paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-report-'));
    try {
      const input = releaseSuite();
      const formats: ReportFormat[] = ['html', 'markdown', 'junit', 'json'];
      const written = await writeReports(input, join(dir, 'out'), formats);
      expect(Object.keys(written).sort()).toEqual(['html', 'json', 'junit', 'markdown']);
      expect(await readFile(written.html as string, 'utf8')).toBe(renderHtmlReport(input));
      expect(await readFile(written.markdown as string, 'utf8')).toBe(renderMarkdownReport(input));
      expect(await readFile(written.junit as string, 'utf8')).toBe(renderJunitReport(input));
      expect(await readFile(written.json as string, 'utf8')).toBe(renderJsonReport(input));
      await expect(writeReports(input, dir, ['pdf' as ReportFormat])).rejects.toThrow(UsageError);
      await expect(writeReports(input, dir, ['pdf' as ReportFormat])).rejects.toThrow('unknown report format "pdf"; valid formats: html, markdown, junit, json, comment');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
