import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/compare-runs.js';
import type { HostSignals, ResultsFile } from '../../src/results/results.js';
import { gate, repsOf, run, scenario } from './results-builder.js';

const LAT = gate('http_req_duration', 'p(95)', 'lower');
const quiet = (c: number): number[] => [1, 1.01, 0.99, 1.005, 0.995, 1.002, 0.998, 1.008].map((f) => c * f);

function host(vuThreadBusy: number): HostSignals {
  return { wallMs: 2000, cores: 2, machineBusyCores: 1.5, stealPct: 0, generatorCores: 0.8, serviceCores: 0.6, othersCores: 0.1, loadAvg1: 1, vuThreadBusy, mainThreadDelayP99Ms: 5 };
}

/** One scenario whose p(95) takes `values`; repetitions listed in `saturated` had a VU thread 97 % busy. */
function results(id: string, values: number[], saturated: number[] = [], other?: string): ResultsFile {
  const sc = scenario('api', repsOf('http_req_duration', 'p(95)', values), { gating: [LAT] });
  sc.repetitions.forEach((rep, i) => (rep.host = host(saturated.includes(i) ? 0.97 : 0.5)));
  const file = run(id, [sc]);
  if (other) file.sideBySide = { side: id.startsWith('b') ? 'base' : 'head', otherRunId: other, order: [] };
  return file;
}

describe('repetitions where the load generator was the bottleneck', () => {
  it('are left out of the comparison and reported, stored numbers side by side alike', () => {
    // Two repetitions of the head measured the generator (5x slower): without them no regression.
    const head = quiet(10);
    head[2] = 50;
    head[5] = 50;
    const c = compareRuns(results('base', quiet(10)), results('head', head, [2, 5]));
    expect(c.saturation).toEqual([{ scenario: 'api', side: 'head', repetitions: [2, 5], of: 8, reasons: ['VU thread busy 97 % of the time in 2 repetitions (limit 90 %)'], leavesTooFew: false }]);
    const lat = c.scenarios[0]!.metrics[0]!;
    expect(lat.head?.n).toBe(6);
    expect(lat.base?.n).toBe(8);
    expect(lat.verdict).toBe('unchanged');
    expect(c.verdict).toBe('pass');
  });

  it('side by side, a saturated repetition takes its pair partner out too', () => {
    const c = compareRuns(results('b1', quiet(10), [], 'h1'), results('h1', quiet(10), [3], 'b1'));
    expect(c.mode).toBe('side-by-side');
    const lat = c.scenarios[0]!.metrics[0]!;
    expect([lat.base?.n, lat.head?.n]).toEqual([7, 7]);
  });

  it('too few repetitions left: the scenario and the gate are inconclusive, not passed', () => {
    const c = compareRuns(results('base', quiet(10)), results('head', quiet(10), [0, 1, 2, 3, 4, 5]));
    expect(c.saturation?.[0]?.leavesTooFew).toBe(true);
    expect(c.verdict).toBe('inconclusive');
    expect(c.scenarios[0]!.verdict).toBe('inconclusive');
    expect(c.reasons[0]).toMatch(/^inconclusive: api \[head\]: the load generator was the bottleneck in 6 of 8 repetitions \(VU thread busy 97 % .*\), too few left to compare$/);
  });

  it('without a baseline, saturation is a warning only: nothing was to be compared', () => {
    const c = compareRuns(null, results('head', quiet(10), [0, 1, 2, 3, 4, 5]));
    expect(c.saturation).toHaveLength(1);
    expect(c.verdict).toBe('pass');
  });
});
