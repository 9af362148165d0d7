/**
 * `loadgate gate --base-ref <ref>`: the baseline is a build, not a file. The base commit is
 * checked out into a cached worktree and built once per commit; base and head services are
 * started from the same command (the base in its worktree, the head in the project), and the
 * head's scenarios and load generator measure both side by side (gate/side-by-side.ts).
 */
import { gateOutputDirs } from './output-dirs.js';
import { measurementProblems } from '../compare/measurement.js';
import { constants, existsSync, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { mkdirLevels } from '../core/output-dir.js';
import { join, relative } from 'node:path';
import type { ComparisonSettings } from '../compare/model.js';
import type { ResolvedConfig } from '../config/index.js';
import { BaseRefError, ConfigError } from '../core/errors.js';
import { appendHistory } from '../history/history-store.js';
import { withFileLock } from '../history/file-lock.js';
import type { ReportFormat } from '../report/index.js';
import { planSuite, type RunSuiteOptions, type SuitePlan } from '../runner/run-suite.js';
import { openTargetSide, type TargetSide } from '../runner/target-side.js';
import { buildCheckout, defaultBuildCommand, type BuildOutcome } from './base-build.js';
import { checkoutCacheDir, checkoutCommit, checkoutDirFor, evictCheckouts, gitTopLevel, removeCheckout, resolveCommit, uncommittedChanges, type ResolvedCommit } from './git-checkout.js';
import { runSideBySide, type SideBySideOutcome } from './side-by-side.js';
import type { SignOffOptions } from './sign-off.js';

export interface BaseRefGateOptions extends Omit<RunSuiteOptions, 'target' | 'canary'> {
  /** The git ref to compare with: a branch, tag, commit or `HEAD~1`. */
  baseRef: string;
  /** Measure a working tree with uncommitted changes to tracked files as the head. @default false */
  allowDirty?: boolean;
  reportDir?: string;
  /** @default ['html', 'markdown', 'junit', 'json'] */
  formats?: ReportFormat[];
  compare?: Partial<ComparisonSettings>;
  /** Re-measure regressed scenarios in a second round of pairs before failing. @default true */
  confirm?: boolean;
  /** Also render the release sign-off page from this gate's verdict. */
  signOff?: SignOffOptions;
}

export interface BaseRefOutcome extends SideBySideOutcome {
  baseCommit: ResolvedCommit;
  /** The head's commit (the working tree may hold changes on top of it when allowDirty). */
  headCommit: string | null;
  build: BuildOutcome;
  /** The base checkout used. */
  checkoutDir: string;
  notices: string[];
}

/** The command that starts the reference target from a checkout of loadgate itself. */
const REFERENCE_TARGET_COMMAND = 'node bin/loadgate.js target start --port $PORT --seed $LOADGATE_SEED';

/**
 * Builds the base ref, starts both sides and runs the side-by-side gate. Bad input (not a git
 * checkout, an unknown ref, uncommitted changes, no service command) is refused before
 * anything is built; a checkout made by this call is removed again when the gate cannot run.
 */
export async function runBaseRefGate(options: BaseRefGateOptions): Promise<BaseRefOutcome> {
  const { config } = options;
  const notices: string[] = [];
  const git = await resolveSides(config.root, options.baseRef, options.allowDirty ?? false, notices);
  const command = sideCommand(config, config.root);
  // Everything that can be refused cheaply is checked before the base is built.
  const plan = await planSuite({ ...options, outputDirs: gateOutputDirs(options, options.profile) });
  const base = await prepareBase(config, git, options.signal, notices);
  let sides: [TargetSide, TargetSide];
  try {
    sides = await openSides(plan, command, base.projectDir, options);
  } catch (err) {
    if (base.createdNow) await removeCheckout(git.repo, base.checkoutDir);
    throw err;
  }
  const { sha: baseSha, ref: baseRef } = git.base;
  const headLabel = git.head ? `HEAD (${git.head.sha.slice(0, 12)}${git.dirty ? ', with uncommitted changes' : ''})` : 'the working tree';
  const outcome = await runSideBySide({
    plan,
    base: sides[0],
    head: sides[1],
    labels: { base: `${baseRef} (${baseSha.slice(0, 12)})`, head: headLabel, baseRef: { ref: baseRef, commit: baseSha } },
    compare: options.compare,
    confirm: options.confirm,
    reportDir: options.reportDir,
    formats: options.formats,
    signOff: options.signOff,
  });
  const evicted = await evictCheckouts(git.repo, base.cacheDir, config.base.keepBuilds);
  if (evicted.length > 0) notices.push(`removed ${evicted.length} older base build${evicted.length === 1 ? '' : 's'} from the cache (keeping ${config.base.keepBuilds})`);
  // Profiles that keep history (weekly and release by default) build the trend from the head side; an interrupted or aborted run is not a data point.
  if (config.profiles[options.profile]?.keepHistory === true && measurementProblems(outcome.head.results).length === 0) {
    const h = await appendHistory(config.historyDir, outcome.head.results);
    notices.push(`history: ${h.appended ? 'appended to' : 'already in'} ${h.file}`);
  }
  return { ...outcome, baseCommit: git.base, headCommit: git.head?.sha ?? null, build: base.build, checkoutDir: base.checkoutDir, notices };
}

/** The repository, the two commits, and whether the head is the working tree with changes. */
interface GitSides {
  repo: string;
  base: ResolvedCommit;
  head: ResolvedCommit | null;
  /** Tracked files with uncommitted changes (only when allowed). */
  dirty: number;
}

async function resolveSides(root: string, baseRef: string, allowDirty: boolean, notices: string[]): Promise<GitSides> {
  const repo = await gitTopLevel(root);
  const base = await resolveCommit(repo, baseRef);
  const head = await resolveCommit(repo, 'HEAD').catch(() => null);
  const dirty = await uncommittedChanges(repo);
  if (dirty.length > 0 && !allowDirty) {
    const shown = dirty.slice(0, 10).map((l) => `  ${l}`).join('\n');
    const more = dirty.length > 10 ? `\n  … and ${dirty.length - 10} more` : '';
    throw new BaseRefError(`the working tree of ${repo} has uncommitted changes to tracked files, so the head is not a commit:\n${shown}${more}\nCommit or stash them, or pass --allow-dirty to measure the working tree as it is.`);
  }
  if (dirty.length > 0) notices.push(`head: the working tree with ${dirty.length} uncommitted change${dirty.length === 1 ? '' : 's'} on top of ${head?.sha.slice(0, 12) ?? 'no commit'}`);
  if (head?.sha === base.sha && dirty.length === 0) notices.push(`base and head are the same commit (${base.sha.slice(0, 12)}): an A/A check`);
  return { repo, base, head, dirty: dirty.length };
}

/** A commit checked out in loadgate's cache and built (gate/base-build.ts). */
export interface CommitBuild {
  cacheDir: string;
  checkoutDir: string;
  /** The project's folder inside the checkout (the config's root relative to the repository). */
  projectDir: string;
  /** True when this call made the checkout (so a failure afterwards should remove it). */
  createdNow: boolean;
  build: BuildOutcome;
  /** One line for people: built now, or reused. */
  notice: string;
}

/**
 * Any commit's checkout, built: reused from the cache, or made and built now (under a lock, so
 * two runs never race on one commit). A checkout made by this call is removed again when its
 * build fails. `gate --base-ref` builds its base with it, `bisect` every commit it measures.
 */
export async function prepareCommitBuild(config: ResolvedConfig, repo: string, commit: ResolvedCommit, what: string, signal?: AbortSignal): Promise<CommitBuild> {
  const cacheDir = await ensureCacheDir(checkoutCacheDir());
  const checkoutDir = checkoutDirFor(cacheDir, repo, commit.sha);
  const projectDir = join(checkoutDir, relative(repo, config.root));
  let createdNow = false;
  let build: BuildOutcome;
  try {
    build = await withFileLock(
      `${checkoutDir}.lock`,
      async () => {
        createdNow = !(await checkoutCommit(repo, commit.sha, checkoutDir)).reused;
        return buildCheckout({ checkoutDir, projectDir, sha: commit.sha, command: defaultBuildCommand(projectDir, config.base.build), signal });
      },
      // A build takes minutes; another loadgate building the same commit is waited for, not raced.
      { timeoutMs: 45 * 60_000, staleMs: 45 * 60_000 },
    );
  } catch (err) {
    if (createdNow) await removeCheckout(repo, checkoutDir);
    throw err;
  }
  const how = build.command ? `built with \`${build.command}\` in ${(build.durationMs / 1000).toFixed(0)} s` : 'no build step';
  const notice = build.cached ? `${what}: build reused from ${checkoutDir}` : `${what}: ${how} in ${checkoutDir}`;
  return { cacheDir, checkoutDir, projectDir, createdNow, build, notice };
}

async function prepareBase(config: ResolvedConfig, git: GitSides, signal: AbortSignal | undefined, notices: string[]): Promise<CommitBuild> {
  const built = await prepareCommitBuild(config, git.repo, git.base, `base ${git.base.ref} (${git.base.sha.slice(0, 12)})`, signal);
  notices.push(built.notice);
  return built;
}

/** Starts the base side in its checkout and the head side in the project, from the same command. */
async function openSides(plan: SuitePlan, command: string, baseProject: string, options: BaseRefGateOptions): Promise<[TargetSide, TargetSide]> {
  const baseSide = await openCommandSide(plan, command, baseProject, 'base');
  try {
    return [baseSide, await openCommandSide(plan, command, options.config.root, 'head')];
  } catch (err) {
    await baseSide.stop();
    throw err;
  }
}

/**
 * Starts one side from the service command in `cwd` (a checkout's project folder), with a free
 * port in `$PORT`, `$LOADGATE_SIDE` = `side` and `$LOADGATE_SEED`.
 */
export function openCommandSide(plan: SuitePlan, command: string, cwd: string, side: string): Promise<TargetSide> {
  const { config, onEvent } = plan.options;
  const metricsUrl = config.target.metricsUrl ?? (command === REFERENCE_TARGET_COMMAND ? '/metrics' : null);
  return openTargetSide(command, {
    seed: plan.profile.targetSeed,
    allowCommand: true,
    cwd,
    metricsUrl,
    startTimeoutMs: config.base.startTimeoutMs,
    commandEnv: { LOADGATE_SIDE: side, LOADGATE_SEED: String(plan.profile.targetSeed) },
    onStarted: (url) => onEvent?.({ kind: 'target-started', url, seed: plan.profile.targetSeed }),
  });
}

/**
 * The command both sides start with: `base.command` from the config, or the reference target
 * when the project is loadgate itself; anything else needs the user to say how.
 */
export function sideCommand(config: ResolvedConfig, projectDir: string, needs = '--base-ref needs'): string {
  if (config.base.command) return config.base.command;
  if (isLoadgateItself(projectDir)) return REFERENCE_TARGET_COMMAND;
  throw new ConfigError(
    config.configFile ?? join(projectDir, 'loadgate.config.ts'),
    'base.command',
    `${needs} the shell command that starts your service from a checkout, listening on 127.0.0.1:$PORT (for example \`node dist/server.js --port $PORT\`); it runs in each checkout's worktree and in the project`,
  );
}

async function ensureCacheDir(dir: string): Promise<string> {
  try {
    await mkdirLevels(dir);
    await access(dir, constants.W_OK);
    return dir;
  } catch (err) {
    throw new BaseRefError(`cannot use ${dir} for base builds (${(err as NodeJS.ErrnoException).code ?? String(err)}); point LOADGATE_CACHE_DIR at a writable folder`);
  }
}

function isLoadgateItself(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
    return pkg.name === 'loadgate' && existsSync(join(dir, 'bin', 'loadgate.js'));
  } catch {
    return false;
  }
}
