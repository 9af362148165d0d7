import { describe, it, expect } from 'vitest';
import { awaitedEach } from '../../src/engine/script/awaited-each.js';

/** Records the calls a callback gets; each call resolves on a later turn, so order is tested for real. */
function recorder(): { calls: unknown[][]; fn: (...a: unknown[]) => Promise<unknown> } {
  const calls: unknown[][] = [];
  return {
    calls,
    fn: async (...a: unknown[]) => {
      calls.push(a.slice(0, 2));
      await new Promise((r) => setImmediate(r));
      calls.push(['done', a[0]]);
      return `${String(a[0])}!`;
    },
  };
}

describe('awaitedEach: forEach and map with awaited callbacks, as the built-ins call them', () => {
  it('arrays: one callback at a time, holes skipped, the length read once', async () => {
    const list: unknown[] = ['a', , 'c']; // eslint-disable-line no-sparse-arrays
    const r = recorder();
    await awaitedEach(list).forEach(async (v, i) => {
      await r.fn(v, i);
      if (i === 0) list.push('late');
    });
    expect(r.calls).toEqual([['a', 0], ['done', 'a'], ['c', 2], ['done', 'c']]);
    const m = recorder();
    const out = await awaitedEach(['x', , 'y']).map(m.fn); // eslint-disable-line no-sparse-arrays
    expect(out).toEqual(['x!', , 'y!']); // eslint-disable-line no-sparse-arrays
    expect(1 in out).toBe(false);
  });

  it('Map, Set and typed arrays get the arguments their forEach gives', async () => {
    const seen: unknown[] = [];
    const map = new Map([['k', 'v']]);
    await awaitedEach(map).forEach(async (v, k, l) => void seen.push([v, k, l === map]));
    const set = new Set(['s']);
    await awaitedEach(set).forEach(async (v, k, l) => void seen.push([v, k, l === set]));
    await awaitedEach(new Uint8Array([7])).forEach(async (v, k) => void seen.push([v, k]));
    const self = { n: 1 };
    await awaitedEach([0]).forEach(function (this: typeof self) { seen.push(this.n); return Promise.resolve(); }, self);
    expect(seen).toEqual([['v', 'k', true], ['s', 's', true], [7, 0], 1]);
  });

  it("throws the built-in's errors, and says what it cannot await", async () => {
    await expect(awaitedEach(undefined).forEach(async () => undefined)).rejects.toThrow("Cannot read properties of undefined (reading 'forEach')");
    await expect(awaitedEach({}).forEach(async () => undefined)).rejects.toThrow('Object.forEach is not a function');
    await expect(awaitedEach([1]).map(undefined as never)).rejects.toThrow('undefined is not a function');
    const custom = { forEach() {} };
    await expect(awaitedEach(custom).forEach(async () => undefined)).rejects.toThrow(/forEach\(\) on a value of type Object cannot await a callback that makes blocking calls; run this script with --vu-threads per-vu/);
    await expect(awaitedEach(new Uint8Array(1)).map(async () => 1)).rejects.toThrow(/map\(\) on a value of type Uint8Array/);
  });
});
