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
});
