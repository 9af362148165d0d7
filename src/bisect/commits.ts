/**
 * The commits `loadgate bisect` searches: the good end, then every commit of the first-parent
 * chain from it to the bad end (`git rev-list --first-parent --ancestry-path good..bad`), oldest
 * first.
 *
 * Merges: the search walks the first-parent chain, as `git bisect --first-parent` does. Every
 * commit it measures is one the main line really was at (merged, reviewed, usually built by CI),
 * and a regression brought in by a merged branch is named as that merge commit; the report lists
 * the merge and the user bisects the branch itself (`--good <merge>^1 --bad <merge>^2`'s
 * ancestry) when the merge is too coarse. Commits inside merged branches are never half-merged
 * states of the main line, which is why they are not candidates here. `--ancestry-path` keeps
 * only descendants of the good end: a main-line commit from before a merged good end lacks its
 * changes, so it cannot be "between" the two.
 */
import { BaseRefError, BisectError } from '../core/errors.js';
import { git, gitTopLevel, resolveCommit, uncommittedChanges, type ResolvedCommit } from '../gate/git-checkout.js';

/** One commit of the range. */
export interface RangeCommit extends ResolvedCommit {
  /** Author date, ISO 8601. */
  authorDate: string;
  author: string;
  /** True for a merge commit (more than one parent). */
  merge: boolean;
}

export interface BisectRange {
  repo: string;
  /** commits[0] is the good end, the last one the bad end. */
  commits: RangeCommit[];
}

/**
 * Resolves and checks both ends, then lists the range. Refuses, with a BisectError naming the
 * flag: an unknown ref, good == bad, good not an ancestor of bad, uncommitted changes to tracked
 * files (the scenarios and config come from the working tree, so they must be a commit's).
 */
export async function resolveRange(root: string, goodRef: string, badRef: string): Promise<BisectRange> {
  const repo = await gitTopLevel(root).catch((err: unknown) => rethrow(err, 'bisect'));
  const good = await resolveEnd(repo, goodRef, '--good');
  const bad = await resolveEnd(repo, badRef, '--bad');
  if (good.sha === bad.sha) throw new BisectError(`--good ${goodRef} and --bad ${badRef} are the same commit (${good.sha.slice(0, 12)}): there is nothing between them to search`);
  const ancestor = await git(['merge-base', '--is-ancestor', good.sha, bad.sha], repo);
  if (ancestor.code !== 0) {
    const reversed = (await git(['merge-base', '--is-ancestor', bad.sha, good.sha], repo)).code === 0;
    const hint = reversed ? ' It is the other way round: --bad is an ancestor of --good; swap them.' : ' They are on different branches: pick a good commit the bad one descends from (`git merge-base <good> <bad>`).';
    throw new BisectError(`--good ${goodRef} (${good.sha.slice(0, 12)}) is not an ancestor of --bad ${badRef} (${bad.sha.slice(0, 12)}).${hint}`);
  }
  const dirty = await uncommittedChanges(repo);
  if (dirty.length > 0) {
    const shown = dirty.slice(0, 10).map((l) => `  ${l}`).join('\n');
    throw new BisectError(`the working tree of ${repo} has uncommitted changes to tracked files:\n${shown}\nbisect measures commits with the scenarios and config of the working tree; commit or stash the changes first.`);
  }
  const log = await git(['log', '--first-parent', '--ancestry-path', '--reverse', '--format=%H%x09%P%x09%aI%x09%an%x09%s', `${good.sha}..${bad.sha}`], repo);
  if (log.code !== 0) throw new BisectError(`cannot list the commits from ${goodRef} to ${badRef}: ${log.stderr.trim()}`);
  const after = log.stdout.split('\n').filter((l) => l !== '').map((line) => commitOf(line));
  const first = await git(['log', '-1', '--format=%H%x09%P%x09%aI%x09%an%x09%s', good.sha], repo);
  const commits = [{ ...commitOf(first.stdout.trim()), ref: goodRef }, ...after];
  const end = commits[commits.length - 1]!;
  if (end.sha !== bad.sha) throw new BisectError(`--bad ${badRef} is not on the first-parent chain from --good ${goodRef}; bisect walks first parents`);
  end.ref = badRef;
  return { repo, commits };
}

function commitOf(line: string): RangeCommit {
  const [sha = '', parents = '', authorDate = '', author = '', ...subject] = line.split('\t');
  return { ref: sha.slice(0, 12), sha, subject: subject.join('\t'), authorDate, author, merge: parents.trim().split(' ').length > 1 };
}

async function resolveEnd(repo: string, ref: string, flag: string): Promise<ResolvedCommit> {
  if (ref.trim() === '' || ref.startsWith('-')) throw new BisectError(`${flag} must name a git ref (a branch, tag or commit), got "${ref}"`);
  return resolveCommit(repo, ref).catch((err: unknown) => rethrow(err, flag));
}

/** git-checkout.ts speaks of --base-ref; bisect's errors name its own flags. */
function rethrow(err: unknown, flag: string): never {
  if (err instanceof BaseRefError) throw new BisectError(`${flag}: ${err.message.replace(/^--base-ref:? ?/, '').replace('--base-ref needs', 'bisect needs')}`);
  throw err;
}
