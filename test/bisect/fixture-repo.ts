/**
 * A temporary git repository of a tiny HTTP service for the tests and benchmark of bisect and gate --base-ref: a
 * busy-work handler whose cost each commit can change, a build step (`node build.mjs` copies
 * src/ to dist/ or fails on purpose), a k6 scenario and the loadgate config.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The service: `/` costs `workMs` of busy work, `/other` costs `otherMs`. */
export const SERVER = (workMs: number, otherMs = 0.2): string => `import http from 'node:http';
const WORK_MS = ${workMs};
const OTHER_MS = ${otherMs};
http.createServer((req, res) => {
  const end = performance.now() + (req.url === '/other' ? OTHER_MS : WORK_MS);
  while (performance.now() < end) {}
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

export const BUILD = `import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
cpSync('src/server.mjs', 'dist/server.mjs');
`;

export const BROKEN_BUILD = `console.error('error: the build is broken in this commit');
process.exit(1);
`;

export const scenario = (duration: string, path = '/'): string => `import http from 'k6/http';
// ramping-vus at a steady 2 VUs: k6 (and the engine) refuse constant-vus durations under 1 s.
export const options = { scenarios: { default: { executor: 'ramping-vus', startVUs: 2, stages: [{ duration: '${duration}', target: 2 }], gracefulRampDown: '0s' } } };
export default function () {
  http.get(\`\${__ENV.BASE_URL}${path}\`);
}
`;

/** The project's config: `repetitions` pairs a round of scenario `hit`; `base` adds to or replaces the base build's settings. */
export const config = (repetitions: number, base: Record<string, unknown> = {}): string => `export default ${JSON.stringify({
  base: { build: 'node build.mjs', command: 'node dist/server.mjs', startTimeoutMs: 20_000, keepBuilds: 3, ...base },
  profiles: { smoke: { repetitions, warmupRepetitions: 1 } },
  scenarios: { hit: { file: 'perf/hit.js', thresholds: [], gating: [{ metric: 'http_req_duration', stat: 'med', direction: 'lower' }] } },
}, null, 2)};\n`;

export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

/** One commit: files to write (path → content), then the subject. */
export interface FixtureCommit {
  files: Record<string, string>;
  subject: string;
}

/** Makes the repository with the given commits on `main`; returns its path and the commits' shas, oldest first. */
export async function makeRepo(commits: FixtureCommit[], prefix = 'loadgate-bisect-'): Promise<{ repo: string; shas: string[] }> {
  const repo = await mkdtemp(join(tmpdir(), prefix));
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'src'));
  mkdirSync(join(repo, 'perf'));
  writeFileSync(join(repo, '.gitignore'), 'dist/\n.loadgate/\nresults/\nreports/\n');
  const shas: string[] = [];
  for (const c of commits) {
    for (const [path, content] of Object.entries(c.files)) writeFileSync(join(repo, path), content);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', c.subject);
    shas.push(git(repo, 'rev-parse', 'HEAD').trim());
  }
  return { repo, shas };
}
