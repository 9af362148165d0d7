import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/target/canonical-json.js';
import { fieldPath, findJsonLimitProblem } from '../../src/target/json-limits.js';

/** `[[[...]]]` with `levels` arrays, parsed from text (building it recursively would overflow first). */
function deepArrays(levels: number): unknown {
  return JSON.parse('['.repeat(levels) + ']'.repeat(levels));
}

describe('canonicalJson', () => {
  it('gives equal text for equal content in any key order, and JSON.stringify otherwise', () => {
    const a = JSON.parse('{"b":[1,{"y":"\\ud800","x":null}],"a":{"d":1e3,"c":-0},"é":true,"Z":"q"}');
    const b = JSON.parse('{"Z":"q","é":true,"a":{"c":0,"d":1000},"b":[1,{"x":null,"y":"\\ud800"}]}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"Z":"q","a":{"c":0,"d":1000},"b":[1,{"x":null,"y":"\\ud800"}],"é":true}');
    // Array order is content.
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    for (const v of [null, 0, 'text', [], {}, [[], {}], { k: [undefined] }, { k: undefined, j: 1 }]) expect(canonicalJson(v)).toBe(JSON.stringify(v));
  });

  it('writes 100,000 levels without overflowing the stack', () => {
    expect(() => JSON.stringify(deepArrays(100_000))).toThrow(RangeError);
    expect(canonicalJson(deepArrays(100_000))).toBe('['.repeat(100_000) + ']'.repeat(100_000));
  });
});

describe('findJsonLimitProblem', () => {
  it('finds the first container past the limit, naming the top-level field and the path', () => {
    expect(findJsonLimitProblem({ a: { b: [1] } }, 3)).toBeUndefined();
    expect(findJsonLimitProblem({ ok: 1, a: { b: [[1]] } }, 3)).toEqual({ kind: 'too-deep', topField: 'a', at: 'a.b[0]' });
    expect(findJsonLimitProblem([[[]]], 2)).toEqual({ kind: 'too-deep', topField: 'body', at: 'body[0][0]' });
    expect(findJsonLimitProblem('flat', 1)).toBeUndefined();
  });

  it('stops at the limit in a value 100,000 levels deep, and shortens the path it reports', () => {
    expect(findJsonLimitProblem(deepArrays(100_000), 64)).toEqual({ kind: 'too-deep', topField: 'body', at: 'body[0][0][0][0][0][0]…' });
    const longKey = 'k'.repeat(100);
    const problem = findJsonLimitProblem(JSON.parse(`{"${longKey}":${'['.repeat(70)}${']'.repeat(70)}}`), 64);
    expect(problem).toMatchObject({ kind: 'too-deep', topField: `body[${JSON.stringify(`${'k'.repeat(64)}…`)}]` });
  });

  it('finds a number that parsed to Infinity, with its exact path', () => {
    expect(findJsonLimitProblem(JSON.parse('{"records":[{"a":1},{"cost_cents":1e400}]}'))).toEqual({ kind: 'non-finite', field: 'records[1].cost_cents' });
    expect(findJsonLimitProblem(JSON.parse('{"payload":{"0":[-1e999],"a b":2}}'))).toEqual({ kind: 'non-finite', field: 'payload["0"][0]' });
    expect(findJsonLimitProblem(JSON.parse('1e400'))).toEqual({ kind: 'non-finite', field: 'body' });
    expect(findJsonLimitProblem(JSON.parse('{"tiny":1e-400,"big":1e308}'))).toBeUndefined();
  });
});

describe('fieldPath', () => {
  it('writes identifiers with dots, other keys in brackets, indexes as [n]', () => {
    expect(fieldPath(['records', 3, 'cost_cents'])).toBe('records[3].cost_cents');
    expect(fieldPath(['payload', 'a.b', '', '0'])).toBe('payload["a.b"][""]["0"]');
    expect(fieldPath(['a b'])).toBe('body["a b"]');
    expect(fieldPath([])).toBe('body');
  });
});
