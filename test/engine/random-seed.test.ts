/**
 * randomSeed() (state/vu-random.ts): each VU has a Math of its own, so seeding one VU does not
 * touch the others on its thread; the same seed gives the same sequence in every VU and run.
 * test/conformance/scripts/random-seed.js holds the same behaviour against real k6.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../src/engine/index.js';
import { VuRandom } from '../../src/engine/state/vu-random.js';
import { captureConsole } from './helpers/target-server.js';

describe('randomSeed', () => {
  it('repeats a sequence per seed, stays in [0, 1), and differs between seeds', () => {
    const a = new VuRandom();
    const b = new VuRandom();
    a.seed(42);
    b.seed(42);
    const xs = Array.from({ length: 1000 }, () => a.random());
    expect(Array.from({ length: 1000 }, () => b.random())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // A crude uniformity check: the mean of 1000 draws is 0.5 ± 0.05.
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
    b.seed(43);
    expect(b.random()).not.toBe(xs[0]);
    // The high half of an int64 seed counts too.
    const c = new VuRandom();
    c.seed(42 + 2 ** 40);
    expect(c.random()).not.toBe(xs[0]);
  });

  it("seeds only its own VU's Math, also when VUs share a thread", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-seed-'));
    const scriptPath = join(dir, 'seed.js');
    writeFileSync(
      scriptPath,
      `import { randomSeed } from 'k6';
import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 1 } } };
export default function () {
  if (exec.vu.idInTest !== 3) randomSeed(99);
  console.log(exec.vu.idInTest + ' ' + Math.random());
}
`,
    );
    const out = captureConsole();
    const r = await runScript({ scriptPath, console: out.console, vuThreads: 'shared' });
    expect(r.exitCode).toBe(0);
    const byVu = Object.fromEntries(out.lines.map((l) => l.split(' ') as [string, string]));
    const seeded = new VuRandom();
    seeded.seed(99);
    const expected = String(seeded.random());
    expect(byVu['1']).toBe(expected);
    expect(byVu['2']).toBe(expected);
    expect(byVu['3']).not.toBe(expected);
  });
});
