import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { spinNeighbour } from '../helpers/neighbour.js';
import { BUILD, config, git, makeRepo, scenario, SERVER } from '../bisect/fixture-repo.js';

/**
 * `loadgate gate --base-ref` on a user's own service, everything real: a temporary git
 * repository holding a tiny HTTP service at three commits (the third makes its handler twice
 * as slow), a build step (`node build.mjs` copies src/ to dist/), base checkouts in a git
 * worktree cached outside the repository, both services started from `base.command` on $PORT,
 * the real CLI. A CPU-spinning neighbour process, started by the test, loads the machine for
 * the A/A runs that must not fail.
 */

/** Repetitions of 0.4 s (bisect's): 6 pairs a round resolve the 2x handler at any length. */
const REPETITION = '400ms';

describe('gate --base-ref on a user service in a real git repository', () => {
  let repo: string;
  let cache: string;
  const env = (): Record<string, string> => ({ LOADGATE_CACHE_DIR: cache });
  const worktrees = (): string[] => git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));
  const cachedCheckouts = async (): Promise<string[]> => (existsSync(join(cache, 'worktrees')) ? (await readdir(join(cache, 'worktrees'))).filter((n) => !n.includes('.')) : []);

  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'loadgate-cache-'));
    ({ repo } = await makeRepo(
      [
        { subject: 'a tiny service', files: { 'build.mjs': BUILD, 'loadgate.config.ts': config(6), 'perf/hit.js': scenario(REPETITION), 'src/server.mjs': SERVER(0.3) } },
        { subject: 'docs', files: { 'README.md': 'a tiny service\n' } },
        { subject: 'slower handler', files: { 'src/server.mjs': SERVER(0.6) } },
      ],
      'loadgate-baseref-',
    ));
    execFileSync('node', ['build.mjs'], { cwd: repo });
  });

  it('fails the commit that made the handler 2x slower, confirmed by a second round of pairs', async () => {
    const r = await runCli(['gate', 'hit', '--base-ref', 'HEAD~1'], { cwd: repo, env: env() });
    expect(r.stdout).toMatch(/verdict: FAIL/);
    expect(r.stdout).toMatch(/hit: http_req_duration med regressed against the baseline \+\d+\.\d% over both rounds \(one-sided p=\S+, \d+ pairs, confirmation level 0\.005\); round 1 \+\d+\.\d%, round 2 alone \+\d+\.\d%/);
    expect(r.stdout).toMatch(/confirmation round \(services restarted for it\): [1-9]\d* of \d+ metrics? flagged in round 1 held over both rounds' pairs/);
    expect(r.stdout).toMatch(/note: base HEAD~1 \([0-9a-f]{12}\): built with `node build\.mjs`/);
    expect(r.stdout).toMatch(/^results \(base\): /m);
    expect(r.code, r.stderr).toBe(1);
    // Pairs ran in counterbalanced order: the progress alternates sides within AB/BA blocks.
    const sides = [...r.stderr.matchAll(/^hit \[(base|head)\] \d\/6/gm)].map((m) => m[1]);
    expect(sides.slice(0, 12).filter((s) => s === 'base')).toHaveLength(6);
  }, 300_000);

  it('passes the head against itself (A/A), and a second run reuses the base build', async () => {
    const first = await runCli(['gate', 'hit', '--base-ref', 'HEAD', '--sign-off', '--version', 'v9.9.9'], { cwd: repo, env: env() });
    expect(first.stdout).toMatch(/note: base and head are the same commit/);
    expect(first.stdout).toMatch(/verdict: PASS/);
    expect(first.code, first.stderr).toBe(0);
    // The sign-off page comes from the gate's own verdict.
    const html = await readFile(/report \(html\): (\S+)/.exec(first.stdout)![1]!, 'utf8');
    expect(html).toMatch(/id="sign-off"[^]*v9\.9\.9/);

    // The same A/A with a neighbour spinning a core: still no FAIL.
    const neighbour = spinNeighbour();
    try {
      const busy = await runCli(['gate', 'hit', '--base-ref', 'HEAD'], { cwd: repo, env: env() });
      expect(busy.stdout).toMatch(/note: base HEAD \([0-9a-f]{12}\): build reused/);
      expect(busy.stdout).toMatch(/verdict: PASS/);
      expect(busy.code, busy.stderr).toBe(0);
    } finally {
      neighbour.kill('SIGKILL');
    }
  }, 300_000);

  describe('bad input: a named error, the right exit code, no worktree left behind', () => {
    let before: string[];
    beforeAll(async () => {
      before = await cachedCheckouts();
    });
    afterAll(async () => {
      expect(worktrees()).toHaveLength(1 + before.length);
      expect(await cachedCheckouts()).toEqual(before);
    });

    it('an unknown ref', async () => {
      const r = await runCli(['gate', 'hit', '--base-ref', 'no-such-branch'], { cwd: repo, env: env() });
      expect(r.stderr).toMatch(/unknown git ref "no-such-branch" in .*Check the name/);
      expect(r.code).toBe(2);
    });

    it('a build that fails, with the tail of its log', async () => {
      await writeFile(join(repo, 'bad-build.config.ts'), config(6, { build: 'echo compiling; echo "error: it broke" >&2; exit 3' }));
      const r = await runCli(['gate', 'hit', '--base-ref', 'HEAD~2', '--config', 'bad-build.config.ts'], { cwd: repo, env: env() });
      expect(r.stderr).toMatch(/the base build `echo compiling.*` in .* exited with code 3; the last lines of .*\.build\.log:\n(.*\n)*error: it broke/);
      expect(r.code).toBe(4);
    });

    it('a service that never listens', async () => {
      await writeFile(join(repo, 'no-port.config.ts'), config(6, { command: 'node -e "setTimeout(() => {}, 60000)"', startTimeoutMs: 2000 }));
      const r = await runCli(['gate', 'hit', '--base-ref', 'HEAD~2', '--config', 'no-port.config.ts'], { cwd: repo, env: env() });
      expect(r.stderr).toMatch(/target command "node -e .*" \(in .*\) did not listen on 127\.0\.0\.1:\$PORT \(\d+\) within 2 s/);
      expect(r.code).toBe(4);
    });

    it('uncommitted changes to tracked files, unless --allow-dirty', async () => {
      await writeFile(join(repo, 'README.md'), 'changed\n');
      try {
        const r = await runCli(['gate', 'hit', '--base-ref', 'HEAD~1'], { cwd: repo, env: env() });
        expect(r.stderr).toMatch(/uncommitted changes to tracked files[^]*M README\.md[^]*--allow-dirty/);
        expect(r.code).toBe(2);
      } finally {
        git(repo, 'checkout', '--', 'README.md');
      }
    });

    it('a folder that is not a git checkout', async () => {
      const plain = await mkdtemp(join(tmpdir(), 'loadgate-nogit-'));
      const r = await runCli(['gate', 'baseline', '--base-ref', 'HEAD'], { cwd: plain, env: env() });
      expect(r.stderr).toMatch(/--base-ref needs a git checkout, but .* is not inside one/);
      expect(r.code).toBe(2);
    });

    it('a project without base.command', async () => {
      await writeFile(join(repo, 'no-command.config.ts'), `export default { scenarios: { hit: { file: 'perf/hit.js' } } };\n`);
      const r = await runCli(['gate', 'hit', '--base-ref', 'HEAD~1', '--config', 'no-command.config.ts'], { cwd: repo, env: env() });
      expect(r.stderr).toMatch(/no-command\.config\.ts: base\.command: --base-ref needs the shell command that starts your service/);
      expect(r.code).toBe(2);
    });
  });
});
