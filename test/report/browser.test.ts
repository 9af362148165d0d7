/**
 * Opens the HTML report from disk in a real browser (Debian chromium via playwright-core):
 * no console errors, no network, banner / tables / charts visible, and a screenshot for
 * humans in test-artifacts/report.png. Skipped when chromium is not installed, except in CI
 * (CI=true, whose .ci/run installs it) or with LOADGATE_REQUIRE_BROWSER=1: there it fails.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { renderHtmlReport } from '../../src/report/index.js';
import { releaseSuite } from './fixtures/suite.js';
import { compareRuns } from '../../src/compare/compare-runs.js';
import { applyConfirmation, metricsToConfirm, restrictToMetrics } from '../../src/gate/confirm.js';
import { gate, repsOf, run, scenario } from '../compare/results-builder.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.LOADGATE_REQUIRE_BROWSER === '1' || Boolean(process.env.CI);
const available = existsSync(CHROMIUM) || required;

describe.skipIf(!available)('HTML report in a real browser', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    dir = await mkdtemp(join(tmpdir(), 'loadgate-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders offline with no console errors, banner, tables and charts visible', async () => {
    const file = join(dir, 'report.html');
    const history = [0, 1, 2, 3, 4, 5].map((w) => ({
      runId: `w${w}`,
      createdAt: new Date(Date.UTC(2025, 3, 28 + w * 7)).toISOString(),
      scenario: 'peak',
      metric: 'http_req_duration',
      stat: 'p(95)',
      value: [181, 186, 179, 190, 188, 239][w] as number,
      unit: 'ms',
    }));
    await writeFile(file, renderHtmlReport({ ...releaseSuite({ hostile: true, mismatch: true }), signOff: true, history }));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    page.on('request', (req) => {
      if (req.url() !== pathToFileURL(file).href) requests.push(req.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    await expect.poll(() => page.locator('#banner').isVisible()).toBe(true);
    expect(await page.locator('#banner .verdict-word').innerText()).toBe('✗ FAIL');
    expect(await page.locator('#environment-warning').isVisible()).toBe(true);
    // the hostile scenario name is shown as text, and no script ran from it
    expect(await page.locator('#scenario-1 .scenario-name').innerText()).toContain('<script>alert("x")</script>');
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
    expect(await page.locator('table.thresholds').count()).toBe(5);
    expect(await page.locator('table.comparisons').count()).toBe(5);
    expect(await page.locator('#scenario-3 table.thresholds').isVisible()).toBe(true);
    expect(await page.locator('#sign-off table.checklist').isVisible()).toBe(true);

    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(16);
    const latency = page.locator('#chart-3-latency > svg');
    expect(await latency.isVisible()).toBe(true);
    const box = await latency.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    // every line has a drawn length: the SVG paths are real geometry, not empty strings
    const lengths = await page.$$eval('#chart-3-latency path.line', (paths) => paths.map((p) => (p as SVGPathElement).getTotalLength()));
    expect(lengths).toHaveLength(2);
    for (const length of lengths) expect(length).toBeGreaterThan(100);

    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/report.png', fullPage: true });
    await page.locator('#scenario-3').screenshot({ path: 'test-artifacts/report-scenario.png' });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('shows why a verdict is inconclusive (the canary) and the confirmation round', async () => {
    const quiet = (c: number): number[] => [1, 1.01, 0.99, 1.005, 0.995, 1.002, 0.998, 1.008].map((f) => c * f);
    const canary = (cpuMs: number) => ({ version: 1, samples: quiet(cpuMs).map((cpu, i) => ({ round: i, startedAt: '2026-12-04T00:00:00Z', httpMedMs: 0.05, httpReqsPerSec: 20_000, cpuLoopMs: cpu })) });
    const lat = gate('http_req_duration', 'p(95)', 'lower');
    const results = (id: string, level: number, cpu: number) => ({ ...run(id, [scenario('api', repsOf('http_req_duration', 'p(95)', quiet(level)), { gating: [lat] })]), canary: canary(cpu) });
    const stored = compareRuns(results('base', 10, 80), results('head', 13, 100));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const file = join(dir, 'inconclusive.html');
    await writeFile(file, renderHtmlReport({ comparison: stored, head: results('head', 13, 100), base: results('base', 10, 80) }));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(await page.locator('#banner .verdict-word').innerText()).toBe('? INCONCLUSIVE');
    expect(await page.locator('#drift-guard').isVisible()).toBe(true);
    expect(await page.locator('table.drift tbody tr').count()).toBe(2);
    expect(await page.locator('table.drift').innerText()).toMatch(/cpu loop\s+80.08 ms ± 1%\s+100.1 ms ± 1%\s+\+25\.00%\s+p<0.001\s+! moved/);

    const round1 = compareRuns(results('b1', 10, 80), results('h1', 13, 80));
    const picks = metricsToConfirm(round1);
    const round2 = compareRuns(restrictToMetrics(results('b2', 10, 80), picks), restrictToMetrics(results('h2', 10, 80), picks));
    const confirmed = applyConfirmation(round1, round2);
    await writeFile(file, renderHtmlReport({ comparison: confirmed, head: results('h1', 13, 80), base: results('b1', 10, 80) }));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(await page.locator('#banner .verdict-word').innerText()).toBe('✓ PASS');
    expect(await page.locator('#confirmation').isVisible()).toBe(true);
    expect(await page.locator('table.confirmation').innerText()).toMatch(/api\s+http_req_duration p\(95\)\s+\+30\.0% .*\s+\+0\.0% .*not confirmed/);
    await page.screenshot({ path: 'test-artifacts/report-evidence.png', fullPage: true });
    await page.close();
  });
});
