#!/usr/bin/env node
/**
 * Posts loadgate's PR comment (pr-comment.md) to the pull request, or updates the one
 * it posted before: the comment whose body holds the marker line. One comment per PR,
 * edited in place on every push, instead of a new comment each time.
 *
 * Usage: node post-comment.mjs <path/to/pr-comment.md>
 *        node post-comment.mjs --gate-stopped <exit code>
 * The second form replaces the comment with a short note when the gate stopped before
 * writing reports, so the PR never shows an earlier push's verdict as if it were current.
 * Environment (set by GitHub Actions): GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name),
 * GITHUB_EVENT_PATH (the event payload: pull_request.number), GITHUB_API_URL
 * (default https://api.github.com).
 *
 * Exit codes: 0 posted, updated, or skipped with a warning because the token may not
 * write comments (pull requests from forks get a read-only token); 1 anything else
 * (missing file, not a pull request, an unexpected API answer).
 *
 * No dependencies: Node 20's global fetch, so the action needs no install step.
 */
import { readFile } from 'node:fs/promises';

/** Must equal PR_COMMENT_MARKER in src/report/pr-comment.ts (the workflow test checks it). */
const PR_COMMENT_MARKER = '<!-- loadgate:pr-comment -->';

/** An API answer the script does not expect; `status` decides warning or error. */
class GitHubApiError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} answered ${status}: ${body.slice(0, 300)}`);
    this.status = status;
  }
}

/** A problem the user must fix (missing file, wrong event); printed without a stack. */
class UsageProblem extends Error {}

function githubClient(apiUrl, token) {
  const origin = new URL(apiUrl).origin;
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'loadgate-pr-comment',
  };
  async function request(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new GitHubApiError(method, url, response.status, await response.text());
    return response;
  }
  return {
    /** Every page of a list endpoint, following the Link header's rel="next". */
    async *paginate(url) {
      let next = url;
      while (next) {
        const response = await request('GET', next);
        yield* await response.json();
        next = nextPageUrl(response.headers.get('link'));
        // The token goes to the API only, never to a host a Link header names.
        if (next && new URL(next).origin !== origin) throw new Error(`refusing to follow a pagination link off ${origin}: ${next}`);
      }
    },
    async send(method, url, body) {
      return (await request(method, url, body)).json();
    },
  };
}

/** The rel="next" URL of a Link header (RFC 8288), or null on the last page. */
function nextPageUrl(link) {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;.*\brel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return null;
}

async function readPullRequestNumber(eventPath) {
  if (!eventPath) throw new UsageProblem('GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions job');
  const event = JSON.parse(await readFile(eventPath, 'utf8'));
  const number = event.pull_request?.number;
  if (!Number.isInteger(number)) {
    throw new UsageProblem(`the event in ${eventPath} has no pull_request.number: the PR comment is only posted on pull_request events`);
  }
  return number;
}

async function readCommentBody(path) {
  let body;
  try {
    body = await readFile(path, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new UsageProblem(`${path} does not exist: run the gate with --format including "comment" (the gate may have stopped before writing reports)`);
    }
    throw error;
  }
  if (!body.includes(PR_COMMENT_MARKER)) {
    throw new UsageProblem(`${path} does not contain the loadgate marker ${PR_COMMENT_MARKER}: it was not written by loadgate's "comment" format`);
  }
  return body;
}

/** What each exit code of `loadgate gate` that comes without a report means (README, "Exit codes"). */
const STOP_REASONS = {
  2: 'bad usage, config, scenario or input file',
  3: 'no baseline to compare with, and one was required',
  4: 'the measurement itself failed (base build, service never listening, target unreachable, engine crash)',
};

/** The stand-in comment for a gate that stopped before reporting. */
function gateStoppedBody(code, env) {
  if (!/^\d+$/.test(code ?? '')) throw new UsageProblem(`--gate-stopped needs the gate's exit code, got "${code ?? ''}"`);
  const reason = STOP_REASONS[code] ?? 'see the job log';
  const run = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : null;
  return [
    PR_COMMENT_MARKER,
    '## ⚠️ ERROR — loadgate stopped before reporting',
    '',
    `The gate exited with code ${code}: ${reason}. There is no verdict for this push; ${run ? `see [the job log](${run})` : 'see the job log'}.`,
    '',
  ].join('\n');
}

/** Creates or updates loadgate's comment on the pull request. Returns what was done. */
async function postPrComment({ body, env }) {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new UsageProblem('GITHUB_TOKEN is not set (the action passes its github-token input)');
  const repository = env.GITHUB_REPOSITORY;
  if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new UsageProblem(`GITHUB_REPOSITORY must be owner/name, got "${repository ?? ''}"`);
  const number = await readPullRequestNumber(env.GITHUB_EVENT_PATH);
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const client = githubClient(api, token);

  const commentsUrl = `${api}/repos/${repository}/issues/${number}/comments`;
  let existing = null;
  for await (const comment of client.paginate(`${commentsUrl}?per_page=100`)) {
    if (typeof comment.body === 'string' && comment.body.includes(PR_COMMENT_MARKER)) {
      existing = comment;
      break;
    }
  }
  if (existing) {
    const updated = await client.send('PATCH', `${api}/repos/${repository}/issues/comments/${existing.id}`, { body });
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  const created = await client.send('POST', commentsUrl, { body });
  return { action: 'created', id: created.id, url: created.html_url };
}

/** GitHub workflow commands take one line; %, CR and LF are escaped as the runner expects. */
function commandText(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

async function main() {
  const [first = 'pr-comment.md', second] = process.argv.slice(2);
  try {
    const body = first === '--gate-stopped' ? gateStoppedBody(second, process.env) : await readCommentBody(first);
    const result = await postPrComment({ body, env: process.env });
    console.log(`loadgate PR comment ${result.action}: ${result.url ?? `#${result.id}`}`);
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 401 || error.status === 403)) {
      // Pull requests from forks run with a read-only token: the gate's verdict stands, only the comment is skipped.
      console.log(
        `::warning title=loadgate PR comment not posted::${commandText(
          `the token may not write pull-request comments (${error.message}). On pull requests from forks the token is read-only; elsewhere grant "pull-requests: write". The verdict is in the job summary.`,
        )}`,
      );
      return 0;
    }
    const message = error instanceof UsageProblem || error instanceof GitHubApiError ? error.message : String(error?.stack ?? error);
    console.log(`::error title=loadgate PR comment failed::${commandText(message)}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
