import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** `--profile` is checked against the path-name rule before it is looked up or used in a path. */
describe('--profile names', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-profile-'));
  });

  for (const args of [['gate'], ['run'], ['k8s', 'baseline', '--parallelism', '2']]) {
    it(`${args[0]} --profile ../../evil: invalid profile name, listing the valid ones (not "refusing to write")`, async () => {
      const r = await runCli([...args, '--profile', '../../evil'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/invalid profile name: "\.\.\/\.\.\/evil" cannot be part of a file name; use .*; valid profiles: smoke, ci, weekly, release/);
      expect(r.stderr).not.toMatch(/refusing to write/);
    });
  }

  it('gate --profile nightly: unknown profile, listing the valid ones', async () => {
    const r = await runCli(['gate', '--profile', 'nightly'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown profile "nightly"; valid profiles: smoke, ci, weekly, release/);
  });
});
