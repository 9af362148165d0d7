import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/target/canonical-json.js';
import { findTooDeep } from '../../src/target/json-depth.js';

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

describe('findTooDeep', () => {
  it('finds the first container past the limit, naming the top-level field and the path', () => {
    expect(findTooDeep({ a: { b: [1] } }, 3)).toBeUndefined();
    expect(findTooDeep({ ok: 1, a: { b: [[1]] } }, 3)).toEqual({ field: 'a', path: 'a.b[0]' });
    expect(findTooDeep([[[]]], 2)).toEqual({ field: 'body', path: 'body[0][0]' });
    expect(findTooDeep('flat', 1)).toBeUndefined();
  });

  it('stops at the limit in a value 100,000 levels deep and shortens the path it reports', () => {
    expect(findTooDeep(deepArrays(100_000), 64)).toEqual({ field: 'body', path: 'body[0][0][0][0][0][0]…' });
    const longKey = 'k'.repeat(100);
    expect(findTooDeep(JSON.parse(`{"${longKey}":${'['.repeat(70)}${']'.repeat(70)}}`), 64)?.field).toBe(`${'k'.repeat(32)}…`);
  });
});
