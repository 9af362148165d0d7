import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResultsFile } from '../../src/results/results.js';
import { runCli } from '../helpers/cli.js';

/**
 * A stored gate that finds a regression measures its confirmation round on a fresh process of
 * the target it started (`--target embedded`), warmed up as round 1's was, and says so: the
 * regression must hold on a process that did not measure round 1. Everything real: the CLI, the
 * reference target, the engine. The baseline is a real run of the same target with its latency
 * divided by ten, so the regression is certain and the test is about the second round, not about
 * resolving an effect; its canary is taken out, so a drifting machine cannot stop the round.
 */

// Paced, so that the generator is never the bottleneck (a saturated repetition is left out of the comparison).
const SCENARIO = `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 1, iterations: 30 };
export default function () {
  http.get(\`\${__ENV.BASE_URL}/health\`);
  sleep(0.01);
}
`;

// 5 against 5 repetitions: the rank test's smallest two-sided p is 0.008 (0.016 should a repetition be
// left out as saturated), one-sided 0.004, all below 0.05.
const CONFIG = `export default ${JSON.stringify({
  profiles: { smoke: { repetitions: 5, warmupRepetitions: 1 } },
  scenarios: { hit: { file: 'perf/hit.js', thresholds: [], gating: [{ metric: 'http_req_duration', stat: 'med', direction: 'lower' }] } },
}, null, 2)};\n`;

describe('stored gate: the confirmation round on a restarted target', () => {
  let project: string;
  let baselineFile: string;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'loadgate-stored-restart-'));
    await mkdir(join(project, 'perf'));
    await writeFile(join(project, 'perf', 'hit.js'), SCENARIO);
    await writeFile(join(project, 'loadgate.config.ts'), CONFIG);
    const run = await runCli(['run', 'hit', '--target', 'embedded', '--engine', 'embedded'], { cwd: project });
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(await readFile(/results: (\S+)/.exec(run.stdout)![1]!, 'utf8')) as ResultsFile;
    for (const rep of results.scenarios[0]!.repetitions) {
      const values = rep.summary.metrics['http_req_duration']!.values;
      for (const stat of Object.keys(values)) if (typeof values[stat] === 'number') values[stat] = values[stat]! / 10;
    }
    delete results.canary;
    baselineFile = join(project, 'ten-times-faster.json');
    await writeFile(baselineFile, JSON.stringify(results));
  }, 120_000);

  it('restarts the target for round 2, warms it up, and says so in the verdict', async () => {
    const gate = await runCli(['gate', 'hit', '--target', 'embedded', '--engine', 'embedded', '--baseline', baselineFile], { cwd: project });
    expect(gate.stdout).toMatch(/verdict: FAIL/);
    expect(gate.stdout).toMatch(/^ {2}confirmation round \(services restarted for it\): 1 of 1 regressed metric regressed again on fresh repetitions$/m);
    expect(gate.code, gate.stderr).toBe(1);
    // Two reference targets, one after the other, on different ports: round 1's and round 2's.
    const urls = [...gate.stderr.matchAll(/reference target listening on (\S+)/g)].map((m) => m[1]);
    expect(urls).toHaveLength(2);
    expect(urls[0]).not.toBe(urls[1]);
    // The fresh process was warmed up before round 2 measured it, as round 1's was.
    const round2 = gate.stderr.slice(gate.stderr.lastIndexOf('reference target listening on'));
    expect(round2).toMatch(/warm-up 1\/1 \(not measured\)/);
    const md = await readFile(/report \(markdown\): (\S+)/.exec(gate.stdout)![1]!, 'utf8');
    expect(md).toMatch(/re-measured them on fresh repetitions of a freshly started target, and 1 regressed again/);
  }, 180_000);
});
