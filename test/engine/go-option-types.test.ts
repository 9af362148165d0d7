/**
 * Options decoded as k6 decodes them into Go's lib.Options: whole numbers as null.Int, and every
 * option's JSON type. Each expected text is what k6 v2.2.0 or v0.49.0 printed for that value
 * (test/conformance/scripts/*whole-number*.js and *option-type*.js run some on both binaries).
 */
import { describe, expect, it } from 'vitest';
import { decodeNullInt } from '../../src/engine/options/go-null-int.js';
import { decodeScriptOptions } from '../../src/engine/options/go-option-types.js';
import { ScriptLoadOptionsError } from '../../src/engine/invalid-options-error.js';

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
    // guregu's null types print the Go type name of what they read: none for a list.
    expect(reason(() => decodeNullInt([1], 'vus', 'Options.vus', 'vus'))).toBe('json: cannot unmarshal  into Go value of type null.Int');
    expect(reason(() => decodeNullInt(1.5, 'scenarios.a.vus', 'Options.scenarios.vus', 'scenarios'))).toBe(
      'parsing options from script got error while parsing "\\"scenarios\\"": json: cannot unmarshal number 1.5 into Go struct field Options.scenarios.vus of type int64',
    );
    expect(reason(() => decodeNullInt(1.5, 'scenarios.a.vus', 'Options.scenarios.vus', 'scenarios', 'v0.49'))).toBe('json: cannot unmarshal number 1.5 into Go struct field Options.scenarios of type int64');
    expect(reason(() => decodeNullInt(1e20, 'iterations', 'Options.iterations', 'iterations', 'v0.49'))).toBe('json: cannot unmarshal number 100000000000000000000 into Go struct field Options.iterations of type int64');
  });
});

