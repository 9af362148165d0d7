/**
 * The distributed recipe as a user runs it: three `loadgate k6 run` processes, each with
 * its --execution-segment of one --execution-segment-sequence and its own --out json
 * file, then `loadgate merge`. The merged totals are the unsegmented test's.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsFile } from '../../src/results/results.js';
import { OUTPUT_MOUNT, runnerArguments } from '../../src/k8s/manifests.js';
import { runCli } from '../helpers/cli.js';
import { startTargetServer, type TargetServer } from './helpers/target-server.js';
import { k6LogText } from '../helpers/k6-log.js';

const script = fileURLToPath(new URL('./scripts/segmented.js', import.meta.url));
let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());

/** The --out a k6-operator runner pod gets from our TestRun, for pod `pod` writing into `dir`. */
function runnerOut(pod: string, dir: string): string {
  const out = runnerArguments('segmented').split(' ').find((a) => a.startsWith('json='));
  if (!out) throw new Error('the TestRun runner arguments have no --out json=');
  return out.replace(OUTPUT_MOUNT, dir).replace('$(POD_NAME)', pod);
}

describe('loadgate k6 run --execution-segment, then loadgate merge', () => {
  it('three instances merge into the whole test, thresholds judged on the merge', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-segments-cli-'));
    const segments = ['0:1/3', '1/3:2/3', '2/3:1'];
    const runs = await Promise.all(
      segments.map((segment, i) =>
        runCli(['k6', 'run', script, '-q', '-e', `BASE_URL=${server.url}`, '-e', `INSTANCE=${i}`, '--execution-segment', segment, '--execution-segment-sequence', '0,1/3,2/3,1', '--out', runnerOut(`runner-${i + 1}`, dir)], { cwd: dir }),
      ),
    );
    // Alone, each instance crosses iterations count>=100 (it ran at most 24 + 10 + 20 + 5).
    expect(runs.map((r) => r.code)).toEqual([99, 99, 99]);
    // The file names a k6-operator runner writes (<pod>.points.ndjson, see src/k8s) are what merge takes.
    const merge = await runCli(['merge', 'merged.json', 'runner-1.points.ndjson', 'runner-2.points.ndjson', 'runner-3.points.ndjson'], { cwd: dir });
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(0);
    expect(merge.stdout).toMatch(/^merged 3 instances into merged\.json\n/);
    expect(merge.stdout).not.toMatch(/thresholds failing/);
    const merged = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8')) as ResultsFile;
    const rep = merged.scenarios[0]?.repetitions[0];
    const metrics = rep?.summary.metrics ?? {};
    expect(rep?.exitCode).toBe(0);
    expect(metrics['iterations{scenario:shared}']?.values.count).toBe(60);
    // k6's --out json carries only thresholds on whole metrics (a sub-metric's are not in its Metric record), so those are re-judged.
    expect(metrics.iterations?.thresholds).toEqual({ 'count>=100': { ok: true } });
    expect(metrics['iterations{scenario:each}']?.values.count).toBe(20);
    // Every one of the 61 whole-test arrivals (as k6: one at 0, 60 truncated periods inside 2 s) was started by exactly one instance (run or dropped).
    expect((metrics['iterations{scenario:rate}']?.values.count ?? 0) + (metrics['dropped_iterations{scenario:rate}']?.values.count ?? 0)).toBe(61);
    // Requests = iterations (one request each): 60 + 20 + the arrivals that ran.
    expect(metrics.http_reqs?.values.count).toBe(metrics.iterations?.values.count);
    expect((metrics['iterations{scenario:ramp}']?.values.count ?? 0) + (metrics['dropped_iterations{scenario:ramp}']?.values.count ?? 0)).toBe(14);
    expect(metrics.iterations?.values.count).toBeGreaterThanOrEqual(80 + 54 + 13);
  }, 120_000);

  it("exits 255 for a bad --execution-segment, in k6's words (test/cli/k6-pflag.test.ts compares more with k6)", async () => {
    const r = await runCli(['k6', 'run', script, '-q', '--execution-segment', '1/3..2/3'], { cwd: await mkdtemp(join(tmpdir(), 'loadgate-segments-cli-')) });
    expect(r.code).toBe(255);
    expect(k6LogText(r.stderr).trim()).toBe("'1/3..2/3' is not a valid percentage, decimal, fraction or interval value");
  });
});
