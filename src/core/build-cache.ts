/**
 * A cache of built artefacts (the VU worker bundle, compiled k6 scripts) keyed by the
 * content of the files they were built from: an entry records each input's SHA-256 and
 * is used only while every input still hashes the same, so a run after the first skips
 * esbuild and the parsers. Entries are JSON files written atomically, in
 * `$LOADGATE_CACHE_DIR/engine/` (the folder base checkouts use too, in `worktrees/`) or else
 * `<os tmpdir>/loadgate-engine`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/** Absolute path of each input → SHA-256 (hex) of its content. */
export type FileStamps = Record<string, string>;

interface CacheEntry<T> {
  inputs: FileStamps;
  value: T;
}

/** Where cache entries live: `$LOADGATE_CACHE_DIR/engine`, else `<os tmpdir>/loadgate-engine`. */
export function buildCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['LOADGATE_CACHE_DIR'];
  return root ? join(root, 'engine') : join(tmpdir(), 'loadgate-engine');
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
  if (!stamps) return;
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
