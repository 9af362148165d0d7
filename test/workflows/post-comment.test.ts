/**
 * action/post-comment.mjs, the GitHub Action's comment step, run as the action runs it
 * (a Node process with the Actions environment) against a local HTTP server that
 * answers the three GitHub REST endpoints it uses, with GitHub's Link-header pagination.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/index.js';
import { PR_COMMENT_MARKER } from '../../src/report/pr-comment.js';
import { releaseSuite } from '../report/fixtures/suite.js';

const SCRIPT = fileURLToPath(new URL('../../action/post-comment.mjs', import.meta.url));
const TOKEN = 'ghs_test-token';
const REPO = 'octo/shop';
const PR = 42;
/** GitHub's per_page is a request; this server, like GitHub at its cap, returns fewer to force paging. */
const PAGE_SIZE = 2;

interface StoredComment {
  id: number;
  body: string;
  html_url: string;
}

/** The slice of GitHub's REST API the script talks to, with an inspectable comment store. */
class FakeGitHub {
  comments: StoredComment[] = [];
  requests: string[] = [];
  /** Answer POST/PATCH with 403, as GitHub does for a fork PR's read-only token. */
  readOnlyToken = false;
  private nextId = 1000;
  private server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.comments = [];
    this.requests = [];
    this.readOnlyToken = false;
  }

  add(body: string): StoredComment {
    const id = this.nextId++;
    const comment = { id, body, html_url: `https://github.com/${REPO}/pull/${PR}#issuecomment-${id}` };
    this.comments.push(comment);
    return comment;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    const list = `/repos/${REPO}/issues/${PR}/comments`;
    const one = new RegExp(`^/repos/${REPO}/issues/comments/(\\d+)$`).exec(url.pathname);
    const writing = req.method === 'POST' || req.method === 'PATCH';
    if (writing && this.readOnlyToken) return send(403, { message: 'Resource not accessible by integration' });
    if (req.method === 'GET' && url.pathname === list) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const pages = Math.max(1, Math.ceil(this.comments.length / PAGE_SIZE));
      const link: Record<string, string> =
        page < pages ? { link: `<${this.url}${list}?per_page=100&page=${page + 1}>; rel="next", <${this.url}${list}?per_page=100&page=${pages}>; rel="last"` } : {};
      return send(200, this.comments.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), link);
    }
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: string }) : {};
    if (req.method === 'POST' && url.pathname === list) return send(201, this.add(String(body.body)));
    if (req.method === 'PATCH' && one) {
      const comment = this.comments.find((c) => c.id === Number(one[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = String(body.body);
      return send(200, comment);
    }
    return send(404, { message: 'Not Found' });
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(bodyPath: string, env: Record<string, string>, ...more: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, bodyPath, ...more], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
