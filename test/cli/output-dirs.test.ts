import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendHistory } from '../../src/history/history-store.js';
import { writeResultsFile } from '../../src/results/results-store.js';
import { runCli } from '../helpers/cli.js';
import { makeResults } from '../helpers/results-fixture.js';

/**
 * Every command that writes names an output folder it cannot create (a file in the way, or a
 * parent where no directory can be made, such as /proc/1) and exits 2 before doing its work.
 */
describe('writer commands check their output folder first', () => {
  let dir: string;
  let results: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-outdirs-'));
    results = await writeResultsFile(join(dir, 'results'), makeResults());
    await appendHistory(join(dir, 'history'), makeResults({ runId: 'weekly-1', profile: 'weekly' }));
    await writeFile(join(dir, 'afile'), 'in the way\n');
  });

  const commands: Array<[string, (out: string) => string[]]> = [
    ['run', (out) => ['run', 'baseline', '--profile', 'smoke', '--count', '1', '--out', out]],
    ['gate', (out) => ['gate', 'baseline', '--profile', 'smoke', '--engine', 'embedded', '--report-dir', out]],
    ['report', (out) => ['report', results, '--out', out]],
    ['trend', (out) => ['trend', '--profile', 'weekly', '--history-dir', join(dir, 'history'), '--out', out]],
    ['k8s', (out) => ['k8s', 'baseline', '--parallelism', '2', '--out', out]],
    ['merge', (out) => ['merge', join(out, 'merged.json'), results, results]],
  ];

  for (const [name, args] of commands) {
    it(`${name}: a file in the way of the output folder is exit 2, naming it`, async () => {
      const out = join(dir, 'afile', 'sub');
      const r = await runCli(args(out), { cwd: dir });
      expect(r.stderr).toContain(out);
      expect(r.stderr).toMatch(/ENOTDIR|not a directory/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(2);
    });
    it(`${name}: an output folder that cannot be created (/proc/1/x) is exit 2, naming it`, async () => {
      const r = await runCli(args('/proc/1/x/y'), { cwd: dir, timeoutMs: 60_000 });
      expect(r.stderr).toContain('/proc/1/x/y');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(2);
    });
  }

  it('nothing was measured: no results file was written by the failed runs', async () => {
    expect((await readdir(join(dir, 'results'))).length).toBe(1);
  });
});
