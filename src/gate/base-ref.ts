/**
 * `loadgate gate --base-ref <ref>`: the baseline is a build, not a file. The base commit is
 * checked out into a cached worktree and built once per commit; base and head services are
 * started from the same command (the base in its worktree, the head in the project), and the
 * head's scenarios and load generator measure both side by side (gate/side-by-side.ts).
 */
import { constants, existsSync, readFileSync } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ComparisonSettings } from '../compare/model.js';
import type { ResolvedConfig } from '../config/index.js';
import { BaseRefError, ConfigError } from '../core/errors.js';
import { appendHistory, HISTORY_PROFILES } from '../history/history-store.js';
import { withFileLock } from '../history/file-lock.js';
import type { ReportFormat } from '../report/index.js';
import { planSuite, type RunSuiteOptions } from '../runner/run-suite.js';
import { openTargetSide, type TargetSide } from '../runner/target-side.js';
import { buildCheckout, defaultBuildCommand, type BuildOutcome } from './base-build.js';
import { checkoutCacheDir, checkoutCommit, checkoutDirFor, evictCheckouts, gitTopLevel, removeCheckout, resolveCommit, uncommittedChanges, type ResolvedCommit } from './git-checkout.js';
import { runSideBySide, type SideBySideOutcome } from './side-by-side.js';

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
  const repo = await gitTopLevel(config.root);
  const base = await resolveCommit(repo, options.baseRef);
  const head = await resolveCommit(repo, 'HEAD').catch(() => null);
  const dirty = await uncommittedChanges(repo);
  if (dirty.length > 0 && !options.allowDirty) {
    const shown = dirty.slice(0, 10).map((l) => `  ${l}`).join('\n');
    const more = dirty.length > 10 ? `\n  … and ${dirty.length - 10} more` : '';
    throw new BaseRefError(`the working tree of ${repo} has uncommitted changes to tracked files, so the head is not a commit:\n${shown}${more}\nCommit or stash them, or pass --allow-dirty to measure the working tree as it is.`);
  }
  if (dirty.length > 0) notices.push(`head: the working tree with ${dirty.length} uncommitted change${dirty.length === 1 ? '' : 's'} on top of ${head?.sha.slice(0, 12) ?? 'no commit'}`);
  if (head?.sha === base.sha && dirty.length === 0) notices.push(`base and head are the same commit (${base.sha.slice(0, 12)}): an A/A check`);
  const projectPath = relative(repo, config.root);
  const command = sideCommand(config, config.root);
  // Everything that can be refused cheaply is checked before the base is built.
  const plan = await planSuite(options);

  const cacheDir = await ensureCacheDir(checkoutCacheDir());
  const checkoutDir = checkoutDirFor(cacheDir, repo, base.sha);
  const baseProject = join(checkoutDir, projectPath);
  let createdNow = false;
  let build: BuildOutcome;
  try {
    build = await withFileLock(
      `${checkoutDir}.lock`,
      async () => {
        const checkout = await checkoutCommit(repo, base.sha, checkoutDir);
        createdNow = !checkout.reused;
        return buildCheckout({ checkoutDir, projectDir: baseProject, sha: base.sha, command: defaultBuildCommand(baseProject, config.base.build), signal: options.signal });
      },
      // A build takes minutes; another loadgate building the same commit is waited for, not raced.
      { timeoutMs: 45 * 60_000, staleMs: 45 * 60_000 },
    );
  } catch (err) {
    if (createdNow) await removeCheckout(repo, checkoutDir);
    throw err;
  }
  notices.push(
    build.cached
      ? `base ${base.ref} (${base.sha.slice(0, 12)}): build reused from ${checkoutDir}`
      : `base ${base.ref} (${base.sha.slice(0, 12)}): ${build.command ? `built with \`${build.command}\` in ${(build.durationMs / 1000).toFixed(0)} s` : 'no build step'} in ${checkoutDir}`,
  );

  const metricsUrl = config.target.metricsUrl ?? (command === REFERENCE_TARGET_COMMAND ? '/metrics' : null);
  const open = (cwd: string, side: 'base' | 'head'): Promise<TargetSide> =>
    openTargetSide(command, {
      seed: plan.profile.targetSeed,
      allowCommand: true,
      cwd,
      metricsUrl,
      startTimeoutMs: config.base.startTimeoutMs,
      commandEnv: { LOADGATE_SIDE: side, LOADGATE_SEED: String(plan.profile.targetSeed) },
      onStarted: (url) => options.onEvent?.({ kind: 'target-started', url, seed: plan.profile.targetSeed }),
    });
  let baseSide: TargetSide;
  let headSide: TargetSide;
  try {
    baseSide = await open(baseProject, 'base');
    headSide = await open(config.root, 'head').catch(async (err: unknown) => {
      await baseSide.stop();
      throw err;
    });
  } catch (err) {
    if (createdNow) await removeCheckout(repo, checkoutDir);
    throw err;
  }
  const outcome = await runSideBySide({
    plan,
    base: baseSide,
    head: headSide,
    labels: { base: `${base.ref} (${base.sha.slice(0, 12)})`, head: head ? `HEAD (${head.sha.slice(0, 12)}${dirty.length ? ', with uncommitted changes' : ''})` : 'the working tree', baseRef: { ref: base.ref, commit: base.sha } },
    compare: options.compare,
    confirm: options.confirm,
    reportDir: options.reportDir,
    formats: options.formats,
  });
  const evicted = await evictCheckouts(repo, cacheDir, config.base.keepBuilds);
  if (evicted.length > 0) notices.push(`removed ${evicted.length} older base build${evicted.length === 1 ? '' : 's'} from the cache (keeping ${config.base.keepBuilds})`);
  // Weekly and release runs build the trend from the head side; an interrupted run is not a data point.
  if (HISTORY_PROFILES.includes(options.profile) && outcome.head.results.complete) {
    const h = await appendHistory(config.historyDir, outcome.head.results);
    notices.push(`history: ${h.appended ? 'appended to' : 'already in'} ${h.file}`);
  }
  return { ...outcome, baseCommit: base, headCommit: head?.sha ?? null, build, checkoutDir, notices };
}

/**
 * The command both sides start with: `base.command` from the config, or the reference target
 * when the project is loadgate itself; anything else needs the user to say how.
 */
function sideCommand(config: ResolvedConfig, projectDir: string): string {
  if (config.base.command) return config.base.command;
  if (isLoadgateItself(projectDir)) return REFERENCE_TARGET_COMMAND;
  throw new ConfigError(
    config.configFile ?? join(projectDir, 'loadgate.config.ts'),
    'base.command',
    '--base-ref needs the shell command that starts your service from a checkout, listening on 127.0.0.1:$PORT (for example `node dist/server.js --port $PORT`); it runs in the base worktree and in the project',
  );
}

async function ensureCacheDir(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
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
