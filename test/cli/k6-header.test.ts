/**
 * What `loadgate k6 run` prints before the test without -q: k6's logo and execution plan,
 * each scenario as k6 describes it. Exact text for a fixed plan (read off k6 v2.2.0), and,
 * where real k6 is found (K6_PATH, else PATH; k6 v0.49 at LOADGATE_K6_V049), the same
 * scripts on both, compared line for line up to the first progress line. Without k6 those
 * comparisons skip with a notice, and fail where `.ci/run` put k6 on PATH (CI and LOADGATE_EXPECT_K6=1).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderK6Header } from '../../src/engine/output/k6-header.js';
import type { ScenarioConfig } from '../../src/engine/options/scenarios.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { everyK6Generation } from '../helpers/real-k6.js';

const generations = everyK6Generation(import.meta.url, 'the comparisons');

const base: ScenarioConfig = {
  name: 'default', executor: 'shared-iterations', exec: 'default', execGiven: false, startTimeMs: 0, gracefulStopMs: 30_000, env: {}, tags: {}, vus: 1, durationMs: 0, iterations: 1,
  maxDurationMs: 600_000, startVUs: 1, stages: [], gracefulRampDownMs: 30_000, rate: 0, startRate: 0, timeUnitMs: 1000, preAllocatedVUs: 0, maxVUs: 0,
};

describe('the header, for a fixed plan', () => {
  it("k6 v2: the logo, then execution, script, output and each scenario in k6's words, by start time then name", () => {
    const scenarios: ScenarioConfig[] = [
      { ...base, name: 'si', vus: 2, iterations: 4, maxDurationMs: 5000 },
      { ...base, name: 'pvi', executor: 'per-vu-iterations', vus: 2, iterations: 3, exec: 'other', execGiven: true, startTimeMs: 200, gracefulStopMs: 1000 },
      { ...base, name: 'cv', executor: 'constant-vus', vus: 1, durationMs: 1000, gracefulStopMs: 0 },
      { ...base, name: 'rv', executor: 'ramping-vus', startVUs: 0, stages: [{ durationMs: 500, target: 2 }, { durationMs: 500, target: 0 }], gracefulRampDownMs: 0 },
      { ...base, name: 'car', executor: 'constant-arrival-rate', rate: 10, durationMs: 1000, preAllocatedVUs: 2, maxVUs: 5 },
      { ...base, name: 'rar', executor: 'ramping-arrival-rate', startRate: 5, timeUnitMs: 500, preAllocatedVUs: 1, maxVUs: 3, stages: [{ durationMs: 1000, target: 10 }] },
    ];
    expect(renderK6Header({ compat: 'v2', script: 'h.js', outputs: [], plan: { scenarios, segmentShare: 1, maxVus: 15 }, colors: false })).toBe(
      [
        '',
        '         /\\      Grafana   /‾‾/  ',
        '    /\\  /  \\     |\\  __   /  /   ',
        '   /  \\/    \\    | |/ /  /   ‾‾\\ ',
        '  /          \\   |   (  |  (‾)  |',
        ' / __________ \\  |_|\\_\\  \\_____/ ',
        '',
        '',
        '     execution: local',
        '        script: h.js',
        '        output: -',
        '',
        '     scenarios: (100.00%) 6 scenarios, 15 max VUs, 10m1.2s max duration (incl. graceful stop):',
        '              * car: 10.00 iterations/s for 1s (maxVUs: 2-5, gracefulStop: 30s)',
        '              * cv: 1 looping VUs for 1s',
        '              * rar: Up to 20.00 iterations/s for 1s over 1 stages (maxVUs: 1-3, gracefulStop: 30s)',
        '              * rv: Up to 2 looping VUs for 1s over 2 stages (gracefulRampDown: 0s, gracefulStop: 30s)',
        '              * si: 4 iterations shared among 2 VUs (maxDuration: 5s, gracefulStop: 30s)',
        '              * pvi: 3 iterations for each of 2 VUs (maxDuration: 10m0s, exec: other, startTime: 200ms, gracefulStop: 1s)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('k6 v0.49: its logo and one empty line less; colours on a terminal', () => {
    const text = renderK6Header({ compat: 'v0.49', script: 's.js', outputs: ['json (x.json)'], plan: { scenarios: [base], segmentShare: 1 / 3, maxVus: 1 }, colors: true });
    expect(text).toMatch(/^\n\x1b\[36m {10}\/\\ {6}\|‾‾\| \/‾‾\/ {3}\/‾‾\/ {3}\n(.*\n){3}.*\.io\x1b\[0m\n\n {5}execution: \x1b\[36mlocal\x1b\[0m\n/);
    expect(text).toContain('        output: \x1b[36mjson (x.json)\x1b[0m\n');
    expect(text).toContain('     scenarios: \x1b[36m(33.33%) 1 scenario, 1 max VUs, 10m30s max duration (incl. graceful stop):\x1b[0m\n');
  });
});

const SCRIPTS: Record<string, string> = {
  'all-executors.js': `export const options = {
  scenarios: {
    si: { executor: 'shared-iterations', vus: 2, iterations: 4, maxDuration: '5s', exec: 'default' },
    pvi: { executor: 'per-vu-iterations', vus: 2, iterations: 3, exec: 'other', startTime: '200ms', gracefulStop: '1s' },
    cv: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '0s' },
    rv: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '300ms', target: 2 }, { duration: '300ms', target: 0 }], gracefulRampDown: '0s' },
    car: { executor: 'constant-arrival-rate', rate: 3, timeUnit: '2s', duration: '1s', preAllocatedVUs: 2 },
    rar: { executor: 'ramping-arrival-rate', startRate: 1, timeUnit: '1m', preAllocatedVUs: 1, maxVUs: 3, stages: [{ duration: '300ms', target: 90 }, { duration: '300ms', target: 0 }] },
  },
};
export default function () {}
export function other() {}
`,
  'no-options.js': 'export default function () {}\n',
  'shortcuts.js': "export const options = { vus: 2, iterations: 4, stages: undefined };\nexport default function () {}\n",
  'segmented.js': "export const options = { executionSegment: '0:1/2', executionSegmentSequence: '0,1/2,1', scenarios: { r: { executor: 'ramping-vus', startVUs: 4, stages: [{ duration: '300ms', target: 3 }] }, c: { executor: 'constant-arrival-rate', rate: 5, duration: '1s', preAllocatedVUs: 3, maxVUs: 6 } } };\nexport default function () {}\n",
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-header-'));
  for (const [name, text] of Object.entries(SCRIPTS)) await writeFile(join(dir, name), text);
});

function onK6(bin: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(bin, ['run', ...args], { cwd: dir, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** stdout up to the end of the execution plan (k6 then goes on with its progress lines). */
const header = (stdout: string): string => stdout.slice(0, stdout.indexOf('\n\n', stdout.indexOf('     scenarios:')) + 2);

