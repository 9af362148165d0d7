import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, readHistory } from '../../src/history/history-store.js';
import { buildTrend, resultsFromHistory } from '../../src/history/trend.js';
import { renderTrendHtml, renderTrendMarkdown, writeTrendReports } from '../../src/report/trend-render.js';
import { historyRecordOf } from '../../src/history/history-record.js';
import type { ResultsFile } from '../../src/results/results.js';
import { makeResults } from '../helpers/results-fixture.js';
import { gaussian } from './series.js';

/** Week `w` of a weekly history: 10 repetitions of p(95) around `level` with 3 % noise. */
function week(w: number, level: number, seed: number, fingerprint = 'f00dfeed0001'): ResultsFile {
  const g = gaussian(seed * 1000 + w);
  const p95s = Array.from({ length: 10 }, () => level * (1 + 0.03 * g()));
  const day = new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString();
  const results = makeResults({ profile: 'weekly', runId: `w${String(w).padStart(2, '0')}`, createdAt: day }, p95s);
  results.environment = { ...results.environment, fingerprint, gitSha: `sha${w}`.padEnd(40, '0') };
  return results;
}

async function historyOf(levels: number[], seed = 1): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-trend-'));
  for (const [w, level] of levels.entries()) await appendHistory(dir, week(w, level, seed));
  return dir;
}

describe('trend', () => {
  it('finds the week a 20% slowdown landed and judges this week vs last with the comparator', async () => {
    const dir = await historyOf([...Array(10).fill(100), ...Array(6).fill(120)]);
    const { records } = await readHistory(dir, 'weekly');
    const trend = buildTrend(records, { generatedAt: '2026-05-01T00:00:00.000Z' });
    expect(trend.runs).toHaveLength(16);
    const series = trend.series.find((s) => s.metric === 'http_req_duration' && s.stat === 'p(95)')!;
    expect(series.changePoints.map((c) => c.index)).toEqual([10]);
    expect(series.changePoints[0]).toMatchObject({ kind: 'regression', run: { runId: 'w10' }, environmentChanged: false });
    // Last two weeks are both at 120: unchanged.
    expect(series.latest?.verdict).toBe('unchanged');
    expect(trend.comparison?.verdict).toBe('pass');
  });

  it('a slowdown this week is "regressed" vs last week (same verdict as compareRuns on the runs)', async () => {
    const dir = await historyOf([100, 100, 100, 100, 100, 100, 130]);
    const trend = buildTrend((await readHistory(dir, 'weekly')).records);
    const series = trend.series[0]!;
    expect(series.latest?.verdict).toBe('regressed');
    expect(series.latest?.deltaPct).toBeGreaterThan(20);
    expect(trend.comparison?.verdict).toBe('fail');
    // Too late in the series to be a change point yet (needs 3 runs at the new level).
    expect(series.changePoints).toEqual([]);
  });

  it('one noisy week is neither a change point nor a lasting shift', async () => {
    const levels = Array(14).fill(100);
    levels[7] = 160;
    const dir = await historyOf(levels);
    const trend = buildTrend((await readHistory(dir, 'weekly')).records);
    expect(trend.series.flatMap((s) => s.changePoints)).toEqual([]);
  });

  it('marks a change point where the environment changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-trend-'));
    for (let w = 0; w < 12; w++) await appendHistory(dir, week(w, w < 6 ? 100 : 80, 2, w < 6 ? 'laptop000001' : 'ci0000000001'));
    const trend = buildTrend((await readHistory(dir, 'weekly')).records);
    const cp = trend.series[0]!.changePoints;
    expect(cp).toHaveLength(1);
    expect(cp[0]).toMatchObject({ index: 6, kind: 'improvement', environmentChanged: true });
  });

  it('marks the weeks where the drift guard\'s canary says the machine changed, and a step there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-trend-'));
    // Weeks 0–5 on one machine; from week 6 on, everything (the canary too) is 25 % slower.
    const canary = (cpuMs: number) => ({
      version: 1,
      samples: [1, 1.01, 0.99, 1.005, 0.995, 1.002, 0.998, 1.008].map((f, i) => ({ round: i, startedAt: '2026-01-05T00:00:00Z', httpMedMs: 0.05, httpReqsPerSec: 20_000, cpuLoopMs: cpuMs * f })),
    });
    for (let w = 0; w < 12; w++) await appendHistory(dir, { ...week(w, w < 6 ? 100 : 125, 3), canary: canary(w < 6 ? 80 : 100) });
    const trend = buildTrend((await readHistory(dir, 'weekly')).records);
    expect(trend.runs.map((r) => r.machine.status)).toEqual(['unavailable', ...Array(5).fill('steady'), 'changed', ...Array(5).fill('steady')]);
    expect(trend.runs[6]!.machine.slowerPct).toBeCloseTo(25, 6);
    const cp = trend.series[0]!.changePoints;
    expect(cp).toHaveLength(1);
    expect(cp[0]).toMatchObject({ index: 6, kind: 'regression', machineChanged: true, environmentChanged: false });
    const html = renderTrendHtml(trend);
    expect(html).toMatch(/<table class="comparison" id="machine-changes">[^]*<td class="mono">w06<\/td>[^]*\+25\.00%[^]*the machine changed \(canary \+25\.0 %: cpu loop/);
    expect(html).toMatch(/! machine changed/);
    expect(renderTrendMarkdown(trend)).toMatch(/### Weeks where the machine changed[^]*\| w06 \| 2026-02-16 \|/);
  });

  it('this week vs last across a changed machine is inconclusive, not regressed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-trend-'));
    const canary = (cpuMs: number) => ({ version: 1, samples: [1, 1.01, 0.99, 1.005, 0.995, 1.002].map((f, i) => ({ round: i, startedAt: '2026-01-05T00:00:00Z', httpMedMs: 0.05, httpReqsPerSec: 20_000, cpuLoopMs: cpuMs * f })) });
    await appendHistory(dir, { ...week(0, 100, 4), canary: canary(80) });
    await appendHistory(dir, { ...week(1, 130, 4), canary: canary(104) });
    const trend = buildTrend((await readHistory(dir, 'weekly')).records);
    expect(trend.series[0]!.latest?.verdict).toBe('regressed');
    expect(trend.comparison?.verdict).toBe('inconclusive');
    expect(trend.notes.join(' ')).toMatch(/Between the last two runs the machine changed \(canary \+30\.0 %/);
    expect(renderTrendMarkdown(trend)).toMatch(/^## \? inconclusive/);
  });

  it('history lines read back as results files the comparator accepts', () => {
    const results = week(3, 100, 4);
    const back = resultsFromHistory(historyRecordOf(results));
    expect(back.scenarios[0]!.repetitions).toHaveLength(10);
    expect(back.scenarios[0]!.repetitions.map((r) => r.summary.metrics.http_req_duration!.values['p(95)'])).toEqual(
      results.scenarios[0]!.repetitions.map((r) => Number(r.summary.metrics.http_req_duration!.values['p(95)']!.toPrecision(6))),
    );
  });

  it('says so when there is too little history', () => {
    expect(buildTrend([]).notes).toEqual(['No runs in the history yet.', ]);
    const one = buildTrend([historyRecordOf(week(0, 100, 1))]);
    expect(one.comparison).toBeNull();
    expect(one.notes.join(' ')).toMatch(/Only one run.*need at least 10 runs for a shift to be significant at alpha 0.01/);
  });
});

