import { describe, expect, it } from 'vitest';
import { bisectResultsJson, buildBisectView, renderBisectHtml, renderBisectMarkdown } from '../../src/bisect/report.js';
import type { BisectOutcome } from '../../src/bisect/outcome.js';
import type { PairEffect } from '../../src/bisect/search.js';

const pair = (worsePct: number, p: number): PairEffect => ({ worsePct, loPct: worsePct - 4, hiPct: worsePct + 4, p, n: 5, regressed: p <= 0.05 && worsePct >= 5 });
const commit = (i: number) => ({ ref: i === 0 ? 'v1' : i === 4 ? 'main' : `c${i}`, sha: `${i}`.repeat(40), subject: i === 3 ? 'slower | handler' : `change ${i}`, authorDate: `2026-12-0${i + 1}T10:00:00Z`, author: 't', merge: i === 3 });
const metric = { scenario: 'hit', gating: { metric: 'http_req_duration', stat: 'med', direction: 'lower' as const, minEffectPct: 5, gate: true } };

function outcome(status: BisectOutcome['status']): Omit<BisectOutcome, 'reports'> {
  const found = status === 'found';
  return {
    status,
    range: { repo: '/r', commits: [0, 1, 2, 3, 4].map(commit) },
    ends: { primary: found ? metric : null, metrics: [{ metric, effect: found ? pair(30, 0.03) : pair(1, 0.5) }], rounds: 1, repetitions: 10, confidence: 0.97 },
    search: found
      ? {
          culprits: [{ index: 3, lastGood: 2, alsoPossible: [], effect: pair(29, 0.03), fromStep: 2 }],
          steps: [
            { number: 1, lo: 0, mid: 2, hi: 4, verdict: 'good', evidence: { left: pair(1, 0.4), right: pair(29, 0.03), rounds: 1, repetitions: 15 }, confidence: 0.97 },
            { number: 2, lo: 2, mid: 3, hi: 4, verdict: 'bad', evidence: { left: pair(29, 0.03), right: pair(0, 0.6), rounds: 2, repetitions: 30 }, confidence: 0.97 },
          ],
          confidence: 0.91,
        }
      : null,
    settings: { alpha: 0.05, confidence: 0.95, minEffectPct: 5, correction: 'holm', maxRounds: 3, pairsPerRound: 5 },
    repetitions: found ? 55 : 10,
    durationMs: 61_000,
    notices: ['commit 1 does not build; skipped'],
  };
}

describe('bisect reports', () => {
  it('name the first bad commit with its change, interval and step, and every step', () => {
    const view = buildBisectView(outcome('found'));
    expect(view.headline).toBe(`first bad commit for hit: http_req_duration med: ${'3'.repeat(12)} slower | handler`);
    expect(view.culprits[0]).toMatchObject({ effect: '+29.00%', interval: '[+25.00%, +33.00%]', p: 'p=0.030', step: 'step 2', merge: true });
    expect(view.steps.map((s) => [s.commit, s.verdict, s.p, s.repetitions])).toEqual([
      ['2'.repeat(12), 'good-like', 'p=0.030', '15 (1 round)'],
      ['3'.repeat(12), 'bad-like', 'p=0.030', '30 (2 rounds)'],
    ]);
    expect(view.facts.find((f) => f.label === 'steps')?.value).toBe('2 (⌈log2 4⌉ = 2), 0 skipped');
    const html = renderBisectHtml(view);
    expect(html).toMatch(/<code>3{40}<\/code><\/td><td class="name">slower \| handler <span class="badge badge-warn">merge<\/span>/);
    expect(html).toContain('confidence of the search</dt><dd>91%');
    const md = renderBisectMarkdown(view);
    expect(md).toContain(`| \`${'3'.repeat(40)}\` | slower \\| handler (merge) | 2026-12-04T10:00:00Z | +29.00% |`);
    const json = JSON.parse(bisectResultsJson(outcome('found'))) as { status: string; firstBad: Array<{ sha: string; lastGood: string }> };
    expect(json.firstBad).toMatchObject([{ sha: '3'.repeat(40), lastGood: '2'.repeat(40) }]);
  });

  it('say why nothing was searched when the ends show no regression or do not reproduce it', () => {
    for (const status of ['no-regression', 'not-reproduced'] as const) {
      const view = buildBisectView(outcome(status));
      expect(view.culprits).toEqual([]);
      expect(view.headline).toMatch(status === 'no-regression' ? /main is not slower than v1 by the minimum effect/ : /the ends did not reproduce the regression/);
      expect(renderBisectHtml(view)).toContain('No step was taken.');
      expect(renderBisectMarkdown(view)).toContain('No step was taken.');
    }
  });
});
