import { describe, expect, it } from 'vitest';
import { resolveScenarios } from '../../src/engine/options/scenarios.js';

describe('option errors name the key once', () => {
  it('options.duration, not options.options.duration; the --duration flag by name', () => {
    expect(() => resolveScenarios({ duration: 'abc' })).toThrow(/^options\.duration: invalid duration "abc"/);
    expect(() => resolveScenarios({}, { duration: 'abc' })).toThrow(/^options\.duration \(the --duration flag\): invalid duration "abc"/);
    expect(() => resolveScenarios({ scenarios: { a: { executor: 'constant-vus', vus: 1, duration: 'x' } } })).toThrow(/^options\.scenarios\.a\.duration: invalid duration "x"/);
  });
});

import { ConfigurationProblemsError } from '../../src/engine/options/scenarios.js';
import { formatGoDuration } from '../../src/engine/options/duration.js';

/** The problems k6 lists for `scenarios` (order aside: k6 walks a Go map). */
function problems(scenarios: Record<string, unknown>, compat: 'v2' | 'v0.49' = 'v2', exportNames = ['default']): string[] {
  try {
    resolveScenarios({ scenarios }, {}, { compat, exportNames });
  } catch (err) {
    if (err instanceof ConfigurationProblemsError) return err.problems;
    throw err;
  }
  return [];
}

describe("k6's configuration check (lines as k6 v2.2.0 and v0.49.0 print them)", () => {
  it('formats durations as Go does', () => {
    expect([0, 700, 1.5, 0.25, 0.000001, 1000, 90_000, 3_600_000, 1500, -1000, 999].map(formatGoDuration)).toEqual([
      '0s', '700ms', '1.5ms', '250µs', '1ns', '1s', '1m30s', '1h0m0s', '1.5s', '-1s', '999ms',
    ]);
  });

  it('lists every scenario problem, several per scenario, in k6 order within a scenario', () => {
    const got = problems(
      {
        cv0: { executor: 'constant-vus', vus: 0, duration: '2s' },
        cvnod: { executor: 'constant-vus', vus: 1 },
        cvmulti: { executor: 'constant-vus', vus: -1, duration: '10ms', startTime: '-1s', gracefulStop: '-2s' },
        car0: { executor: 'constant-arrival-rate', rate: 0, timeUnit: '0s', duration: '2s', preAllocatedVUs: 0 },
        carnod: { executor: 'constant-arrival-rate', rate: 1, preAllocatedVUs: 1 },
        rar: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, timeUnit: '0s', startRate: -1, stages: [{ duration: '-1s', target: -1 }] },
        rv: { executor: 'ramping-vus', startVUs: -1, stages: [{ duration: '-1s', target: -2 }], gracefulRampDown: '-1s' },
        rvz: { executor: 'ramping-vus', stages: [{ duration: '0s', target: 0 }] },
        si: { executor: 'shared-iterations', vus: 0, iterations: -1, maxDuration: '0s' },
        pvi: { executor: 'per-vu-iterations', vus: 1, iterations: 0, maxDuration: '999ms' },
        'bad name': { executor: 'per-vu-iterations', exec: '' },
        car: { executor: 'constant-arrival-rate', rate: -1, duration: '2s', preAllocatedVUs: -1, maxVUs: -2 },
        rarno: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [] },
        rarz: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, startRate: 0, stages: [{ duration: '1s', target: 0 }] },
        rvshort: { executor: 'ramping-vus', stages: [{ duration: '100ms', target: 1 }] },
        car2: { executor: 'constant-arrival-rate', rate: 1, duration: '2s' },
        rvmissing: { executor: 'ramping-vus', startVUs: 1, stages: [{ target: 1 }, { duration: '1s' }] },
        pvi15: { executor: 'per-vu-iterations', maxDuration: '1500us' },
        si500: { executor: 'shared-iterations', maxDuration: 500 },
        missing: { executor: 'per-vu-iterations', exec: 'nowhere' },
      },
      'v2',
    );
    expect(got).toEqual([
      'scenario cv0 has configuration errors: the number of VUs must be more than 0',
      'scenario cvnod has configuration errors: the duration is unspecified',
      "scenario cvmulti has configuration errors: the startTime can't be negative, the gracefulStop timeout can't be negative, the number of VUs must be more than 0, the duration must be at least 1s, but is 10ms",
      'scenario car0 has configuration errors: the iteration rate must be more than 0, the timeUnit must be more than 0',
      'scenario carnod has configuration errors: the duration is unspecified',
      "scenario rar has configuration errors: the startRate value can't be negative, the timeUnit must be more than 0, the duration for stage 1 can't be negative, the target for stage 1 can't be negative",
      "scenario rv has configuration errors: the number of start VUs can't be negative, either startVUs or one of the stages' target values must be greater than 0, the duration for stage 1 can't be negative, the target for stage 1 can't be negative",
      "scenario si has configuration errors: the number of VUs must be more than 0, the number of iterations (-1) can't be less than the number of VUs (0), the maxDuration must be at least 1s, but is 0s",
      'scenario pvi has configuration errors: the number of iterations must be more than 0, the maxDuration must be at least 1s, but is 999ms',
      'scenario bad name has configuration errors: the scenario name should contain only numbers, latin letters, underscores, and dashes, exec value cannot be empty',
      "scenario car has configuration errors: the iteration rate must be more than 0, the number of preAllocatedVUs can't be negative, maxVUs can't be less than preAllocatedVUs",
      'scenario rarno has configuration errors: at least one stage has to be specified',
      "scenario car2 has configuration errors: the number of preAllocatedVUs isn't specified",
      "scenario rvmissing has configuration errors: stage 1 doesn't have a duration, stage 2 doesn't have a target",
      'scenario pvi15 has configuration errors: the maxDuration must be at least 1s, but is 1.5ms',
      'scenario si500 has configuration errors: the maxDuration must be at least 1s, but is 500ms',
      "executor missing: function 'nowhere' not found in exports",
    ]);
  });

  it('k6 v0.49 called a scenario an executor in the name check', () => {
    expect(problems({ 'a b': { executor: 'shared-iterations' } }, 'v0.49')).toEqual([
      'scenario a b has configuration errors: the executor name should contain only numbers, latin letters, underscores, and dashes',
    ]);
  });

  it('shortcuts are checked as the scenario named default; ramping stages may be short', () => {
    const msg = (o: Record<string, unknown>, overrides = {}) => {
      try {
        resolveScenarios(o, overrides, { exportNames: ['default'] });
        return 'ok';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(msg({ vus: 2, duration: '500ms' })).toBe('There were problems with the specified script configuration:\n\t- scenario default has configuration errors: the duration must be at least 1s, but is 500ms');
    expect(msg({ iterations: 1, duration: '500ms' })).toBe('There were problems with the specified script configuration:\n\t- scenario default has configuration errors: the maxDuration must be at least 1s, but is 500ms');
    expect(msg({}, { duration: '700ms' })).toMatch(/the duration must be at least 1s, but is 700ms$/);
    expect(msg({ stages: [{ duration: '200ms', target: 1 }] })).toBe('ok');
    expect(msg({ vus: 1, iterations: 1 })).toBe('ok');
  });
});
