/**
 * k6's progress bars on stdout (`loadgate k6 run` without -q, stdout not a terminal): exact
 * text for fixed moments read off k6 v2.2.0, and, where real k6 is found (K6_PATH, else PATH;
 * k6 v0.49 at LOADGATE_K6_V049), the same script on both, block by block with the numbers
 * masked (timing moves them by a digit, never the layout). Without k6 those comparisons skip
 * with a notice, and fail where `.ci/run` put k6 on PATH (CI and LOADGATE_EXPECT_K6=1).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedLengthDuration, renderK6ProgressBlock } from '../../src/engine/output/k6-progress.js';
import { inPlanOrder, resolveScenarios, testMaxDurationMs } from '../../src/engine/options/scenarios.js';
import type { ProgressBars, ScenarioBar } from '../../src/engine/types.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { everyK6Generation, realK6 } from '../helpers/real-k6.js';

const generations = everyK6Generation(import.meta.url, 'the comparisons');

describe('fixed-length durations, as wide as their maximum', () => {
  it.each([
    [1000, 2500, '1.0s'],
    [1500, 2000, '1.5s'],
    [1000, 40_000, '01.0s'],
    [500, 65_000, '0m00.5s'],
    [65_000, 65_000, '1m05.0s'],
    [1000, 630_500, '00m01.0s'],
    [2000, 7_230_000, '0h00m02.0s'],
    [3_600_000, 108_000_000, '0d01h00m00.0s'],
    [-5, 2000, '0.0s'],
  ])('%d ms of %d ms: %s', (ms, max, text) => expect(fixedLengthDuration(ms, max)).toBe(text));
});

/** The options of a script k6 v2.2.0 ran (its output below), and one moment of its run. */
const ABORTED = {
  scenarios: {
    si_hours: { executor: 'shared-iterations', vus: 1, iterations: 4, maxDuration: '2h' },
    rv_min: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '65s', target: 3 }] },
    cv_min: { executor: 'constant-vus', vus: 1, duration: '1m5s' },
    car_min: { executor: 'constant-arrival-rate', rate: 90, timeUnit: '1m', duration: '1m5s', preAllocatedVUs: 1, maxVUs: 4 },
    a_very_long_scenario_name_that_goes_on_and_on: { executor: 'per-vu-iterations', vus: 1, iterations: 100, startTime: '2s' },
  },
};

function barsOf(options: Record<string, unknown>, phase: ProgressBars['phase'], state: (name: string) => Partial<ScenarioBar>, maxVus: number): ProgressBars {
  const scenarios = resolveScenarios(options);
  return {
    phase,
    maxVus,
    maxDurationMs: testMaxDurationMs(scenarios),
    scenarios: inPlanOrder(scenarios).map((config) => ({ config, state: 'pending', begun: false, spentMs: 0, startsInMs: 0, activeVus: 0, allocatedVus: 0, completedIterations: 0, ratePerSec: 0, ...state(config.name) })),
  };
}

