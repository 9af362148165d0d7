/**
 * The globals a script sees (vu/script-globals.ts): the language's and k6's, none of Node's.
 * Expected values are what k6 v2.2.0 and v0.49.0 printed for the same script;
 * test/conformance/scripts/globals.js compares with the binaries where they are installed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { captureConsole } from './helpers/target-server.js';

const NAMES = ['process', 'Buffer', 'fetch', 'URL', 'setImmediate', 'queueMicrotask', 'Intl', 'performance', 'TextEncoder', 'crypto', 'BigInt', 'setTimeout', 'console', 'open', 'global', 'GoError'];
const file = join(mkdtempSync(join(tmpdir(), 'lg-globals-')), 'globals.js');
writeFileSync(
  file,
  `export const options = { iterations: 1 };
export default function () {
  console.log([${NAMES.map((n) => `'${n}=' + typeof ${n}`).join(', ')}].join(' '));
  console.log('through globalThis: ' + typeof globalThis.process);
}
`,
);

async function seen(compat: 'v2' | 'v0.49'): Promise<Record<string, string>> {
  const cap = captureConsole();
  const r = await runScript({ scriptPath: file, env: {}, console: cap.console, compat });
  expect(r.exitCode).toBe(0);
  expect(cap.lines).toContain('through globalThis: object');
  return Object.fromEntries((cap.lines.find((l) => l.startsWith('process=')) ?? '').split(' ').map((kv) => kv.split('=') as [string, string]));
}

describe("a script's globals", () => {
  it("k6 v2: k6's, with TextEncoder, crypto, BigInt and the timers; none of Node's", async () => {
    expect(await seen('v2')).toEqual({
      process: 'undefined', Buffer: 'undefined', fetch: 'undefined', URL: 'undefined', setImmediate: 'undefined', queueMicrotask: 'undefined',
      Intl: 'undefined', performance: 'undefined', TextEncoder: 'function', crypto: 'object', BigInt: 'function', setTimeout: 'function',
      console: 'object', open: 'function', global: 'object', GoError: 'function',
    });
  });

  it('k6 v0.49: no TextEncoder, crypto or BigInt either (its timer globals throw ReferenceError when called)', async () => {
    const g = await seen('v0.49');
    expect(g).toMatchObject({ process: 'undefined', Buffer: 'undefined', URL: 'undefined', TextEncoder: 'undefined', crypto: 'undefined', BigInt: 'undefined', console: 'object', open: 'function' });
  });

  it('require() works in the init context only: k6 v2 refuses it later in its words, v0.49 had removed it', async () => {
    const late = join(mkdtempSync(join(tmpdir(), 'lg-require-')), 'late.js');
    writeFileSync(late, "export const options = { iterations: 1 };\nconst early = require('k6/http');\nexport default function () {\n  const http = require('k6/http');\n}\n");
    const messages = async (compat: 'v2' | 'v0.49'): Promise<string[]> => {
      const entries: string[] = [];
      const r = await runScript({ scriptPath: late, env: {}, console: { ...captureConsole().console, entry: (e) => entries.push(e.msg) }, compat });
      expect(r.exitCode).toBe(0);
      return entries;
    };
    expect(await messages('v2')).toContain(
      `GoError: the "require" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information\n\tat go.k6.io/k6/v2/internal/js.(*requireImpl).require-fm (native)\n\tat default (file://${late}:4:23)\n`,
    );
    expect(await messages('v0.49')).toContain(`TypeError: Value is not an object: undefined\n\tat file://${late}:4:23\n`);
  });
});
