/**
 * Finds the real benchstat (golang.org/x/perf/cmd/benchstat) for the differential test,
 * the way the k6 tests find k6: BENCHSTAT_PATH when set (an error when it is not a
 * benchstat), else the first `benchstat` in an absolute PATH directory that answers `-h`
 * like benchstat. benchstat is not an npm or Debian package, so a machine may have none:
 * the test then skips with a notice, and fails only where `.ci/run` provided one and says
 * so (CI set and LOADGATE_EXPECT_BENCHSTAT=1).
 */
import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** benchstat prints its usage, starting with "Usage: benchstat", on stderr for -h. */
function answersLikeBenchstat(path: string): Promise<boolean> {
  return new Promise((done) => {
    execFile(path, ['-h'], { timeout: 10_000, maxBuffer: 64 * 1024 }, (_err, stdout, stderr) => {
      done(/Usage: benchstat/.test(`${stdout}${stderr}`) && /-confidence/.test(`${stdout}${stderr}`));
    });
  });
}

/**
 * @returns the absolute path of a working benchstat, or null when there is none.
 * @throws Error when BENCHSTAT_PATH is set but is not a benchstat.
 */
export async function findBenchstat(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const explicit = env['BENCHSTAT_PATH'];
  if (explicit) {
    const path = resolve(explicit);
    if (!(await isExecutableFile(path)) || !(await answersLikeBenchstat(path))) {
      throw new Error(`BENCHSTAT_PATH=${explicit}: not a benchstat executable; point it at golang.org/x/perf/cmd/benchstat or unset it`);
    }
    return path;
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const path = join(dir, 'benchstat');
    if ((await isExecutableFile(path)) && (await answersLikeBenchstat(path))) return path;
  }
  return null;
}

/** True when the environment says the real benchstat must be there (CI with LOADGATE_EXPECT_BENCHSTAT=1). */
export function benchstatRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['CI']) && env['LOADGATE_EXPECT_BENCHSTAT'] === '1';
}

export interface BenchstatRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs `benchstat [-format csv] old.txt new.txt` in `dir` (labels are the file names). */
export function runRealBenchstat(path: string, dir: string, format: 'text' | 'csv'): Promise<BenchstatRun> {
  return new Promise((done, fail) => {
    execFile(path, ['-format', format, 'old.txt', 'new.txt'], { cwd: dir, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return fail(err);
      done({ stdout, stderr, exitCode: err ? (err.code as number) : 0 });
    });
  });
}
