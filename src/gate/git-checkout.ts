/**
 * Git for the base-ref gate: where the repository is, which commit a ref names, whether the
 * working tree has uncommitted changes, and a cached detached worktree of the base commit.
 *
 * Base checkouts live outside the repository (in loadgate's cache directory), so nothing that
 * scans the project (test runners, linters, Node's module lookup walking up from the base's
 * files) ever sees a second copy of it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { mkdirLevels } from '../core/output-dir.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BaseRefError } from '../core/errors.js';

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git; never throws for a non-zero exit (callers decide), only when git itself is missing. */
export function git(args: string[], cwd: string, timeoutMs = 120_000): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new BaseRefError('--base-ref needs git, and no `git` is on PATH'));
        return;
      }
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The top directory of the git checkout that holds `dir`. */
export async function gitTopLevel(dir: string): Promise<string> {
  const r = await git(['rev-parse', '--show-toplevel'], dir).catch((err: unknown) => {
    // A missing directory makes execFile fail with ENOENT on the cwd, which reads like a missing git.
    if ((err as { code?: string }).code === 'ENOENT') throw new BaseRefError(`--base-ref: ${dir} does not exist`);
    throw err;
  });
  if (r.code !== 0) throw new BaseRefError(`--base-ref needs a git checkout, but ${dir} is not inside one (git: ${r.stderr.trim() || `exit ${r.code}`})`);
  return r.stdout.trim();
}

/** A commit a ref resolved to. */
export interface ResolvedCommit {
  ref: string;
  sha: string;
  /** First line of the commit message. */
  subject: string;
}

/** Resolves `ref` to a commit of `repo`; an unknown ref is a BaseRefError that says what to check. */
export async function resolveCommit(repo: string, ref: string): Promise<ResolvedCommit> {
  if (ref.trim() === '' || ref.startsWith('-')) throw new BaseRefError(`--base-ref must name a git ref (a branch, tag or commit), got "${ref}"`);
  const r = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], repo);
  if (r.code !== 0) {
    const shallow = (await git(['rev-parse', '--is-shallow-repository'], repo)).stdout.trim() === 'true';
    const hint = shallow
      ? ' This is a shallow clone: fetch the base first (`git fetch --depth=1 origin <ref>`), or check out with full history (actions/checkout: fetch-depth: 0).'
      : ' Check the name (`git log --oneline`, `git tag`), or fetch it (`git fetch origin <ref>`).';
    throw new BaseRefError(`unknown git ref "${ref}" in ${repo}.${hint}`);
  }
  const sha = r.stdout.trim();
  const subject = (await git(['log', '-1', '--format=%s', sha], repo)).stdout.trim();
  return { ref, sha, subject };
}

/** Tracked files with uncommitted changes (`git status --porcelain` lines); untracked files do not count. */
export async function uncommittedChanges(repo: string): Promise<string[]> {
  const r = await git(['status', '--porcelain', '--untracked-files=no'], repo);
  if (r.code !== 0) throw new BaseRefError(`cannot read the state of ${repo}: ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

/**
 * Where base checkouts are cached: `$LOADGATE_CACHE_DIR`, else `$XDG_CACHE_HOME/loadgate`,
 * else `~/.cache/loadgate`; one folder per repository and commit below `worktrees/`.
 */
export function checkoutCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.LOADGATE_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'loadgate');
  return join(root, 'worktrees');
}

/** A detached worktree of one commit. */
export interface BaseCheckout {
  /** The worktree's top directory. */
  dir: string;
  sha: string;
  /** True when an earlier run's checkout was found intact and reused. */
  reused: boolean;
}

/** A short stable id of a repository on this machine (its real path, hashed). */
function repoId(repo: string): string {
  return createHash('sha256').update(realpathSync(repo)).digest('hex').slice(0, 10);
}

/** The cache folder of one commit of one repository. */
export function checkoutDirFor(cacheDir: string, repo: string, sha: string): string {
  return join(cacheDir, `${repoId(repo)}-${sha.slice(0, 12)}`);
}

/**
 * A worktree of `sha` at `dir`: reused when it is intact (at that commit, no tracked file
 * changed), else made afresh with `git worktree add --detach`.
 */
export async function checkoutCommit(repo: string, sha: string, dir: string): Promise<BaseCheckout> {
  if (await isIntactCheckout(dir, sha)) {
    const now = new Date();
    await utimes(dir, now, now); // most recently used, for eviction
    return { dir, sha, reused: true };
  }
  await removeCheckout(repo, dir);
  await mkdirLevels(join(dir, '..'));
  const r = await git(['worktree', 'add', '--detach', '--force', dir, sha], repo);
  if (r.code !== 0) {
    await removeCheckout(repo, dir);
    throw new BaseRefError(`cannot check out ${sha.slice(0, 12)} into ${dir}: ${r.stderr.trim()}`);
  }
  return { dir, sha, reused: false };
}

async function isIntactCheckout(dir: string, sha: string): Promise<boolean> {
  try {
    await stat(join(dir, '.git'));
  } catch {
    return false;
  }
  const head = await git(['rev-parse', 'HEAD'], dir);
  if (head.code !== 0 || head.stdout.trim() !== sha) return false;
  const status = await git(['status', '--porcelain', '--untracked-files=no'], dir);
  return status.code === 0 && status.stdout.trim() === '';
}

/** Removes a worktree and its folder, and forgets it in the repository. Safe when it does not exist. */
export async function removeCheckout(repo: string, dir: string): Promise<void> {
  await git(['worktree', 'remove', '--force', '--force', dir], repo);
  await rm(dir, { recursive: true, force: true });
  await git(['worktree', 'prune'], repo);
}

/**
 * Keeps the `keep` most recently used checkouts of `repo` in the cache and removes the rest
 * (each holds a full install, hundreds of MB for a Node project).
 */
export async function evictCheckouts(repo: string, cacheDir: string, keep: number): Promise<string[]> {
  const prefix = `${repoId(repo)}-`;
  let names: string[];
  try {
    names = (await readdir(cacheDir)).filter((n) => n.startsWith(prefix) && !n.includes('.'));
  } catch {
    return [];
  }
  const dated = await Promise.all(names.map(async (n) => ({ dir: join(cacheDir, n), mtimeMs: (await stat(join(cacheDir, n))).mtimeMs })));
  dated.sort((a, b) => b.mtimeMs - a.mtimeMs);
  const evicted = dated.slice(Math.max(0, keep)).map((d) => d.dir);
  for (const dir of evicted) {
    await removeCheckout(repo, dir);
    await rm(`${dir}.build.json`, { force: true });
    await rm(`${dir}.build.log`, { force: true });
  }
  return evicted;
}
