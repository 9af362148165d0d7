import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI (bin/loadgate.js over the compiled dist/, which `npm test`
 * builds first) in `cwd`, exactly as a user would.
 */
export function runCli(args: string[], options: { cwd: string; timeoutMs?: number; env?: Record<string, string>; input?: string } = { cwd: process.cwd() }): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(PACKAGE_ROOT, 'bin', 'loadgate.js'), ...args],
      { cwd: options.cwd, timeout: options.timeoutMs ?? 240_000, env: { ...process.env, CI: 'true', ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // What the command reads on stdin (`k6 run -`).
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
