/**
 * Whole-number options read as k6 reads them (Go's null.Int): the cases recorded from k6
 * v2.2.0 and v0.49.0 (test/conformance/scripts/*whole-number*.js runs them on both binaries).
 */
import { describe, expect, it } from 'vitest';
import { decodeNullInt, decodeWholeNumberOptions } from '../../src/engine/options/go-null-int.js';
import { ScriptLoadOptionsError } from '../../src/engine/options/invalid-options-error.js';

const reason = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof ScriptLoadOptionsError) return err.reason;
    throw err;
  }
  throw new Error('did not throw');
};

describe('decodeNullInt', () => {
  it('takes whole numbers and strings strconv.ParseInt takes; "" and null leave the option unset', () => {
    expect(decodeNullInt(2, 'vus', 'Options.vus', 'vus')).toBe(2);
    expect(decodeNullInt('2', 'vus', 'Options.vus', 'vus')).toBe(2);
    expect(decodeNullInt('+4', 'vus', 'Options.vus', 'vus')).toBe(4);
    expect(decodeNullInt('-3', 'vus', 'Options.vus', 'vus')).toBe(-3);
    expect(decodeNullInt('', 'vus', 'Options.vus', 'vus')).toBeUndefined();
    expect(decodeNullInt(null, 'vus', 'Options.vus', 'vus')).toBeUndefined();
  });

  it("refuses the rest in Go's words", () => {
    expect(reason(() => decodeNullInt(' 2', 'vus', 'Options.vus', 'vus'))).toBe('strconv.ParseInt: parsing " 2": invalid syntax');
    expect(reason(() => decodeNullInt('2.0', 'vus', 'Options.vus', 'vus'))).toBe('strconv.ParseInt: parsing "2.0": invalid syntax');
    expect(reason(() => decodeNullInt('99999999999999999999', 'vus', 'Options.vus', 'vus'))).toBe('strconv.ParseInt: parsing "99999999999999999999": value out of range');
    expect(reason(() => decodeNullInt(true, 'vus', 'Options.vus', 'vus'))).toBe('json: cannot unmarshal bool into Go value of type null.Int');
    expect(reason(() => decodeNullInt([1], 'vus', 'Options.vus', 'vus'))).toBe('json: cannot unmarshal array into Go value of type null.Int');
    expect(reason(() => decodeNullInt(1.5, 'scenarios.a.vus', 'Options.scenarios.vus', 'scenarios'))).toBe(
      'parsing options from script got error while parsing "\\"scenarios\\"": json: cannot unmarshal number 1.5 into Go struct field Options.scenarios.vus of type int64',
    );
    expect(reason(() => decodeNullInt(1.5, 'scenarios.a.vus', 'Options.scenarios.vus', 'scenarios', 'v0.49'))).toBe('json: cannot unmarshal number 1.5 into Go struct field Options.scenarios of type int64');
    expect(reason(() => decodeNullInt(1e20, 'iterations', 'Options.iterations', 'iterations', 'v0.49'))).toBe('json: cannot unmarshal number 100000000000000000000 into Go struct field Options.iterations of type int64');
  });
});

describe('decodeWholeNumberOptions', () => {
  it('decodes every whole-number field, top level, stages and scenarios, and leaves the rest as written', () => {
    const raw = { vus: '2', iterations: '', stages: [{ duration: '1s', target: '3' }], scenarios: { a: { executor: 'constant-arrival-rate', rate: '10', preAllocatedVUs: '1', duration: '1s' }, b: 'odd' }, tags: { x: '1' } };
    expect(decodeWholeNumberOptions(raw, 'v2')).toEqual({ vus: 2, stages: [{ duration: '1s', target: 3 }], scenarios: { a: { executor: 'constant-arrival-rate', rate: 10, preAllocatedVUs: 1, duration: '1s' }, b: 'odd' }, tags: { x: '1' } });
    expect(raw.vus).toBe('2');
  });
});
