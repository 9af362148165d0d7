import { describe, expect, it } from 'vitest';
import { vuSetupData } from '../../src/engine/vu/setup-data.js';

// What k6 v2.2.0 and v0.49.0 showed for the same mutations (test/conformance/scripts/setup-data-mutation.js).
describe("setup() data as a k6 VU sees it (goja's Go maps and slices)", () => {
  const json = JSON.stringify({ a: [1, 2], b: [1, 2], c: [{ x: 1 }], d: [1, 2], e: [1, 2], f: 'str', g: { h: 1 }, nested: [[1]], p: [1, 2, 3] });
  const iterate = (data: any): void => {
    data.a.push(3);
    data.b[0] = data.b[0] * 10;
    data.c[0].x++;
    data.d.length = 1;
    data.e = data.e.concat([9]);
    data.f += '!';
    delete data.g.h;
    data.nested[0].push(2);
    data.p.pop();
  };
  const sorted = (data: any): string => JSON.stringify(Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]])));

  it('objects keep what a VU sets; arrays keep element writes and shortening, not growth', () => {
    const data = vuSetupData(json) as any;
    expect(Array.isArray(data.a)).toBe(true);
    iterate(data);
    expect(sorted(data)).toBe('{"a":[1,2],"b":[10,2],"c":[{"x":2}],"d":[1,null],"e":[1,2,9],"f":"str!","g":{},"nested":[[1]],"p":[1,2,null]}');
    iterate(data);
    expect(sorted(data)).toBe('{"a":[1,2],"b":[100,2],"c":[{"x":3}],"d":[1,null],"e":[1,2,9,9],"f":"str!!","g":{},"nested":[[1]],"p":[1,2,null]}');
  });

  it('an array in hand keeps its pushes; reading the property again does not', () => {
    const data = vuSetupData(json) as any;
    const held = data.a;
    held.push(4);
    expect([held.length, [...held], data.a.length]).toEqual([3, [1, 2, 4], 2]);
    expect(Object.keys(held)).toEqual(['0', '1', '2']);
    expect(data.a.map((n: number) => n * 2)).toEqual([2, 4]);
  });

  it('each VU parses its own copy; a top-level array keeps its pushes', () => {
    const one = vuSetupData(json) as any;
    iterate(one);
    expect((vuSetupData(json) as any).b[0]).toBe(1);
    const list = vuSetupData('[1,2]') as number[];
    list.push(3);
    expect(list).toEqual([1, 2, 3]);
  });
});
