import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { readResultsFile } from '../../src/results/results-store.js';
import { runCli } from '../helpers/cli.js';

const bin = join(PACKAGE_ROOT, 'bin', 'loadgate.js');
/** A side started by command, the way a team starts two builds of its service. */
const targetCommand = (extra = ''): string => `"${process.execPath}" "${bin}" target start --port $PORT --seed 1000 ${extra}`;
/**
 * A scenario of the project's own, `reads`: the shipped baseline's requests (a record by id and
 * a page of an org's records, the service's SQLite and cache work) from its 4 VUs, for 0.4 s a
 * repetition (the baseline's constant-vus cannot go under 1 s), gated as the baseline is on the
 * service's own handler timing from its /metrics. The 1.5x handler change moves that by about
 * +60 %, which 6 interleaved pairs resolve at any length.
 */
const SCENARIO = `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { reads: { executor: 'ramping-vus', startVUs: 4, stages: [{ duration: '400ms', target: 4 }], gracefulRampDown: '0s' } } };
export default function () {
  const n = __VU * 7919 + __ITER;
  http.get(\`\${__ENV.BASE_URL}/records/\${1 + (n % 1000)}\`);
  http.get(\`\${__ENV.BASE_URL}/records?org=org-\${String(1 + (n % 10)).padStart(3, '0')}&limit=20\`);
  // Paced: the VU thread stays well below the busy level at which a repetition is left out as the generator's limit.
  sleep(0.002);
}
`;
const PROJECT_CONFIG = `export default ${JSON.stringify({
  scenarios: { reads: { file: 'perf/reads.js', thresholds: [], gating: [{ metric: 'server_handler_duration', stat: 'value', direction: 'lower' }] } },
})};\n`;

/**
 * Interleaved A/B on real processes: both sides are commands given a free $PORT,
 * repetitions alternate base, head, base, head…
 */
describe('loadgate ab', () => {
  it('passes two identical builds and fails a build slowed down 1.5x', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-ab-'));
    await mkdir(join(project, 'perf'));
    await writeFile(join(project, 'perf', 'reads.js'), SCENARIO);
    await writeFile(join(project, 'loadgate.config.ts'), PROJECT_CONFIG);
    const same = await runCli(['ab', 'reads', '--count', '6', '--base', targetCommand(), '--head', targetCommand(), '--metrics-url', '/metrics'], { cwd: project });
    expect(same.stdout, same.stdout + same.stderr).toMatch(/verdict: PASS/);
    expect(same.code).toBe(0);
    // Interleaved in pairs, each pair's order counterbalanced in blocks: AB BA or BA AB.
    const sides = [...same.stderr.matchAll(/reads \[(base|head)\] \d\/6/g)].map((m) => m[1]);
    expect(sides).toHaveLength(12);
    for (let pair = 0; pair < 6; pair++) expect(new Set(sides.slice(2 * pair, 2 * pair + 2))).toEqual(new Set(['base', 'head']));
    for (let block = 0; block < 3; block++) expect(sides[4 * block]).toBe(sides[4 * block + 3]);
    const headResults = await readResultsFile(/results \(head\): (\S+)/.exec(same.stdout)![1]!);
    expect(headResults.sideBySide?.side).toBe('head');
    expect(headResults.sideBySide?.order).toEqual(Array.from({ length: 6 }, (_, i) => (sides[2 * i] === 'base' ? 'AB' : 'BA')));
    const headFile = /results \(head\): (\S+)/.exec(same.stdout)![1]!;
    const head = await readResultsFile(headFile);
    expect(head.scenarios[0]!.repetitions).toHaveLength(6);
    expect(head.target.options?.command).toContain('target start');

    const slow = await runCli(['ab', 'reads', '--count', '6', '--base', targetCommand(), '--head', targetCommand('--slowdown 1.5'), '--metrics-url', '/metrics'], { cwd: project });
    expect(slow.stdout).toMatch(/verdict: FAIL/);
    // Handler time 1.5x shows in full in the service's own handler timing (see gate-honesty.test.ts).
    expect(slow.stdout).toMatch(/reads: server_handler_duration value regressed/);
    expect(slow.code).toBe(1);
    // The confirmation round measured fresh processes of both builds, warmed up as in round 1:
    // a process that happens to run slower than its twin must not confirm itself.
    for (const side of ['base', 'head']) {
      const round1 = await readResultsFile(new RegExp(`results \\(${side}\\): (\\S+)`).exec(slow.stdout)![1]!);
      const round2 = await readResultsFile(new RegExp(`results \\(confirmation, ${side}\\): (\\S+)`).exec(slow.stdout)![1]!);
      expect(round2.target.url).not.toBe(round1.target.url);
      expect(round2.target.options?.command).toBe(round1.target.options?.command);
    }
    expect(slow.stderr).toMatch(/running reads: 6 interleaved pairs each \(base, confirming and head, confirming, \+1 warm-up\)/);
  }, 240_000);

  it('names a side command that never listens', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-ab-'));
    const r = await runCli(['ab', 'baseline', '--count', '1', '--base', 'exit 3', '--head', targetCommand()], { cwd: project });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/target command "exit 3" exited with code 3 before listening/);
  });
});