describe('trend rendering', () => {
  it('renders a self-contained HTML page with charts, the change point and the verdicts', async () => {
    const dir = await historyOf([...Array(8).fill(100), ...Array(6).fill(125)]);
    const trend = buildTrend((await readHistory(dir, 'weekly')).records, { generatedAt: '2026-05-01T00:00:00.000Z' });
    const html = renderTrendHtml(trend);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('loadgate trend — weekly');
    expect(html).toContain('id="change-points"');
    expect(html).toMatch(/<td class="mono">w08<\/td>/);
    expect(html).toContain('▼ regression');
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(trend.series.length);
    const md = renderTrendMarkdown(trend);
    expect(md).toContain('### Change points');
    expect(md).toContain("| baseline · http_req_duration p(95) | 2026-03-02 | sha8000000 | 100.2 ms | 124.1 ms | +23.88% | p=0.002 | ▼ regression |");
    const out = await mkdtemp(join(tmpdir(), 'loadgate-trend-out-'));
    const written = await writeTrendReports(trend, out, ['html', 'markdown']);
    expect(await readFile(written.html!, 'utf8')).toBe(html);
    expect(await readFile(written.markdown!, 'utf8')).toBe(md);
  });

  it('escapes hostile scenario names in both formats', async () => {
    const results = week(0, 100, 1);
    results.scenarios[0]!.name = '<img src=x onerror=alert(1)>|*x*';
    const trend = buildTrend([historyRecordOf(results)]);
    const html = renderTrendHtml(trend);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(renderTrendMarkdown(trend)).toContain('&lt;img src=x onerror=alert(1)&gt;\\|\\*x\\*');
  });
});
