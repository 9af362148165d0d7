import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveRange } from '../../src/bisect/commits.js';
import { parseMetricSpec } from '../../src/bisect/run-bisect.js';
import { git, makeRepo } from './fixture-repo.js';

/** The range bisect searches, and the bad input it refuses by name (no load, no checkout). */
describe('bisect range', () => {
  let repo: string;
  let shas: string[];
  beforeAll(async () => {
    ({ repo, shas } = await makeRepo([1, 2, 3].map((i) => ({ subject: `commit ${i}`, files: { 'a.txt': `${i}\n` } })), 'loadgate-range-'));
    // A feature branch of two commits merged into main, then one more main commit.
    git(repo, 'checkout', '-q', '-b', 'feature');
    for (const i of [1, 2]) {
      writeFileSync(join(repo, 'f.txt'), `${i}\n`);
      git(repo, 'add', 'f.txt');
      git(repo, 'commit', '-qm', `feature ${i}`);
    }
    git(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'a.txt'), 'main 4\n');
    git(repo, 'commit', '-qam', 'commit 4');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
    writeFileSync(join(repo, 'a.txt'), 'main 5\n');
    git(repo, 'commit', '-qam', 'commit 5');
  });

  it('walks the first-parent chain: a merged branch is one candidate, its merge commit', async () => {
    const range = await resolveRange(repo, shas[0]!, 'main');
    expect(range.commits.map((c) => c.subject)).toEqual(['commit 1', 'commit 2', 'commit 3', 'commit 4', 'merge feature', 'commit 5']);
    expect(range.commits.map((c) => c.merge)).toEqual([false, false, false, false, true, false]);
    expect(range.commits[0]!.ref).toBe(shas[0]);
    expect(range.commits[5]!.ref).toBe('main');
    expect(range.commits[5]!.authorDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps only descendants of a good end on a merged branch', async () => {
    const range = await resolveRange(repo, 'feature', 'main');
    expect(range.commits.map((c) => c.subject)).toEqual(['feature 2', 'merge feature', 'commit 5']);
  });

  it('refuses an unknown ref, good == bad, a reversed or unrelated range, and a dirty tree, naming the flag', async () => {
    await expect(resolveRange(repo, 'nope', 'main')).rejects.toThrow(/^--good: unknown git ref "nope" in .*Check the name/);
    await expect(resolveRange(repo, shas[0]!, 'nope')).rejects.toThrow(/^--bad: unknown git ref "nope"/);
    await expect(resolveRange(repo, '-x', 'main')).rejects.toThrow(/--good must name a git ref .* got "-x"/);
    await expect(resolveRange(repo, 'main', 'main')).rejects.toThrow(/--good main and --bad main are the same commit/);
    await expect(resolveRange(repo, 'main', shas[1]!)).rejects.toMatchObject({ code: 'E_BISECT', exitCode: 2, message: expect.stringMatching(/is not an ancestor of --bad .*the other way round: --bad is an ancestor of --good; swap them/) });
    git(repo, 'checkout', '-q', '-b', 'side', shas[1]!);
    writeFileSync(join(repo, 'a.txt'), 'side\n');
    git(repo, 'commit', '-qam', 'side commit');
    git(repo, 'checkout', '-q', 'main');
    await expect(resolveRange(repo, 'side', 'main')).rejects.toThrow(/is not an ancestor of --bad main .*different branches/);
    writeFileSync(join(repo, 'a.txt'), 'dirty\n');
    try {
      await expect(resolveRange(repo, shas[0]!, 'main')).rejects.toThrow(/uncommitted changes to tracked files:\n\s+M a\.txt\n/);
    } finally {
      git(repo, 'checkout', '--', 'a.txt');
    }
    // Nothing was checked out.
    expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('reads --metric as name[:stat], tags included', () => {
    expect(parseMetricSpec('http_req_duration')).toEqual({ metric: 'http_req_duration', stat: 'med' });
    expect(parseMetricSpec('http_req_duration:p(95)')).toEqual({ metric: 'http_req_duration', stat: 'p(95)' });
    expect(parseMetricSpec('http_req_duration{name:health}:p(99.9)')).toEqual({ metric: 'http_req_duration{name:health}', stat: 'p(99.9)' });
    expect(() => parseMetricSpec('http_req_duration:p95')).toThrow('--metric "http_req_duration:p95": unknown stat "p95"; valid: count, rate, value, avg, min, max, med, p(N) with 0 <= N <= 100');
    expect(() => parseMetricSpec('http_req_duration:p(200)')).toThrow('--metric "http_req_duration:p(200)": percentile 200 is above 100; use p(0) to p(100)');
    expect(() => parseMetricSpec('http_req_duration:')).toThrow(/--metric must be name\[:stat\]/);
    expect(() => parseMetricSpec('')).toThrow(/--metric must be/);
  });

  it('reads the stat as the threshold parser does and keys it as summaries do', () => {
    expect(parseMetricSpec('http_req_duration:p( 95 )').stat).toBe('p(95)');
    expect(parseMetricSpec('http_req_duration:p(1e1)').stat).toBe('p(10)');
    expect(parseMetricSpec('http_req_duration:p(99.90)').stat).toBe('p(99.9)');
  });
});