describe('a block, as k6 v2.2.0 printed it', () => {
  it('after exec.test.abort(): the running line, then each bar frozen where the abort found it', () => {
    const running = { state: 'interrupted', begun: true, spentMs: 2500 } as const;
    const bars = barsOf(
      ABORTED,
      'running',
      (name) =>
        ({
          car_min: { ...running, activeVus: 0, allocatedVus: 1, ratePerSec: 1.5 },
          cv_min: running,
          rv_min: { ...running, activeVus: 1 },
          si_hours: { state: 'done', begun: true, spentMs: 2000, completedIterations: 4 },
          a_very_long_scenario_name_that_goes_on_and_on: { state: 'interrupted', begun: true, spentMs: 500, completedIterations: 1 },
        })[name] as Partial<ScenarioBar>,
      10,
    );
    expect(renderK6ProgressBlock({ elapsedMs: 4000, vus: 0, vusMax: 7, iterations: 15, interruptedIterations: 4, bars })).toBe(
      [
        '',
        'running (0h00m04.0s), 00/07 VUs, 15 complete and 4 interrupted iterations',
        'car_min                        ✗ [   4% ] 0/1 VUs  0m02.5s/1m5s       1.50 iters/s',
        'cv_min                         ✗ [   4% ] 1 VUs    0m02.5s/1m5s      ',
        'rv_min                         ✗ [   4% ] 1/3 VUs  0m02.5s/1m05.0s   ',
        'si_hours                       ✓ [ 100% ] 1 VUs    0h00m02.0s/2h0m0s  4/4 shared iters',
        'a_very_long_scenario_name_t... ✗ [   1% ] 1 VUs    00m00.5s/10m0s     001/100 iters, 100 per VU',
        '',
      ].join('\n'),
    );
  });

  it('while setup() runs: the Run bar, and every scenario at 0 % with no columns', () => {
    const bars = barsOf(ABORTED, 'setup', () => ({}), 10);
    expect(renderK6ProgressBlock({ elapsedMs: 1000, vus: 0, vusMax: 4, iterations: 0, interruptedIterations: 0, bars })).toBe(
      [
        '',
        'Run                              [ 100% ] setup()',
        'car_min                          [   0% ]',
        'cv_min                           [   0% ]',
        'rv_min                           [   0% ]',
        'si_hours                         [   0% ]',
        'a_very_long_scenario_name_t...   [   0% ]',
        '',
      ].join('\n'),
    );
  });

  it('while the VUs are initialized: the Init bar with its count, every scenario at 0 % with no columns', () => {
    // k6 v2.2.0 on `vus: 10, iterations: 10` whose init code spins 300 ms.
    const bars = { ...barsOf({ vus: 10, iterations: 10 }, 'init', () => ({}), 10), init: { done: 6, total: 10 } };
    expect(renderK6ProgressBlock({ elapsedMs: 1000, vus: 0, vusMax: 6, iterations: 0, interruptedIterations: 0, bars })).toBe(
      ['', 'Init      [  60% ] 06/10 VUs initialized', 'default   [   0% ]', ''].join('\n'),
    );
  });

  it('a ramping-arrival-rate that ended before its duration is ✗, its rate zero-padded to its highest', () => {
    const options = { scenarios: { rar: { executor: 'ramping-arrival-rate', startRate: 1, timeUnit: '1s', preAllocatedVUs: 1, maxVUs: 3, stages: [{ duration: '1s', target: 15 }, { duration: '1s', target: 0 }] } } };
    const bars = barsOf(options, 'running', () => ({ state: 'done', begun: true, spentMs: 1800, allocatedVus: 2, ratePerSec: 3.05 }), 3);
    expect(renderK6ProgressBlock({ elapsedMs: 2500, vus: 0, vusMax: 2, iterations: 9, interruptedIterations: 0, bars })).toBe(
      ['', 'running (02.5s), 0/2 VUs, 9 complete and 0 interrupted iterations', 'rar  ✗ [  90% ] 0/2 VUs  1.8s/2s  03.05 iters/s', ''].join('\n'),
    );
  });

  it('a scenario waiting for its startTime, and names shorter than 4 padded to 4', () => {
    const options = { scenarios: { a: { executor: 'constant-vus', vus: 2, duration: '2500ms' }, b: { executor: 'shared-iterations', vus: 1, iterations: 3, startTime: '1500ms' } } };
    const bars = barsOf(options, 'running', (name) => (name === 'a' ? { state: 'running', begun: true, spentMs: 1000 } : { state: 'waiting', startsInMs: 500 }), 3);
    expect(renderK6ProgressBlock({ elapsedMs: 1000, vus: 2, vusMax: 3, iterations: 6, interruptedIterations: 0, bars })).toBe(
      ['', 'running (00m01.0s), 2/3 VUs, 6 complete and 0 interrupted iterations', 'a      [  40% ] 2 VUs    1.0s/2.5s', 'b    • [   0% ] waiting  0.5s', ''].join('\n'),
    );
  });
});