describe('loadgate k6 run: the header', () => {
  it('is printed once the options are valid, not with -q, not for a script that does not load', async () => {
    const r = await runCli(['k6', 'run', 'no-options.js'], { cwd: dir });
    expect(r.stdout).toContain('     scenarios: (100.00%) 1 scenario, 1 max VUs, 10m30s max duration (incl. graceful stop):\n              * default: 1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)\n\n');
    const quiet = await runCli(['k6', 'run', '-q', 'no-options.js'], { cwd: dir });
    expect(quiet.stdout).not.toContain('execution:');
    await writeFile(join(dir, 'bad.js'), 'export const options = { vus: -1, duration: "1s" };\nexport default function () {}\n');
    const bad = await runCli(['k6', 'run', 'bad.js'], { cwd: dir });
    expect([bad.code, bad.stdout]).toEqual([104, '']);
  });

  for (const { name: label, path: bin, compat } of generations) {
    describe(`the same as ${label}`, () => {
      it.each(Object.keys(SCRIPTS))('%s', async (script) => {
        const [mine, theirs] = await Promise.all([runCli(['k6', 'run', '--compat', compat, script], { cwd: dir }), onK6(bin, [script])]);
        expect(mine.code).toBe(theirs.code);
        expect(header(mine.stdout)).toBe(header(theirs.stdout));
      });
    });
  }
});
