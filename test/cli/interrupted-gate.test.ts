import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';

describe('an interrupted gate says one thing on stdout', () => {
  it('measurement failed, exit 4 — never "no verdict" next to a verdict line', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-interrupted-gate-'));
    const child = spawn(
      process.execPath,
      [join(PACKAGE_ROOT, 'bin', 'loadgate.js'), 'gate', 'baseline', '--profile', 'smoke', '--engine', 'embedded', '--count', '8', '--report-dir', join(project, 'report')],
      { cwd: project, env: { ...process.env, CI: 'true' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/baseline 1\/8:/.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, stderr).toBe(4);
    expect(stdout).toMatch(/^run interrupted: results are incomplete, so the measurement failed \(exit 4\)\nverdict: MEASUREMENT FAILED\n/m);
    expect(stdout).not.toMatch(/no verdict/);
    expect(`${stdout}${stderr}`).not.toMatch(/\bPASS\b/);
  }, 120_000);
});