describe('on a terminal, drawn in place as k6 v2.2.0 draws it (bytes read off k6 under a pseudo-terminal)', () => {
  const options = { scenarios: { a: { executor: 'constant-vus', vus: 2, duration: '2500ms' }, b: { executor: 'shared-iterations', vus: 1, iterations: 3, startTime: '500ms' } } };

  it('each bar 40 wide, the rest faint, • faint, every line erased to its end, the cursor back up to the block', () => {
    const bars = barsOf(options, 'running', (name) => (name === 'a' ? { state: 'running', begun: true, spentMs: 100 } : { state: 'waiting', startsInMs: 400 }), 3);
    expect(renderK6ProgressBlock({ elapsedMs: 100, vus: 2, vusMax: 3, iterations: 0, interruptedIterations: 0, bars }, { colors: true, last: false, columns: 100 })).toBe(
      '\x1b[K\n' +
        'running (00m00.1s), 2/3 VUs, 0 complete and 0 interrupted iterations\x1b[K\n' +
        `a      [>\x1b[2m${'-'.repeat(37)}\x1b[22m] 2 VUs    0.1s/2.5s\x1b[K\n` +
        `b    \x1b[2m•\x1b[22m [\x1b[2m${'-'.repeat(38)}\x1b[22m] waiting  0.4s\x1b[K\n` +
        '\r\x1b[J\x1b[4A',
    );
  });

  it('↓ while the iterations finish in the graceful stop, ✓ green; the last block leaves the cursor below it', () => {
    const bars = barsOf(options, 'running', (name) => (name === 'a' ? { state: 'stopping', begun: true, spentMs: 2600 } : { state: 'done', begun: true, spentMs: 900, completedIterations: 3 }), 3);
    const full = `[${'='.repeat(38)}\x1b[2m\x1b[22m]`;
    const lines = [
      'running (00m02.6s), 2/3 VUs, 19 complete and 0 interrupted iterations\x1b[K\n',
      `a    ↓ ${full} 2 VUs  2.5s           \x1b[K\n`,
      `b    \x1b[32m✓\x1b[0m ${full} 1 VUs  00m00.9s/10m0s  3/3 shared iters\x1b[K\n`,
    ];
    const p = { elapsedMs: 2600, vus: 2, vusMax: 3, iterations: 19, interruptedIterations: 0, bars };
    expect(renderK6ProgressBlock(p, { colors: true, last: false, columns: 100 })).toBe(`\x1b[K\n${lines.join('')}\r\x1b[J\x1b[4A`);
    expect(renderK6ProgressBlock(p, { colors: true, last: true, columns: 100 })).toBe(`\x1b[K\n${lines.join('')}`);
  });

  it('narrows the bars to fit a narrow terminal', () => {
    const bars = barsOf(options, 'running', () => ({ state: 'running', begun: true, spentMs: 1000, completedIterations: 1 }), 3);
    const block = renderK6ProgressBlock({ elapsedMs: 1000, vus: 3, vusMax: 3, iterations: 5, interruptedIterations: 0, bars }, { colors: false, last: true, columns: 60 });
    const widest = Math.max(...block.split('\n').filter((l) => l.includes('] ')).map((l) => [...l.replace(/\x1b\[K/g, '')].length));
    expect(widest).toBeLessThan(60);
    expect(block).toMatch(/\[=+>-+\]/);
  });

  it('takes a terminal that does not say its size (0 columns) as 80 wide, as k6 does', () => {
    const bars = barsOf(options, 'running', () => ({ state: 'running', begun: true, spentMs: 1000, completedIterations: 1 }), 3);
    const p = { elapsedMs: 1000, vus: 3, vusMax: 3, iterations: 5, interruptedIterations: 0, bars };
    const at80 = renderK6ProgressBlock(p, { colors: false, last: true, columns: 80 });
    expect(renderK6ProgressBlock(p, { colors: false, last: true, columns: 0 })).toBe(at80);
    expect(renderK6ProgressBlock(p, { colors: false, last: true })).toBe(at80);
    expect(at80).not.toBe(renderK6ProgressBlock(p, { colors: false, last: true, columns: 200 }));
  });
});

/**
 * Every scenario kind, with sleeps that keep each bar's state away from the 1 s ticks: at 1 s
 * `si` is done, `later` waits; at 2 s `later` runs; all end before 3 s. `rar` ends after its
 * last start, before its duration, and k6 marks it ✗ at 90 %.
 */
const SCRIPT = `import { sleep } from 'k6';
export const options = {
  scenarios: {
    cv: { executor: 'constant-vus', vus: 2, duration: '2500ms' },
    si: { executor: 'shared-iterations', vus: 2, iterations: 4, startTime: '100ms' },
    pvi: { executor: 'per-vu-iterations', vus: 2, iterations: 2, startTime: '200ms' },
    rv: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '2500ms', target: 1 }], gracefulRampDown: '0s' },
    car: { executor: 'constant-arrival-rate', rate: 4, timeUnit: '1s', duration: '2500ms', preAllocatedVUs: 2 },
    later: { executor: 'constant-vus', vus: 1, duration: '1s', startTime: '1500ms' },
    rar: { executor: 'ramping-arrival-rate', startRate: 2, timeUnit: '1s', preAllocatedVUs: 2, stages: [{ duration: '2500ms', target: 2 }] },
  },
};
export default function () { sleep(0.25); }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-progress-'));
  await writeFile(join(dir, 'bars.js'), SCRIPT);
  await writeFile(join(dir, 'slow-init.js'), SLOW_INIT);
});

function onK6(bin: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(bin, ['run', ...args], { cwd: dir, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Init code that spins 1.2 s in VU 1: initialization outlasts the first 1 s tick however many threads share it. */
const SLOW_INIT = `const end = Date.now() + (__VU === 1 ? 1200 : 0); while (Date.now() < end) {}
export const options = { vus: 10, iterations: 10 };
export default function () {}
`;

/** The Init blocks in stdout, numbers masked (a percentage, whatever its digits, as `[ #% ]`). */
function initBlocks(stdout: string): string[] {
  return [...stdout.matchAll(/^Init .*\n(?:.+\n)+/gm)].map((m) => m[0].replace(/\[ +\d+% \]/g, '[ #% ]').replace(/\d/g, '#'));
}

/** The progress blocks in stdout, numbers masked: each from its `running (` line to the empty line. */
function blocks(stdout: string): string[] {
  return [...stdout.matchAll(/^running \(.*\n(?:.+\n)+/gm)].map((m) => m[0].replace(/\d/g, '#'));
}

describe('loadgate k6 run: the progress bars', () => {
  it('are not printed with -q', async () => {
    const quiet = await runCli(['k6', 'run', '-q', 'bars.js'], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toMatch(/running \(|\[ 100% \]/);
    expect(quiet.stderr).not.toMatch(/running \(/);
  });

  it('while slow init code runs, an Init block a second counting the VUs up, before any running line', async () => {
    const r = await runCli(['k6', 'run', 'slow-init.js'], { cwd: dir });
    expect(r.code).toBe(0);
    const inits = [...r.stdout.matchAll(/^Init      \[ *(\d+)% \] (\d+)\/10 VUs initialized\ndefault   \[   0% \]\n/gm)];
    expect(inits.length).toBeGreaterThanOrEqual(1);
    const counts = inits.map((m) => Number(m[2]));
    for (const [i, m] of inits.entries()) expect(Number(m[1])).toBe(counts[i]! * 10);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(r.stdout.indexOf('Init ')).toBeLessThan(r.stdout.indexOf('running ('));
    if (realK6.current) {
      // k6 initializes its VUs in parallel: VU 1's 1.2 s is its Init phase too.
      const theirs = await onK6(realK6.current.path, ['slow-init.js']);
      expect(initBlocks(r.stdout)[0]).toBe(initBlocks(theirs.stdout)[0]);
    }
  });

  for (const { name: label, path: bin, compat } of generations) {
    it(`look like ${label}'s: one block a second, the last after the summary`, async () => {
      const [mine, theirs] = await Promise.all([runCli(['k6', 'run', '--compat', compat, 'bars.js'], { cwd: dir }), onK6(bin, ['bars.js'])]);
      expect(mine.code).toBe(theirs.code);
      const [ours, k6s] = [blocks(mine.stdout), blocks(theirs.stdout)];
      // Two blocks while it runs (1 s, 2 s), then the last one after the summary; a slow
      // machine may stretch the run past 3 s and add one, on either side.
      for (const b of [ours, k6s]) expect(b.length).toBeGreaterThanOrEqual(3);
      expect(ours.slice(0, 2)).toEqual(k6s.slice(0, 2));
      expect(ours.at(-1)).toEqual(k6s.at(-1));
      expect(mine.stdout.lastIndexOf('running (')).toBeGreaterThan(mine.stdout.search(/iterations\.+/));
      expect(mine.stderr).not.toMatch(/running \(/);
    });
  }
});
