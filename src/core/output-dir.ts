/**
 * Output locations are checked before any load starts: a results or report directory that
 * cannot be written would otherwise be discovered after the whole measurement, which is then lost.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OutputDirError } from './errors.js';

/** A directory loadgate will write into, and what names it for the user (`--out`, `resultsDir`…). */
export interface OutputDir {
  dir: string;
  /** E.g. `results directory (--out)`. */
  what: string;
}

/**
 * Creates `dir` when missing and proves it writable by creating and removing a probe file.
 * @throws OutputDirError naming the directory, what it is for, and why it cannot be written
 */
export async function ensureWritableDir({ dir, what }: OutputDir): Promise<void> {
  const existing = await stat(dir).catch(() => null);
  if (existing && !existing.isDirectory()) throw new OutputDirError(dir, what, 'it is a file, not a directory');
  try {
    await mkdirLevels(dir);
  } catch (err) {
    throw new OutputDirError(dir, what, `it cannot be created (${reason(err)})`);
  }
  const probe = join(dir, `.loadgate-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (err) {
    throw new OutputDirError(dir, what, `it is not writable (${reason(err)})`);
  }
  await unlink(probe).catch(() => undefined);
}

/**
 * `mkdir -p`, one level at a time. Node's `mkdir(dir, { recursive: true })` never settles for
 * some unwritable parents (`/proc/1/x`: it retries ENOENT forever), so each missing level is
 * created on its own and the first failure is thrown as it is (EACCES, ENOTDIR, ENOENT…).
 */
export async function mkdirLevels(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const s = await stat(at).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? null : Promise.reject(err)));
    if (s) {
      if (!s.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', path: at });
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing.reverse()) {
    await mkdir(level).catch((err: NodeJS.ErrnoException) => (err.code === 'EEXIST' ? undefined : Promise.reject(err)));
  }
}

/** Checks every directory, in order; the first that fails throws. */
export async function ensureWritableDirs(dirs: OutputDir[]): Promise<void> {
  for (const d of dirs) await ensureWritableDir(d);
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOTDIR' || e.code === 'EEXIST') return `${e.code}: a file stands where a directory is needed`;
  return e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '')}` : String(err);
}
