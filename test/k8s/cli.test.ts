import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';

describe('loadgate k8s (real CLI)', () => {
  it('writes the three manifests for a configured scenario', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k8s-cli-'));
    const r = await runCli(['k8s', 'baseline', '--parallelism', '2', '--out', join(dir, 'm'), '--target', 'http://api.perf.svc:8080'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['configmap.yaml', 'pvc.yaml', 'testrun.yaml'].map((f) => `wrote ${join(dir, 'm', f)}`));
    // baseline's sub-metric targets are not in k6's --out json: the merge command carries them.
    expect(lines[3]).toBe(
      "then merge the runners' outputs: loadgate merge merged.json out/*.points.ndjson" +
        " --threshold 'http_req_duration{name:health}=p(95)<100' --threshold 'http_req_duration{kind:api}=p(95)<500' --threshold 'http_req_duration{kind:api}=p(99)<1000'",
    );
    const testRun = await readFile(join(dir, 'm', 'testrun.yaml'), 'utf8');
    expect(testRun).toMatch(/^kind: TestRun$/m);
    expect(testRun).toMatch(/^ {2}parallelism: 2$/m);
    expect(parse(testRun).spec.runner.env).toContainEqual({ name: 'BASE_URL', value: 'http://api.perf.svc:8080' });
  });

  it('names the valid choices on a bad scenario or parallelism', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k8s-cli-'));
    const bad = await runCli(['k8s', 'nope', '--parallelism', '2'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown scenario "nope"; valid scenarios: baseline/);
    const zero = await runCli(['k8s', 'baseline', '--parallelism', '0'], { cwd: dir });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--parallelism must be a whole number >= 1, got "0"/);
  });
});
