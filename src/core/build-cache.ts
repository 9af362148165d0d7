/**
 * A cache of built artefacts (the VU worker bundle, compiled k6 scripts) keyed by the
 * content of the files they were built from: an entry records each input's SHA-256 and
 * is used only while every input still hashes the same, so a run after the first skips
 * esbuild and the parsers. Entries are JSON files written atomically, in
 * `$LOADGATE_CACHE_DIR/engine/` (the folder base checkouts use too, in `worktrees/`) or else
 * `<os tmpdir>/loadgate-engine-<uid>`.
 *
 * What the cache holds is run as code (a compiled script, the VU worker bundle), so it is read
 * and written only in a folder that is this user's alone: created 0700, owned by this user and
 * writable by no one else. In a shared /tmp another user could otherwise plant an entry. A
 * folder that fails the check is not used at all (every run rebuilds, which is slower, not wrong).
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, utimesSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { mkdirLevels } from './output-dir.js';

/** Absolute path of each input → SHA-256 (hex) of its content. */
export type FileStamps = Record<string, string>;

interface CacheEntry<T> {
  inputs: FileStamps;
  value: T;
}

/** Where cache entries live: `$LOADGATE_CACHE_DIR/engine`, else `<os tmpdir>/loadgate-engine-<uid>`. */
export function buildCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['LOADGATE_CACHE_DIR'];
  return root ? join(root, 'engine') : join(tmpdir(), `loadgate-engine-${ownUid() ?? userInfo().username}`);
}

function ownUid(): number | undefined {
  return process.getuid?.();
}

/**
 * Whether `dir` is safe to load code from: a real folder (not a symlink), owned by this user
 * and writable by no one else. Where there are no uids (Windows) any folder is.
 */
export function isPrivateDir(dir: string): boolean {
  let info;
  try {
    info = lstatSync(dir);
  } catch {
    return false;
  }
  if (!info.isDirectory()) return false;
  const uid = ownUid();
  return uid === undefined || (info.uid === uid && (info.mode & 0o022) === 0);
}

/** Creates the cache folder 0700 when missing; true when it is then safe to use (isPrivateDir). */
export async function ensurePrivateDir(dir: string): Promise<boolean> {
  try {
    await mkdirLevels(dirname(dir));
    const made = await mkdir(dir, { mode: 0o700 }).then(
      () => true,
      (err: NodeJS.ErrnoException) => (err.code === 'EEXIST' ? false : Promise.reject(err)),
    );
    // The umask may have taken bits off 0700, never added any; set it exactly on a folder we made.
    if (made) await chmod(dir, 0o700);
  } catch {
    return false;
  }
  return isPrivateDir(dir);
}

/** SHA-256 (hex) of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The entry file for artefact `kind` built with `key` (anything that tells builds apart besides their inputs' content). */
export function buildCacheFile(kind: string, key: string): string {
  return join(buildCacheDir(), `${kind}-${sha256(key).slice(0, 24)}.json`);
}

/** The content hashes of `paths`; undefined when one cannot be read. */
export function stampFiles(paths: Iterable<string>): FileStamps | undefined {
  const stamps: FileStamps = {};
  try {
    for (const path of paths) stamps[path] = sha256(readFileSync(path));
  } catch {
    return undefined;
  }
  return stamps;
}

/** The cached value, when the entry exists and every input it lists still has the recorded content. */
export function readBuildCache<T>(file: string): T | undefined {
  if (!isPrivateDir(dirname(file))) return undefined;
  let entry: CacheEntry<T>;
  try {
    entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry<T>;
  } catch {
    return undefined;
  }
  if (!entry || typeof entry.inputs !== 'object' || entry.inputs === null) return undefined;
  const recorded = Object.entries(entry.inputs);
  if (recorded.length === 0) return undefined;
  const now = stampFiles(recorded.map(([path]) => path));
  if (!now || recorded.some(([path, hash]) => now[path] !== hash)) return undefined;
  return entry.value;
}

/**
 * Records `value` as built from `inputs` (stamped now). Best effort: a cache that cannot
 * be written costs the next run a rebuild, never this run its result.
 */
export async function writeBuildCache<T>(file: string, inputs: Iterable<string>, value: T): Promise<void> {
  const stamps = stampFiles(inputs);
  if (!stamps || !(await ensurePrivateDir(dirname(file)))) return;
  const entry: CacheEntry<T> = { inputs: stamps, value };
  await writeFileAtomic(file, JSON.stringify(entry)).catch(() => undefined);
  await pruneBuildCache(dirname(file), basename(file).replace(/-[0-9a-f]+\.json$/, ''));
}

/** Entries not rewritten for this long are deleted when another of their kind is written. @default 14 days */
export const BUILD_CACHE_MAX_AGE_MS = 14 * 24 * 3600 * 1000;

/**
 * Deletes `kind` entries older than BUILD_CACHE_MAX_AGE_MS (compiled scripts of files long
 * gone, say). Runs on writes only, so a cache hit costs nothing; an entry deleted while
 * still wanted is rebuilt once.
 */
export async function pruneBuildCache(dir: string, kind: string, nowMs = Date.now()): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(`${kind}-`) || !name.endsWith('.json')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && nowMs - info.mtimeMs > BUILD_CACHE_MAX_AGE_MS) await rm(path, { force: true }).catch(() => undefined);
  }
}

/** An artefact no entry names any more is deleted once no process has used it for this long. @default 1 day */
export const UNREFERENCED_ARTEFACT_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * Deletes the artefact files of `kind` beside the entries (`<kind>-<hash><suffix>`, each of
 * `suffixes` going with the first: a bundle and its source map) that no `kind` entry names
 * any more (a rebuild replaced them, or their entry was pruned) and that were not written or
 * used (their users touch them: `touchArtefact`) for UNREFERENCED_ARTEFACT_MAX_AGE_MS. The
 * wait spares a process still running on an artefact built before a rebuild, and one
 * between writing an artefact and its entry.
 */
export async function pruneUnreferencedArtefacts(dir: string, kind: string, suffixes: readonly string[], nowMs = Date.now()): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const named = new Set<string>();
  for (const name of names) {
    if (!name.startsWith(`${kind}-`) || !name.endsWith('.json')) continue;
    const entry = await readFile(join(dir, name), 'utf8').then(
      (text) => JSON.parse(text) as Partial<CacheEntry<unknown>>,
      () => undefined,
    );
    if (typeof entry?.value === 'string') named.add(basename(entry.value));
  }
  const [main = '', ...companions] = suffixes;
  for (const name of names) {
    if (!name.startsWith(`${kind}-`)) continue;
    const companion = companions.find((s) => name.endsWith(s));
    const artefact = companion ? `${name.slice(0, -companion.length)}${main}` : name.endsWith(main) ? name : undefined;
    if (artefact === undefined || named.has(artefact)) continue;
    // A companion goes by its artefact's last use (the artefact is what is touched).
    const info = await stat(join(dir, artefact)).catch(() => stat(join(dir, name)).catch(() => undefined));
    if (info && nowMs - info.mtimeMs > UNREFERENCED_ARTEFACT_MAX_AGE_MS) await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** Marks an artefact as in use now (pruneUnreferencedArtefacts goes by it); best effort. */
export function touchArtefact(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // A file that cannot be touched is at worst rebuilt after it is pruned.
  }
}
