/**
 * Request URLs k6 would not send, in k6's words (http/go-url.ts): Go's url.Parse errors
 * (`invalid URL: parse "…": invalid port ":-1" after host`, code 1020), the Client's
 * `unsupported protocol scheme` and `http: no Host in request URL` (1000), a port beyond
 * 65535 (1210), per k6 generation. The engine runs test/engine/scripts/url-errors.js over
 * the URLs of test/fixtures/k6-url-errors.json (recorded from k6 v2.2.0 and v0.49.0) and
 * must say what k6 said; then, when real k6 is found, the same script runs under it too.
 * Every URL stays on loopback: no DNS lookup, no other address. Without k6 the real-k6 part
 * skips with a notice; with CI and LOADGATE_EXPECT_K6=1 it fails instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { everyK6Generation } from '../helpers/real-k6.js';

type Row = [url: string, status: number, code: number, error: string];
interface Recorded {
  url: string;
  v2: [number, number, string];
  v049: [number, number, string];
}
const recorded = JSON.parse(await readFile(new URL('../fixtures/k6-url-errors.json', import.meta.url), 'utf8')) as { cases: Recorded[] };
/**
 * Where the engine still differs from k6 v0.49 (Go 1.19): hosts Go accepted in brackets that
 * Node's URL parser refuses; the engine answers "lookup: no such host" for them.
 */
const V049_KNOWN = new Set(['http://[127.0.0.1]:1/', 'http://[::1%25]:1/', 'http://[::1]]:1/']);

const script = fileURLToPath(new URL('./scripts/url-errors.js', import.meta.url));
let urlsFile = '';

function loggedRows(stderr: string): Row[] {
  const line = stderr.split('\n').find((l) => l.includes('source=console'));
  if (!line) throw new Error(`no console line in:\n${stderr.slice(0, 2000)}`);
  const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? '';
  return JSON.parse(JSON.parse(`"${msg}"`) as string) as Row[];
}

beforeAll(async () => {
  urlsFile = join(await mkdtemp(join(tmpdir(), 'loadgate-url-errors-')), 'urls.json');
  await writeFile(urlsFile, JSON.stringify(recorded.cases.map((c) => c.url)));
});

describe('request URLs k6 refuses', () => {
  it.each(['v2', 'v0.49'] as const)('the engine under --compat %s says what that k6 said', async (compat) => {
    const r = await runCli(['k6', 'run', '-q', '--compat', compat, '-e', `URLS=${urlsFile}`, script]);
    expect(r.code).toBe(0);
    const rows = loggedRows(r.stderr);
    const expected = recorded.cases.map((c): Row => [c.url, ...(compat === 'v2' ? c.v2 : c.v049)]);
    const differing = rows.filter((row, i) => JSON.stringify(row) !== JSON.stringify(expected[i]));
    if (compat === 'v2') expect(differing).toEqual([]);
    else expect(differing.map(([url]) => url).sort()).toEqual([...V049_KNOWN].sort());
    // The Request Failed warning carries Go's whole error: bare for an invalid URL, wrapped by the Client otherwise.
    expect(r.stderr).toContain('level=warning msg="Request Failed" error="invalid URL: parse \\"http://127.0.0.1:-1/\\": invalid port \\":-1\\" after host"');
    expect(r.stderr).toContain('level=warning msg="Request Failed" error="Get \\"ftp://127.0.0.1/\\": unsupported protocol scheme \\"ftp\\""');
    expect(r.stderr).toContain('level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:70000/\\": dial tcp: address 70000: invalid port"');
  });
});

describe('request URLs against real k6', () => {
  it.each(everyK6Generation(import.meta.url, 'the real-k6 part'))('$path still says what was recorded', async ({ path: k6, compat }) => {
    const key = compat === 'v0.49' ? 'v049' : 'v2';
    const noSummary = compat === 'v0.49' ? ['--no-summary'] : ['--summary-mode=disabled'];
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(k6, ['run', '-q', ...noSummary, '-e', `URLS=${urlsFile}`, script], { timeout: 60_000, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } }, (error, _o, err) => (error ? reject(new Error(err)) : resolve(err)));
    });
    expect(loggedRows(stderr)).toEqual(recorded.cases.map((c): Row => [c.url, ...c[key]]));
  }, 90_000);
});
