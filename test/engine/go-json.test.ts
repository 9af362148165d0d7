/**
 * k6's words for text that is not JSON (modules/go-json.ts): JSON.parse's goja messages and
 * res.json()'s Go json.Unmarshal messages with k6's line and character, per k6 generation.
 * First against texts recorded from k6 v2.2.0 and v0.49.0 (test/fixtures/k6-json-errors.json),
 * then end to end: a script logs both errors for 150 broken texts (seeded mutations of JSON
 * documents) under real k6 and under `loadgate k6 run --compat` the same generation. Without
 * k6 the real-k6 part skips with a notice; with CI and LOADGATE_EXPECT_K6=1 it fails instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gojaJsonParseError, goQuoteChar, k6ResponseJsonError } from '../../src/engine/modules/go-json.js';
import { runCli } from '../helpers/cli.js';
import { everyK6Generation } from '../helpers/real-k6.js';

interface Recorded {
  text: string;
  jsonParse: string;
  v2ResJson: string;
  v049ResJson: string;
}
const recorded = JSON.parse(await readFile(new URL('../fixtures/k6-json-errors.json', import.meta.url), 'utf8')) as { cases: Recorded[] };
const bytes = (s: string) => Buffer.from(s, 'utf8');
const orOk = (prefix: string, message: string | undefined) => (message === undefined ? 'OK' : `${prefix}: ${message}`);

describe("k6's JSON error messages", () => {
  it.each(recorded.cases.map((c) => [JSON.stringify(c.text), c] as const))('JSON.parse(%s) as goja says', (_name, c) => {
    expect(orOk('SyntaxError', gojaJsonParseError(bytes(c.text)))).toBe(c.jsonParse);
  });

  it.each(recorded.cases.map((c) => [JSON.stringify(c.text), c] as const))('res.json() of %s as k6 v2 and v0.49 say', (_name, c) => {
    expect(orOk('GoError', k6ResponseJsonError(bytes(c.text), 'v2'))).toBe(c.v2ResJson);
    expect(orOk('GoError', k6ResponseJsonError(bytes(c.text), 'v0.49'))).toBe(c.v049ResJson);
  });

  it("quotes the offending byte as Go's quoteChar", () => {
    expect([0x27, 0x22, 0x09, 0x01, 0x7f, 0x5c, 0x78, 0xc3, 0x85].map(goQuoteChar)).toEqual([`'\\''`, `'"'`, `'\\t'`, `'\\x01'`, `'\\x7f'`, `'\\\\'`, `'x'`, `'Ã'`, `'\\u0085'`]);
  });

  it('is silent on valid JSON and refuses nesting deeper than Go allows', () => {
    for (const ok of ['{"a":[1,2,{"b":null}]}', ' "x" ', '-0.5e-3', '[]']) {
      expect(gojaJsonParseError(bytes(ok))).toBeUndefined();
      expect(k6ResponseJsonError(bytes(ok), 'v2')).toBeUndefined();
    }
    expect(k6ResponseJsonError(bytes('['.repeat(10_001)), 'v2')).toMatch(/exceeded max depth$/);
  });
});

/** 150 broken texts: seeded mutations (insert, delete, replace, truncate) of a few JSON documents. */
function brokenTexts(seed: number): string[] {
  let state = seed;
  const rnd = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const docs = ['{"a":1,"b":[true,false,null],"c":{"d":"e\\u00e9"}}', '[1, -2.5e3, 0.1, "x\\n", {"k": []}]', '{\n  "name": "héllo",\n  "list": [1,\n 2]\n}', '"just a string"', '12345', 'null'];
  const alphabet = ['{', '}', '[', ']', ':', ',', '"', '\\', '\n', ' ', '\t', '1', '0', '-', '.', 'e', '+', 'a', 't', 'u', 'n', 'l', 'x', 'é', '\u0001'];
  const out: string[] = [];
  while (out.length < 150) {
    let s = docs[Math.floor(rnd() * docs.length)] as string;
    for (let j = 1 + Math.floor(rnd() * 3); j > 0; j--) {
      const p = Math.floor(rnd() * (s.length + 1));
      const op = rnd();
      const ch = alphabet[Math.floor(rnd() * alphabet.length)] as string;
      s = op < 0.33 ? s.slice(0, p) + ch + s.slice(p) : op < 0.66 ? s.slice(0, p) + s.slice(p + 1) : s.slice(0, p) + ch + s.slice(p + 1);
    }
    if (rnd() < 0.2) s = s.slice(0, Math.floor(rnd() * s.length));
    out.push(s);
  }
  return out;
}

const script = fileURLToPath(new URL('./scripts/json-errors.js', import.meta.url));

/** The JSON line the script logs, out of k6's logfmt stderr. */
function loggedRows(stderr: string): string[][] {
  const line = stderr.split('\n').find((l) => l.includes('source=console'));
  if (!line) throw new Error(`no console line in:\n${stderr.slice(0, 2000)}`);
  const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? '';
  return JSON.parse(JSON.parse(`"${msg}"`) as string) as string[][];
}

function runK6(k6: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(k6, ['run', '-q', ...args, script], { timeout: 60_000, env: { ...process.env, ...env, K6_NO_USAGE_REPORT: 'true' } }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`k6 failed: ${stderr}`));
      else resolve(stderr);
    });
  });
}

describe('JSON errors against real k6', () => {
  let server: Server;
  let echoUrl = '';
  let casesFile = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => res.end(Buffer.concat(parts)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    echoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    casesFile = join(await mkdtemp(join(tmpdir(), 'loadgate-json-errors-')), 'cases.json');
    await writeFile(casesFile, JSON.stringify(brokenTexts(7)));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each(everyK6Generation(import.meta.url, 'the real-k6 part'))('the engine under --compat $compat says what $path says, for 150 broken texts', async ({ path: k6, compat }) => {
    const env = { CASES: casesFile, ECHO_URL: echoUrl };
    const noSummary = compat === 'v0.49' ? ['--no-summary'] : ['--summary-mode=disabled'];
    const k6Rows = loggedRows(await runK6(k6, noSummary, env));
    const engine = await runCli(['k6', 'run', '-q', '--compat', compat, '-e', `CASES=${casesFile}`, '-e', `ECHO_URL=${echoUrl}`, script]);
    expect(engine.code).toBe(0);
    const engineRows = loggedRows(engine.stderr);
    expect(k6Rows).toHaveLength(150);
    expect(k6Rows.filter(([, p]) => p !== 'OK').length).toBeGreaterThan(100);
    expect(engineRows).toEqual(k6Rows);
  }, 120_000);
});
