import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';
import type { K6Summary } from '../../src/core/k6-summary.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = K6_FIXTURES;

describe('fixture abort.js (ramping-vus, abortOnFail with delayAbortEval 1s)', () => {
  let server: TargetServer;
  let result: EngineRunResult;
  let elapsedMs = 0;
  const out = captureConsole();

  beforeAll(async () => {
    server = await startTargetServer();
    // Same script, pointed at our local target instead of the fixture's fixed port.
    const dir = mkdtempSync(join(tmpdir(), 'lg-abort-'));
    const script = join(dir, 'abort.js');
    writeFileSync(script, readFileSync(`${FIXTURES}/abort.js`, 'utf8').replace('http://127.0.0.1:18080', server.url));
    const t0 = Date.now();
    result = await runScript({ scriptPath: script, console: out.console });
    elapsedMs = Date.now() - t0;
  }, 30_000);
  afterAll(() => server.close());

  it('stops early with exit 99 and says why, like k6', () => {
    expect(result.exitCode).toBe(99);
    // The stages alone would take 5 s; the abort comes at the first evaluation after delayAbortEval (1 s).
    expect(result.summary.state.testRunDurationMs).toBeLessThan(4000);
    expect(elapsedMs).toBeGreaterThan(0);
    expect(out.lines.join('\n')).toContain("thresholds on metrics 'http_req_failed' were crossed; at least one has abortOnFail enabled");
    expect(result.summary.metrics.http_req_failed?.thresholds).toEqual({ 'rate<0.01': { ok: false } });
  });

  it('has the metric set k6 reported for the same script', () => {
    const k6 = JSON.parse(readFileSync(`${FIXTURES}/abort-summary-data.json`, 'utf8')) as K6Summary;
    expect(Object.keys(result.summary.metrics).sort()).toEqual(Object.keys(k6.metrics).sort());
    expect(result.handleSummaryOutput?.['abort-summary-data.json']).toBeDefined();
  });
});
