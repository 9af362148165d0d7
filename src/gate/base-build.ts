/**
 * The base checkout's build step, cached by commit: a build that succeeded once for a commit
 * with the same command is not run again. Its output goes to a log beside the checkout; a
 * failure is reported with the log's last lines.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { BaseBuildError } from '../core/errors.js';

/** How the build of a checkout went. */
export interface BuildOutcome {
  /** The shell command run; null when the project has no build step. */
  command: string | null;
  /** True when an earlier identical build of this commit was reused. */
  cached: boolean;
  /** Time the build took now (0 when cached), ms. */
  durationMs: number;
  /** The build's log (absent when there was nothing to run). */
  logFile: string | null;
}

/** What the stamp beside a built checkout records. */
interface BuildStamp {
  sha: string;
  command: string | null;
  builtAt: string;
  durationMs: number;
}

/**
 * The build command a checkout needs: the configured one (null: none), else `npm ci` when the
 * project has a package-lock.json (npm then runs its `prepare` script, which is where a
 * TypeScript project compiles), else none.
 */
export function defaultBuildCommand(projectDir: string, configured: string | null | undefined): string | null {
  if (configured !== undefined) return configured;
  return existsSync(join(projectDir, 'package-lock.json')) ? 'npm ci' : null;
}

/**
 * Builds the checkout in `projectDir` unless `stampFile` says this commit was built with this
 * command already. `checkoutDir`'s stamp and log live beside it: `<checkout>.build.json` and
 * `<checkout>.build.log`.
 * @throws BaseBuildError with the log's tail when the command fails or outlives `timeoutMs`
 */
export async function buildCheckout(options: {
  checkoutDir: string;
  projectDir: string;
  sha: string;
  command: string | null;
  /** @default 30 minutes */
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<BuildOutcome> {
  const stampFile = `${options.checkoutDir}.build.json`;
  const logFile = `${options.checkoutDir}.build.log`;
  const stamp = await readStamp(stampFile);
  if (stamp && stamp.sha === options.sha && stamp.command === options.command) {
    return { command: options.command, cached: true, durationMs: 0, logFile: options.command ? logFile : null };
  }
  if (options.command === null) {
    await writeStamp(stampFile, { sha: options.sha, command: null, builtAt: new Date().toISOString(), durationMs: 0 });
    return { command: null, cached: false, durationMs: 0, logFile: null };
  }
  const t0 = performance.now();
  const code = await runLogged(options.command, options.projectDir, logFile, options.timeoutMs ?? 30 * 60_000, options.signal);
  const durationMs = performance.now() - t0;
  if (code !== 0) {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trimEnd().split('\n').slice(-20).join('\n');
    const why = code === null ? 'was stopped (timeout or interrupt)' : `exited with code ${code}`;
    throw new BaseBuildError(logFile, `the base build \`${options.command}\` in ${options.projectDir} ${why}; the last lines of ${logFile}:\n${tail}`);
  }
  await writeStamp(stampFile, { sha: options.sha, command: options.command, builtAt: new Date().toISOString(), durationMs });
  return { command: options.command, cached: false, durationMs, logFile };
}

async function readStamp(file: string): Promise<BuildStamp | null> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<BuildStamp>;
    return typeof data.sha === 'string' && (typeof data.command === 'string' || data.command === null) ? (data as BuildStamp) : null;
  } catch {
    return null;
  }
}

function writeStamp(file: string, stamp: BuildStamp): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(stamp, null, 1)}\n`);
}

/** Runs a shell command with stdout and stderr into `logFile`; resolves its exit code (null when killed). */
async function runLogged(command: string, cwd: string, logFile: string, timeoutMs: number, signal?: AbortSignal): Promise<number | null> {
  const log = await open(logFile, 'w');
  try {
    await log.write(`$ ${command}\n# in ${cwd}, ${new Date().toISOString()}\n`);
    return await new Promise<number | null>((resolve) => {
      const child = spawn(command, { shell: true, cwd, detached: true, stdio: ['ignore', log.fd, log.fd] });
      const kill = (): void => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(kill, timeoutMs);
      signal?.addEventListener('abort', kill, { once: true });
      child.once('error', () => resolve(127));
      child.once('exit', (code) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', kill);
        resolve(code);
      });
    });
  } finally {
    await log.close();
  }
}
