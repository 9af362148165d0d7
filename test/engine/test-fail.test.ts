/**
 * exec.test.fail() (k6 v0.52+, so not under --compat v0.49): the test runs on, then ends with
 * k6's "test run was marked as failed" and exit 110, over crossed thresholds too.
 * test/conformance/scripts/test-fail.js holds the same against real k6.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../src/engine/index.js';
import type { K6LogEntry } from '../../src/engine/output/k6-log.js';
import { captureConsole } from './helpers/target-server.js';

const dir = mkdtempSync(join(tmpdir(), 'lg-test-fail-'));
let n = 0;
async function run(source: string, compat?: 'v2' | 'v0.49') {
  const scriptPath = join(dir, `s${++n}.js`);
  writeFileSync(scriptPath, source);
  const entries: K6LogEntry[] = [];
  const r = await runScript({ scriptPath, compat, console: { ...captureConsole().console, entry: (e) => entries.push(e) } });
  return { r, lines: entries.filter((e) => e.level === 'error' || e.fields?.source === 'console').map((e) => `${e.final ? 'final ' : ''}${e.level}: ${e.msg}`) };
}

const SCRIPT = `import exec from 'k6/execution';
export const options = { iterations: 3, thresholds: { iterations: ['count>5'] } };
export function setup() { exec.test.fail(); }
export default function () {
  exec.vu.metrics.metadata.trace = 't' + exec.vu.iterationInScenario;
  if (exec.vu.iterationInScenario === 1) exec.test.fail(42);
  console.log('ran ' + exec.vu.iterationInScenario + ' ' + exec.vu.metrics.metadata.trace);
}
`;

describe('exec.test.fail()', () => {
  it('is logged at once, lets the test run on, and ends it with exit 110 in place of the crossed thresholds', async () => {
    const { r, lines } = await run(SCRIPT);
    expect(r.exitCode).toBe(110);
    expect(r.summary.metrics.iterations?.values.count).toBe(3);
    expect(lines).toEqual(['error: test marked as failed', 'info: ran 0 t0', 'error: test marked as failed: 42', 'info: ran 1 t1', 'info: ran 2 t2', 'final error: test run was marked as failed']);
  });

  it('in the init context is a script error (107), as in k6', async () => {
    const { r, lines } = await run(`import exec from 'k6/execution';\nexec.test.fail('early');\nexport default function () {}\n`);
    expect(r.exitCode).toBe(107);
    expect(lines[0]).toMatch(/^(final )?error: GoError: execution\.test\.fail\(\) called outside of VU context\n\tat go\.k6\.io\/k6\/v2\/internal\/js\/modules\/k6\/execution\.\(\*ModuleInstance\)\.newTestInfo\.func2\.1 \(native\)\n\tat file:\/\/.*:2:15\n$/);
  });

  it('does not exist under --compat v0.49', async () => {
    const { r, lines } = await run(`import exec from 'k6/execution';\nexport const options = { iterations: 1 };\nexport default function () { console.log(typeof exec.test.fail); }\n`, 'v0.49');
    expect(r.exitCode).toBe(0);
    expect(lines).toEqual(['info: undefined']);
  });
});
