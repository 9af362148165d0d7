import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputDirError } from '../../src/core/errors.js';
import { ensureWritableDir } from '../../src/core/output-dir.js';
import { runCli } from '../helpers/cli.js';

describe('output locations are checked before any load starts', () => {
  it('creates a missing directory and leaves no probe behind', async () => {
    const root = await mkdtemp(join(tmpdir(), 'loadgate-outdir-'));
    const dir = join(root, 'a', 'b');
    await ensureWritableDir({ dir, what: 'results directory' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('names a file standing where a directory is needed, and a directory that cannot be created', async () => {
    const root = await mkdtemp(join(tmpdir(), 'loadgate-outdir-'));
    const file = join(root, 'taken');
    await writeFile(file, 'a user file\n');
    const err = await ensureWritableDir({ dir: file, what: 'results directory (--out)' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputDirError);
    expect((err as Error).message).toBe(`results directory (--out) ${file}: it is a file, not a directory; nothing was measured or written`);
    const under = await ensureWritableDir({ dir: join(file, 'sub'), what: 'report directory' }).catch((e: unknown) => e);
    expect((under as Error).message).toMatch(/report directory .*taken\/sub: it cannot be created \((ENOTDIR|EEXIST)/);
  });

  it.runIf(process.platform === 'linux')('names a directory no one may write into (even root: /proc)', async () => {
    const err = await ensureWritableDir({ dir: '/proc/1', what: 'reports directory' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^reports directory \/proc\/1: it is not writable \((ENOENT|EACCES|EPERM)/);
  });

  it('run --out at a file and gate --report-dir at a file exit 2 before the target starts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'loadgate-outdir-cli-'));
    const file = join(root, 'not-a-dir');
    await writeFile(file, 'x');
    const run = await runCli(['run', 'baseline', '--count', '1', '--out', file], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`results directory (--out) ${file}: it is a file, not a directory; nothing was measured or written`);
    expect(run.stderr).not.toMatch(/reference target listening|internal error/);
    const gate = await runCli(['gate', 'baseline', '--count', '1', '--report-dir', join(file, 'r')], { cwd: root });
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/report directory \(--report-dir\) .*not-a-dir\/r: it cannot be created/);
    expect(gate.stderr).not.toMatch(/reference target listening|internal error/);
    const report = await runCli(['report', '/dev/null', '--out', file], { cwd: root });
    expect(report.code).toBe(2);
  });
});
