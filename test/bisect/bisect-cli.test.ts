import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { writeReports } from '../../src/report/index.js';
import { gate, repsOf, run, scenario as scenarioResult } from '../compare/results-builder.js';
import { runCli } from '../helpers/cli.js';
import { BROKEN_BUILD, BUILD, config, git, makeRepo, scenario, SERVER } from './fixture-repo.js';

/**
 * `loadgate bisect` end to end, everything real and kept cheap: a repository of 8 commits of a
 * tiny service; commit 3 does not build, commit 5 makes the handler 3x slower. Repetitions of
 * 0.4 s, 6 pairs a round (the smallest one-sided sign-flip p is then 1/64, below the per-look
 * level 0.05 / 3), so the ends and two steps take about 54 repetitions.
 */
describe('bisect on a real git repository', () => {
  let repo: string;
  let shas: string[];
  let cache: string;
  const env = (): Record<string, string> => ({ LOADGATE_CACHE_DIR: cache });
  const worktrees = (): string[] => git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));
  const cached = async (): Promise<string[]> => (existsSync(join(cache, 'worktrees')) ? (await readdir(join(cache, 'worktrees'))).filter((n) => !n.includes('.')) : []);

  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'loadgate-bisect-cache-'));
    ({ repo, shas } = await makeRepo([
      { subject: 'a tiny service', files: { 'build.mjs': BUILD, 'loadgate.config.ts': config(6), 'perf/hit.js': scenario('400ms'), 'src/server.mjs': SERVER(0.3) } },
      { subject: 'docs', files: { 'README.md': 'a tiny service\n' } },
      { subject: 'more docs', files: { 'README.md': 'a tiny service, documented\n' } },
      { subject: 'break the build', files: { 'build.mjs': BROKEN_BUILD } },
      { subject: 'fix the build', files: { 'build.mjs': BUILD } },
      { subject: 'slower handler', files: { 'src/server.mjs': SERVER(0.9) } },
      { subject: 'changelog', files: { 'CHANGELOG.md': '- slower\n' } },
      { subject: 'release notes', files: { 'CHANGELOG.md': '- slower, released\n' } },
    ]));
  });

  it('names the commit that made the handler 3x slower, skipping the one that does not build', async () => {
    const r = await runCli(['bisect', 'hit', '--good', shas[0]!, '--bad', 'main', '--metric', 'http_req_duration:med', '--report-dir', 'reports/bisect'], { cwd: repo, env: env() });
    expect(r.stdout).toMatch(new RegExp(`first bad commit: ${shas[5]} slower handler \\(\\d{4}-\\d\\d-\\d\\dT[^)]+\\): \\+\\d+\\.\\d\\d%`));
    expect(r.stdout).toMatch(/bisect: FOUND; \d+ steps, \d+ repetitions, confidence \d+%/);
    expect(r.stdout).toMatch(new RegExp(`note: commit ${shas[3]!.slice(0, 12)} break the build: does not build .*; skipped`));
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(await readFile(join(repo, 'reports/bisect/bisect.json'), 'utf8')) as { status: string; firstBad: Array<{ sha: string }>; steps: Array<{ verdict: string; commit: string }> };
    expect(json.status).toBe('found');
    expect(json.firstBad.map((c) => c.sha)).toEqual([shas[5]]);
    expect(json.steps.find((s) => s.commit === shas[3])?.verdict).toBe('skip');
    const html = await readFile(join(repo, 'reports/bisect/bisect.html'), 'utf8');
    expect(html).toContain(shas[5]);
    expect(html).toMatch(/id="steps"[^]*skipped: does not build/);
    const md = await readFile(join(repo, 'reports/bisect/bisect.md'), 'utf8');
    expect(md).toMatch(/\| `[0-9a-f]{40}` \| slower handler \|/);
    // The cache keeps base.keepBuilds builds; no worktree of a failed build is left.
    expect((await cached()).length).toBeLessThanOrEqual(3);
    expect(worktrees()).toHaveLength(1 + (await cached()).length);
  }, 180_000);

  it('without --metric follows what the newest gate report flagged, and finds the commit', async () => {
    // A gate report as `loadgate gate` writes it, flagging hit's median latency.
    const gating = [gate('http_req_duration', 'med', 'lower')];
    const base = run('base', [scenarioResult('hit', repsOf('http_req_duration', 'med', [1, 1.02, 0.98, 1.01, 0.99, 1]), { gating })]);
    const head = run('head', [scenarioResult('hit', repsOf('http_req_duration', 'med', [3, 3.1, 2.9, 3.05, 2.95, 3]), { gating })]);
    const comparison = compareRuns(base, head);
    expect(comparison.verdict).toBe('fail');
    await writeReports({ comparison, head, base }, join(repo, 'reports', 'gate-1'), ['json']);
    // The search itself is the test above; here the ends are the slowdown's parent and the commit
    // itself, so following the flagged metric is all that is measured (the ends, no steps).
    const r = await runCli(['bisect', '--good', shas[4]!, '--bad', shas[5]!, '--report-dir', 'reports/bisect-flagged'], { cwd: repo, env: env() });
    expect(r.stdout).toMatch(/following what the gate flagged \(.*reports\/gate-1\/report\.json\): hit: http_req_duration:med/);
    expect(r.stdout).toMatch(new RegExp(`first bad commit: ${shas[5]} slower handler`));
    expect(r.stdout).toMatch(/bisect: FOUND; 0 steps, /);
    expect(r.code, r.stderr).toBe(0);
  }, 180_000);

  it('between two commits that only change docs: NO REGRESSION between the ends, exit 6, nothing searched', async () => {
    // --min-effect 50: on a loopback service the interval of an unchanged build stays well inside ±50 %.
    const r = await runCli(['bisect', 'hit', '--good', shas[0]!, '--bad', shas[2]!, '--metric', 'http_req_duration:med', '--min-effect', '50', '--report-dir', 'reports/bisect-none'], { cwd: repo, env: env() });
    expect(r.stdout).toMatch(/bisect: NO REGRESSION between the ends; 0 steps, \d+ repetitions/);
    expect(r.code, r.stderr).toBe(6);
    const json = JSON.parse(await readFile(join(repo, 'reports/bisect-none/bisect.json'), 'utf8')) as { status: string; steps: unknown[] };
    expect(json.status).toBe('no-regression');
    expect(json.steps).toEqual([]);
  }, 180_000);

  it('bad input is refused before anything is checked out (exit 2); the other cases: range.test.ts', async () => {
    const before = worktrees();
    const beforeCache = await cached();
    const r = await runCli(['bisect', 'hit', '--good', 'no-such-tag', '--bad', 'main'], { cwd: repo, env: env() });
    expect(r.stderr).toMatch(/^loadgate: --good: unknown git ref "no-such-tag" in .*Check the name/);
    expect(r.code).toBe(2);
    expect(worktrees()).toEqual(before);
    expect(await cached()).toEqual(beforeCache);
  });
});
