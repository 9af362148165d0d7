/**
 * A script k6 cannot load: a syntax error and an import of a module k6 does not have, worded
 * as each generation words them. The expected lines are k6 v2.2.0's and v0.49.0's output for the
 * same files, less what only their own parsers know (goja's "(and N more errors)" count, Babel's
 * internal stack frames; test/conformance/known-gaps.ts lists both).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { k6SyntaxErrorMessage } from '../../src/engine/script/syntax-error.js';
import { retiredModuleMessage, unknownModulesMessage, unknownToK6 } from '../../src/engine/modules/k6-module-names.js';
import { captureConsole } from './helpers/target-server.js';

const dir = mkdtempSync(join(tmpdir(), 'lg-load-errors-'));
const script = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const CASES: Array<[string, string, string, string]> = [
  // file text, k6 v2.2.0 (after "<url>: "), k6 v0.49.0 (head line, after "<url>: ")
  ['s1.js', 'export default function () {\n  const x = ;\n}\n', 'Line 2:13 Unexpected token ;', 'Unexpected token (2:12)'],
  ['s2.js', 'export default function () {\n  foo(\n}\n', 'Line 3:1 Unexpected token }', 'Unexpected token (3:0)'],
  ['s3.js', 'export default function () {\n  let s = "abc;\n}\n', 'Line 2:11 Unexpected token ILLEGAL', 'Unterminated string constant (2:10)'],
  ['s4.js', 'export default function () {\n  if (true) {\n    x = 1;\n\n', 'Line 5:1 Unexpected end of input', 'Unexpected token (5:0)'],
  ['s5.js', 'export default function () {\n  let 1a = 2;\n}\n', 'Line 2:7 Unexpected token ILLEGAL', 'Identifier directly after number (2:7)'],
  ['s7.js', 'export default function () {\n  const a = 1 +* 2;\n}\n', 'Line 2:16 Unexpected token *', 'Unexpected token (2:15)'],
  ['s8.js', 'const x = {a: 1 b: 2};\nexport default function () {}\n', 'Line 1:17 Unexpected identifier', 'Unexpected token (1:16)'],
  ['s9.js', 'export default function () {\n\tconst x = ;\n}\n', 'Line 2:12 Unexpected token ;', 'Unexpected token (2:11)'],
];

describe('a syntax error, as k6 says it', () => {
  it.each(CASES)('%s', async (name, text, v2, v049) => {
    const file = script(name, text);
    const url = `file://${file}`;
    const now = await runScript({ scriptPath: file, console: captureConsole().console });
    expect(now.exitCode).toBe(107);
    expect(now.errors[0]).toBe(`could not initialize '${file}': could not load JS test '${url}': ${url}: ${v2}`);
    const old = await runScript({ scriptPath: file, console: captureConsole().console, compat: 'v0.49' });
    expect(old.exitCode).toBe(107);
    expect((old.errors[0] as string).split('\n')[0]).toBe(`SyntaxError: ${url}: ${v049}`);
  });

  it("keeps esbuild's words for TypeScript under current k6, which compiles it with esbuild (0-based column)", () => {
    const at = { file: '/x/bad.ts', line: 2, byteColumn: 20, text: 'Unexpected ";"', source: 'export default function () {\n  const x: number = ;\n}\n' };
    expect(k6SyntaxErrorMessage(at, 'v2', '/x/bad.ts')).toMatch(/: file:\/\/\/x\/bad\.ts: Line 2:20 Unexpected ";"$/);
  });
});

describe('an import of a module k6 does not have', () => {
  it('knows the names each generation has', () => {
    expect(unknownToK6('k6/http', 'v2')).toBe(false);
    expect(unknownToK6('k6/ws', 'v0.49')).toBe(false); // the engine lacks it, k6 does not
    expect(unknownToK6('k6/timers', 'v2')).toBe(false);
    expect(unknownToK6('k6/timers', 'v0.49')).toBe(true);
    expect(unknownToK6('k6/x/foo', 'v2')).toBe(true);
    expect(unknownToK6('lodash', 'v2')).toBe(false);
  });

  it('k6 v2: refused while loading, every unknown name sorted, before any init code runs', async () => {
    const file = script('imports.js', "console.log('init ran');\nimport a from 'k6/nonexistent';\nimport b from 'k6/x/foo';\nimport http from 'k6/http';\nexport default function () { a(); b(); }\n");
    const out = captureConsole();
    const r = await runScript({ scriptPath: file, console: out.console });
    expect(r.exitCode).toBe(107);
    expect(r.errors[0]).toBe(`could not initialize '${file}': could not load JS test 'file://${file}': ${unknownModulesMessage(['k6/x/foo', 'k6/nonexistent'])}`);
    expect(r.errors[0]).toContain('unknown modules ["k6/nonexistent", "k6/x/foo"] were tried to be loaded, but couldn\'t - this likely means automatic extension resolution is required or a custom k6 binary with the required extensions');
    expect(out.lines.join('\n')).not.toContain('init ran');
  });

  it("k6 v0.49: a GoError from the import, at the import statement's start, through k6's require", async () => {
    const file = script('import-049.js', "import http from 'k6/http';\nimport { sleep } from 'k6';\nimport nope from \"k6/nonexistent\";\nexport default function () {}\n");
    const r = await runScript({ scriptPath: file, console: captureConsole().console, compat: 'v0.49' });
    expect(r.exitCode).toBe(107);
    expect(r.errors[0]).toMatch(/^GoError: unknown module: k6\/nonexistent at /);
    const entries: string[] = [];
    await runScript({ scriptPath: file, console: { ...captureConsole().console, entry: (e) => entries.push(e.msg) }, compat: 'v0.49' });
    expect(entries).toContain(`GoError: unknown module: k6/nonexistent\n\tat go.k6.io/k6/js.(*requireImpl).require-fm (native)\n\tat file://${file}:3:0\n`);
  });

  it('k6 v2: an experimental module it removed or graduated is refused in its words, without a stack (exit 107); v0.49 had it', async () => {
    const file = script('retired.js', "import redis from 'k6/experimental/redis';\nexport default function () {}\n");
    const entries: string[] = [];
    const now = await runScript({ scriptPath: file, console: { ...captureConsole().console, entry: (e) => entries.push(e.msg) } });
    expect(now.exitCode).toBe(107);
    // k6 v2.2.0's line, word for word, with the line break goja ends an empty stack with.
    expect(entries).toContain("GoError: k6/experimental/redis has been removed. Please migrate to the new version by changing your import to 'k6/x/redis'. Read more here: https://grafana.com/docs/k6/latest/javascript-api/k6-x-redis\n");
    expect(retiredModuleMessage('k6/experimental/redis', 'v0.49')).toBeUndefined();
    const old = await runScript({ scriptPath: file, console: captureConsole().console, compat: 'v0.49' });
    expect(old.exitCode).toBe(107);
    expect(old.errors[0]).toMatch(/module "k6\/experimental\/redis" is not available in the embedded engine/);
  });
});
