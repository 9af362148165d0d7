/**
 * action/post-comment.mjs, the GitHub Action's comment step, run as the action runs it
 * (a Node process with the Actions environment) against a local HTTP server that
 * answers the three GitHub REST endpoints it uses, with GitHub's Link-header pagination.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/index.js';
import { PR_COMMENT_MARKER } from '../../src/report/pr-comment.js';
import { releaseSuite } from '../report/fixtures/suite.js';
import { FakeGitHub, PR, REPO, TOKEN } from './fake-github.js';
import { runProcess, type ProcessRun } from './run-process.js';

const SCRIPT = fileURLToPath(new URL('../../action/post-comment.mjs', import.meta.url));

/** The script as the action's comment step runs it: `node post-comment.mjs …` with the Actions environment. */
function runScript(bodyPath: string, env: Record<string, string>, ...more: string[]): Promise<ProcessRun> {
  return runProcess(process.execPath, [SCRIPT, bodyPath, ...more], { env: { PATH: process.env.PATH ?? '', ...env } });
}

describe('action/post-comment.mjs', () => {
  const github = new FakeGitHub();
  let dir = '';
  let env: Record<string, string> = {};
  let commentPath = '';

  beforeAll(() => github.start());
  afterAll(() => github.stop());

  beforeEach(async () => {
    github.reset();
    dir = await mkdtemp(join(tmpdir(), 'loadgate-post-comment-'));
    const eventPath = join(dir, 'event.json');
    await writeFile(eventPath, JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR, base: { sha: 'abc' } } }));
    env = { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPO, GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: github.url };
    // The comment body exactly as `loadgate gate --format comment` writes it.
    commentPath = (await writeReports(releaseSuite(), dir, ['comment'])).comment as string;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the comment on the first run and updates that same comment on the next', async () => {
    github.add('LGTM');
    github.add('loadgate said FAIL last time, is that noise?');
    const first = await runScript(commentPath, env);
    expect(first, first.stdout).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/^loadgate PR comment created: https:\/\/github\.com\/octo\/shop\/pull\/42#issuecomment-\d+$/m);
    expect(github.comments).toHaveLength(3);
    const ours = github.comments[2]!;
    expect(ours.body.startsWith(`${PR_COMMENT_MARKER}\n## ❌ FAIL`)).toBe(true);

    await writeFile(commentPath, `${PR_COMMENT_MARKER}\n## ✅ PASS — second push\n`);
    const second = await runScript(commentPath, env);
    expect(second, second.stdout).toMatchObject({ code: 0 });
    expect(second.stdout).toContain('loadgate PR comment updated:');
    expect(github.comments).toHaveLength(3);
    expect(github.comments[2]).toEqual({ ...ours, body: `${PR_COMMENT_MARKER}\n## ✅ PASS — second push\n` });
    // Comments without the marker are never touched, even when they mention loadgate.
    expect(github.comments.slice(0, 2).map((c) => c.body)).toEqual(['LGTM', 'loadgate said FAIL last time, is that noise?']);
    expect(github.requests.filter((r) => r.startsWith('PATCH'))).toEqual([`PATCH /repos/${REPO}/issues/comments/${ours.id}`]);
  });

  it('follows the Link header to find its comment on a later page', async () => {
    for (let i = 0; i < 5; i += 1) github.add(`review comment ${i}`);
    const ours = github.add(`${PR_COMMENT_MARKER}\nold verdict`);
    github.add('after');
    const run = await runScript(commentPath, env);
    expect(run, run.stdout).toMatchObject({ code: 0 });
    expect(github.requests.filter((r) => r.startsWith('GET'))).toEqual([
      `GET /repos/${REPO}/issues/${PR}/comments?per_page=100`,
      `GET /repos/${REPO}/issues/${PR}/comments?per_page=100&page=2`,
      `GET /repos/${REPO}/issues/${PR}/comments?per_page=100&page=3`,
    ]);
    expect(github.comments).toHaveLength(7);
    expect(github.comments.find((c) => c.id === ours.id)?.body.startsWith(`${PR_COMMENT_MARKER}\n## ❌ FAIL`)).toBe(true);
    expect(github.requests.some((r) => r.startsWith('POST'))).toBe(false);
  });

  it('warns and exits 0 when the token may not write comments (a fork PR)', async () => {
    github.readOnlyToken = true;
    const run = await runScript(commentPath, env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::warning title=loadgate PR comment not posted::the token may not write pull-request comments \(POST .* answered 403: .*Resource not accessible by integration/m);
    expect(run.stdout).toContain('pull-requests: write');
    expect(github.comments).toHaveLength(0);
  });

  it('says clearly when pr-comment.md is missing, before calling the API', async () => {
    const missing = join(dir, 'reports', 'pr-comment.md');
    const run = await runScript(missing, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=loadgate PR comment failed::${missing} does not exist: run the gate with --format including "comment"`);
    expect(github.requests).toEqual([]);
  });

  it('replaces an earlier verdict with a note when the gate stopped before reporting', async () => {
    const ours = github.add(`${PR_COMMENT_MARKER}\n## ✅ PASS — an earlier push`);
    const run = await runScript('--gate-stopped', { ...env, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '7' }, '4');
    expect(run, run.stdout).toMatchObject({ code: 0 });
    expect(github.comments).toEqual([
      {
        ...ours,
        body:
          `${PR_COMMENT_MARKER}\n## ⚠️ ERROR — loadgate stopped before reporting\n\nThe gate exited with code 4: the measurement itself failed ` +
          '(base build, service never listening, target unreachable, engine crash). There is no verdict for this push; ' +
          'see [the job log](https://github.com/octo/shop/actions/runs/7).\n',
      },
    ]);
    const bad = await runScript('--gate-stopped', env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('--gate-stopped needs the gate\'s exit code, got ""');
  });

  it('uses the marker the report renderer writes', () => {
    expect(readFileSync(SCRIPT, 'utf8')).toContain(`const PR_COMMENT_MARKER = '${PR_COMMENT_MARKER}';`);
  });

  it('refuses an event without a pull request, and a file loadgate did not write', async () => {
    await writeFile(env.GITHUB_EVENT_PATH!, JSON.stringify({ ref: 'refs/heads/main' }));
    const push = await runScript(commentPath, env);
    expect(push.code).toBe(1);
    expect(push.stdout).toContain('has no pull_request.number: the PR comment is only posted on pull_request events');
    const stray = join(dir, 'stray.md');
    await writeFile(stray, '# not from loadgate\n');
    const foreign = await runScript(stray, env);
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toContain(`does not contain the loadgate marker ${PR_COMMENT_MARKER}`);
    expect(github.requests).toEqual([]);
  });
});
