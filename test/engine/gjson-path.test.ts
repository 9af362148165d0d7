/**
 * `res.json(path)` reads the path as gjson does (modules/gjson-path.ts). The engine runs
 * test/engine/scripts/json-paths.js over the paths of test/fixtures/k6-json-paths.json against
 * a local server answering with its document, and must give what k6 v2.2.0 and v0.49.0 gave
 * (the same in both; an object's key order is Go's map order there, so objects are compared
 * by their entries). When real k6 is found it runs the same script too. Without k6 that part
 * skips with a notice; with CI and LOADGATE_EXPECT_K6=1 it fails instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectJsonPath, UnsupportedJsonPathError, wildcardMatch } from '../../src/engine/modules/gjson-path.js';
import { runCli } from '../helpers/cli.js';
import { everyK6Generation } from '../helpers/real-k6.js';

type Row = [path: string, type: string, value: unknown];
const recorded = JSON.parse(await readFile(new URL('../fixtures/k6-json-paths.json', import.meta.url), 'utf8')) as { document: unknown; cases: Row[] };
/** The script adds json(undefined) and json(null): goja hands k6 the paths "undefined" and "null". */
const expected: Row[] = [...recorded.cases, ['undefined', 'undefined', null], ['null', 'undefined', null]];
const script = fileURLToPath(new URL('./scripts/json-paths.js', import.meta.url));

/** Objects with their keys sorted, so Go's map order does not count. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]));
  return v;
}

function loggedRows(stderr: string): Row[] {
  const line = stderr.split('\n').find((l) => l.includes('source=console'));
  if (!line) throw new Error(`no console line in:\n${stderr.slice(0, 2000)}`);
  const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? '';
  return (JSON.parse(JSON.parse(`"${msg}"`) as string) as Row[]).map(([p, t, v]) => [p, t, sortedKeys(v)]);
}

let server: Server;
let baseUrl = '';
let pathsFile = '';
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(recorded.document)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  pathsFile = join(await mkdtemp(join(tmpdir(), 'lg-json-paths-')), 'paths.json');
  await writeFile(pathsFile, JSON.stringify(recorded.cases.map((c) => c[0])));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('res.json(path): gjson paths as k6 reads them', () => {
  it.each(['v2', 'v0.49'] as const)('the engine under --compat %s gives what k6 gave, path for path', async (compat) => {
    const r = await runCli(['k6', 'run', '-q', '--compat', compat, '-e', `BASE_URL=${baseUrl}`, '-e', `PATHS=${pathsFile}`, script]);
    expect(r.code, r.stderr).toBe(0);
    const rows = loggedRows(r.stderr);
    // Path by path, so a failure names the path.
    for (let i = 0; i < expected.length; i++) expect(rows[i], String(expected[i]?.[0])).toEqual(expected[i]);
    expect(rows).toHaveLength(expected.length);
  });

  it('refuses what it does not evaluate, naming the path, instead of answering differently', () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    for (const path of ['[a,b]', '{a,b.c}', 'b|{c}', '!true', 'a.@join', 'a.@tostr']) {
      expect(() => selectJsonPath(doc, path), path).toThrow(UnsupportedJsonPathError);
      expect(() => selectJsonPath(doc, path)).toThrow(`res.json(${JSON.stringify(path)})`);
    }
    // Its own results, beside the recorded ones: nothing inherited, an index past the end.
    expect(selectJsonPath(doc, 'b.constructor')).toBeUndefined();
    expect(selectJsonPath(doc, 'a.length')).toBeUndefined();
    expect(selectJsonPath(doc, 'a.2')).toBeUndefined();
  });

  it('matches wildcards as tidwall/match does', () => {
    expect(wildcardMatch('friends', 'fr*s')).toBe(true);
    expect(wildcardMatch('friends', 'fr?ends')).toBe(true);
    expect(wildcardMatch('friends', 'fr?nds')).toBe(false);
    expect(wildcardMatch('x*y', 'x\\*y')).toBe(true);
    expect(wildcardMatch('xzy', 'x\\*y')).toBe(false);
    expect(wildcardMatch('héllo', 'h?llo')).toBe(true);
    expect(wildcardMatch('', '*')).toBe(true);
  });
});

describe('res.json(path) against real k6', () => {
  it.each(everyK6Generation(import.meta.url, 'the real-k6 part'))('$path still gives what was recorded', async ({ path: k6, compat }) => {
    const noSummary = compat === 'v0.49' ? ['--no-summary'] : ['--summary-mode=disabled'];
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(k6, ['run', '-q', ...noSummary, '-e', `BASE_URL=${baseUrl}`, '-e', `PATHS=${pathsFile}`, script], { timeout: 60_000, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } }, (error, _o, err) =>
        error ? reject(new Error(err)) : resolve(err),
      );
    });
    expect(loggedRows(stderr)).toEqual(expected);
  }, 90_000);
});
