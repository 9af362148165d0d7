import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/results/results.js';
import { buildScenarioCharts } from '../../src/report/scenario-charts.js';
import { releaseSuite } from './fixtures/suite.js';

/** One scenario of the release fixture with a single repetition of the given series and duration. */
function withSeries(points: Array<[number, number]>, durationMs: number): ScenarioResult {
  const scenario = structuredClone(releaseSuite().head.scenarios[0] as ScenarioResult);
  const rep = scenario.repetitions[0]!;
  rep.summary.state.testRunDurationMs = durationMs;
  rep.timeSeries = points.map(([t, rps]) => ({ t, rps, p95Ms: 10, vus: 5 }));
  scenario.repetitions = [rep];
  return scenario;
}

function throughputPath(scenario: ScenarioResult): string {
  const chart = buildScenarioCharts(scenario, null, 0).find((c) => c.title === 'Throughput over time');
  expect(chart?.series).toHaveLength(1);
  return chart!.series[0]!.path;
}

describe('throughput over time', () => {
  it('draws a last partial second as a rate over the part the run covered, not as a dip', () => {
    // 30 requests in the 0.6 s before the run ended are 50 req/s: the same line as a series already closed that way.
    const raw = throughputPath(withSeries([[1, 100], [2, 100], [3, 30]], 2600));
    expect(raw).toBe(throughputPath(withSeries([[1, 100], [2, 100], [2.6, 50]], 2600)));
    expect(raw).not.toBe(throughputPath(withSeries([[1, 100], [2, 100], [3, 30]], 3000)));
  });

  it('leaves out a last partial second under half a second long', () => {
    const raw = throughputPath(withSeries([[1, 100], [2, 100], [3, 30]], 2300));
    expect(raw).toBe(throughputPath(withSeries([[1, 100], [2, 100]], 2300)));
  });

  it('keeps a run that filled its last second as counted', () => {
    const full = throughputPath(withSeries([[1, 100], [2, 100], [3, 90]], 3000));
    expect(full.split(' L')).toHaveLength(3);
  });
});
