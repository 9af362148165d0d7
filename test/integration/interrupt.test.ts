import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { readResultsFile } from '../../src/results/results-store.js';
import { runCli } from '../helpers/cli.js';

/** Repetitions of 1 s (smoke: 2 s): the interrupt comes after the first one. */
const PROJECT_CONFIG = `export default ${JSON.stringify({ profiles: { smoke: { env: { baseline: { DURATION: '1s' } } } } })};\n`;

describe('Ctrl-C during a run', () => {
  it('stops gracefully, stops the target it started, writes an incomplete run that cannot become a baseline', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-interrupt-'));
    await writeFile(join(project, 'loadgate.config.ts'), PROJECT_CONFIG);
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'loadgate.js'), 'run', 'baseline', '--count', '8'], {
      cwd: project,
      env: { ...process.env, CI: 'true' },
    });
    let stderr = '';
    let stdout = '';
    let targetUrl = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        targetUrl ||= /reference target listening on (\S+)/.exec(stderr)?.[1] ?? '';
        // Interrupt once the first measured repetition is in.
        if (/baseline 1\/8:/.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(stderr).toMatch(/SIGINT: stopping/);
    expect(code).toBe(4);
    const file = /results: (\S+)/.exec(stdout)![1]!;
    const results = await readResultsFile(file);
    expect(results.complete).toBe(false);
    expect(results.scenarios[0]!.repetitions.length).toBeGreaterThanOrEqual(1);
    expect(results.scenarios[0]!.repetitions.length).toBeLessThan(8);
    // The reference target it started is gone: nothing answers on its port any more.
    await expect(fetch(`${targetUrl}/health`)).rejects.toThrow();
    const save = await runCli(['baseline', 'save', file], { cwd: project });
    expect(save.code).toBe(2);
    expect(save.stderr).toMatch(/is incomplete: it was interrupted/);
    expect(await readdir(project)).not.toContain('baselines');
  }, 120_000);

  it('a gate interrupted by Ctrl-C says MEASUREMENT FAILED on stdout and in every report, and exits 4', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-interrupt-gate-'));
    await writeFile(join(project, 'loadgate.config.ts'), PROJECT_CONFIG);
    const reportDir = join(project, 'report');
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'loadgate.js'), 'gate', 'baseline', '--count', '8', '--report-dir', reportDir], {
      cwd: project,
      env: { ...process.env, CI: 'true' },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/baseline 1\/8:/.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(4);
    // One statement on stdout: never "no verdict" beside a verdict line.
    expect(stdout).toMatch(/^run interrupted: results are incomplete, so the measurement failed \(exit 4\)\nverdict: MEASUREMENT FAILED\n/m);
    expect(stdout).not.toMatch(/no verdict/);
    expect(`${stdout}${stderr}`).not.toMatch(/\bPASS\b/);
    const md = await readFile(join(reportDir, 'summary.md'), 'utf8');
    expect(md).toMatch(/MEASUREMENT FAILED/);
    expect(md).not.toMatch(/\bPASS\b/);
    expect(await readFile(join(reportDir, 'junit.xml'), 'utf8')).toMatch(/<failure type="measurement-failed"/);
    const json = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
    expect(json.banner.verdict.word).toBe('measurement failed');
  }, 120_000);
});
