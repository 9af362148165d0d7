/**
 * Finds a real `k6` executable (K6_PATH, else PATH) and asks it for its version.
 */
import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';

/** A k6 executable that answered `k6 version`. */
export interface K6Binary {
  /** Absolute path of the executable. */
  path: string;
  /** Semantic version without the `v`, e.g. `0.49.0`. */
  version: string;
  /** First line of `k6 version`, e.g. `k6 v0.49.0 (go1.19.8, linux/amd64)` (what results files record). */
  versionLine: string;
}

/** How long `k6 version` may take before the candidate is given up on. @default 10 000 ms */
const VERSION_TIMEOUT_MS = 10_000;

/**
 * Parses the output of `k6 version`: `k6 v0.49.0 (go1.19.8, linux/amd64)` and newer
 * forms such as `k6 v1.0.0 (commit/abc, go1.24.1, linux/amd64)` followed by extension lines.
 * Returns null when the text is not k6's.
 */
export function parseK6Version(output: string): { version: string; versionLine: string } | null {
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^k6 v(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)\b/.exec(line);
    if (m?.[1]) return { version: m[1], versionLine: line };
  }
  return null;
}

/**
 * Looks up `k6`: `K6_PATH` when set (an error if it is not a working k6, since the user
 * asked for it), else the first `k6` in an absolute `PATH` directory that answers
 * `k6 version` like k6 does.
 * @returns null when no k6 is installed.
 * @throws UsageError when K6_PATH names something that is not a runnable k6.
 */
export async function findK6Binary(env: NodeJS.ProcessEnv = process.env): Promise<K6Binary | null> {
  const explicit = env['K6_PATH'];
  if (explicit) {
    const path = resolve(explicit);
    if (!(await isExecutableFile(path))) {
      throw new UsageError(`K6_PATH=${explicit}: not an executable file; point K6_PATH at the k6 binary or unset it`);
    }
    const found = await askVersion(path, env);
    if ('error' in found) throw new UsageError(`K6_PATH=${explicit}: \`k6 version\` failed: ${found.error}`);
    return found;
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    // Empty and relative entries mean "the current directory": never run a ./k6 from a checkout unasked.
    if (!isAbsolute(dir)) continue;
    const path = join(dir, 'k6');
    if (!(await isExecutableFile(path))) continue;
    const found = await askVersion(path, env);
    if (!('error' in found)) return found;
  }
  return null;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function askVersion(path: string, env: NodeJS.ProcessEnv): Promise<K6Binary | { error: string }> {
  return new Promise((done) => {
    execFile(path, ['version'], { env, timeout: VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        done({ error: (stderr.trim().split('\n')[0] || err.message).slice(0, 300) });
        return;
      }
      const parsed = parseK6Version(stdout);
      done(parsed ? { path, ...parsed } : { error: `unexpected output ${JSON.stringify(stdout.slice(0, 120))} (expected "k6 vX.Y.Z (...)")` });
    });
  });
}

