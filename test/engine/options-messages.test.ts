import { describe, expect, it } from 'vitest';
import { resolveScenarios } from '../../src/engine/options/scenarios.js';

describe('option errors name the key once', () => {
  it('options.duration, not options.options.duration; the --duration flag by name', () => {
    expect(() => resolveScenarios({ duration: 'abc' })).toThrow(/^options\.duration: invalid duration "abc"/);
    expect(() => resolveScenarios({}, { duration: 'abc' })).toThrow(/^options\.duration \(the --duration flag\): invalid duration "abc"/);
    expect(() => resolveScenarios({ scenarios: { a: { executor: 'constant-vus', vus: 1, duration: 'x' } } })).toThrow(/^options\.scenarios\.a\.duration: invalid duration "x"/);
  });
});