describe('decodeScriptOptions', () => {
  it('decodes every whole-number field, top level, stages and scenarios, and leaves the rest as written', () => {
    const raw = { vus: '2', iterations: '', stages: [{ duration: '1s', target: '3' }], scenarios: { a: { executor: 'constant-arrival-rate', rate: '10', preAllocatedVUs: '1', duration: '1s' }, b: 'odd' }, tags: { x: '1' } };
    expect(decodeScriptOptions(raw, 'v2')).toEqual({ vus: 2, stages: [{ duration: '1s', target: 3 }], scenarios: { a: { executor: 'constant-arrival-rate', rate: 10, preAllocatedVUs: 1, duration: '1s' }, b: 'odd' }, tags: { x: '1' } });
    expect(raw.vus).toBe('2');
  });

  it("reads an object where a null type is wanted as Go's sql.Null* struct: set, its field (any case) or the zero value", () => {
    expect(decodeScriptOptions({ vus: { Int64: 2 }, iterations: { a: 1 }, noSetup: { bool: true }, throw: {}, userAgent: { String: 'x' }, httpDebug: {} }, 'v2')).toEqual({
      vus: 2,
      iterations: 0,
      noSetup: true,
      throw: false,
      userAgent: 'x',
      httpDebug: '',
    });
    expect(decodeScriptOptions({ noSetup: null, tags: null, vus: null }, 'v2')).toEqual({});
  });

  it("refuses the null types' wrong JSON types in Go's words, the same in both generations", () => {
    for (const compat of ['v2', 'v0.49'] as const) {
      expect(reason(() => decodeScriptOptions({ userAgent: 5 }, compat))).toBe('json: cannot unmarshal float64 into Go value of type null.String');
      expect(reason(() => decodeScriptOptions({ httpDebug: true }, compat))).toBe('json: cannot unmarshal bool into Go value of type null.String');
      expect(reason(() => decodeScriptOptions({ insecureSkipTLSVerify: 'x' }, compat))).toBe('json: cannot unmarshal string into Go value of type null.Bool');
      expect(reason(() => decodeScriptOptions({ throw: [1] }, compat))).toBe('json: cannot unmarshal  into Go value of type null.Bool');
      expect(reason(() => decodeScriptOptions({ rps: true }, compat))).toBe('json: cannot unmarshal bool into Go value of type null.Int');
      expect(reason(() => decodeScriptOptions({ duration: true }, compat))).toBe("'true' is not a valid duration value");
    }
  });

  it('quotes a duration of the wrong type as each generation marshalled it: indented under v2, compact under v0.49', () => {
    expect(reason(() => decodeScriptOptions({ setupTimeout: [1] }, 'v2'))).toBe("'[\n    1\n  ]' is not a valid duration value");
    expect(reason(() => decodeScriptOptions({ minIterationDuration: { a: 1 } }, 'v2'))).toBe('\'{\n    "a": 1\n  }\' is not a valid duration value');
    expect(reason(() => decodeScriptOptions({ setupTimeout: [1] }, 'v0.49'))).toBe("'[1]' is not a valid duration value");
    expect(reason(() => decodeScriptOptions({ teardownTimeout: { a: 1 } }, 'v0.49'))).toBe('\'{"a":1}\' is not a valid duration value');
  });

  it('names a struct field of the wrong type, v2 after the stretch of JSON it stopped at', () => {
    const v2 = (options: Record<string, unknown>): string => reason(() => decodeScriptOptions(options, 'v2'));
    expect(v2({ tags: 5 })).toBe('parsing options from script got error while parsing "\\"tags\\": 5": json: cannot unmarshal number into Go struct field Options.tags of type map[string]string');
    expect(v2({ tags: 'x' })).toBe('parsing options from script got error while parsing "\\"tags\\": \\"x\\"": json: cannot unmarshal string into Go struct field Options.tags of type map[string]string');
    expect(v2({ thresholds: [1] })).toBe('parsing options from script got error while parsing "\\"thresholds\\": [": json: cannot unmarshal array into Go struct field Options.thresholds of type map[string]metrics.Thresholds');
    expect(v2({ summaryTrendStats: { a: 1 } })).toBe('parsing options from script got error while parsing "\\"summaryTrendStats\\": {": json: cannot unmarshal object into Go struct field Options.summaryTrendStats of type []string');
    expect(v2({ tags: { a: 1 } })).toBe('parsing options from script got error while parsing "\\"a\\": 1": json: cannot unmarshal number into Go struct field Options.tags of type string');
    expect(v2({ summaryTrendStats: [1] })).toBe('parsing options from script got error while parsing "1": json: cannot unmarshal number into Go struct field Options.summaryTrendStats of type string');
    // Types that decode themselves: k6 v2 measures from the start of its JSON.
    expect(v2({ hosts: 5 })).toBe('parsing options from script got error while parsing "{": json: cannot unmarshal number into Go struct field Options.hosts of type map[string]string');
    expect(v2({ scenarios: 'x' })).toBe('parsing options from script got error while parsing "\\"scenarios\\":": json: cannot unmarshal string into Go struct field Options.scenarios of type map[string]lib.protoExecutorConfig');
    expect(v2({ tlsAuth: [1] })).toBe('parsing options from script got error while parsing "{": json: cannot unmarshal number into Go struct field Options.tlsAuth of type lib.TLSAuthFields');
    expect(v2({ tlsVersion: { a: 1 } })).toBe('json: unknown field "a"');
    expect(reason(() => decodeScriptOptions({ ext: true }, 'v0.49'))).toBe('json: cannot unmarshal bool into Go struct field Options.ext of type map[string]json.RawMessage');
  });

  it("reports as Go's decoder does: a type that decodes itself stops at once and wins, a plain field's wrong type only the first, at the end", () => {
    // Sorted, tags comes first, but null.Int's error stops the decoding.
    expect(reason(() => decodeScriptOptions({ vus: true, tags: 5 }, 'v0.49'))).toBe('json: cannot unmarshal bool into Go value of type null.Int');
    expect(reason(() => decodeScriptOptions({ tags: 5, ext: 'x' }, 'v0.49'))).toBe('json: cannot unmarshal string into Go struct field Options.ext of type map[string]json.RawMessage');
  });
});
