/**
 * k6's own distributed engine on this machine: three REAL k6 processes (found as the runner
 * finds k6: K6_PATH, else PATH), each with its --execution-segment of one
 * --execution-segment-sequence and the --out json file a k6-operator runner pod writes
 * (<pod>.points.ndjson), merged with `loadgate merge`, against one real k6 process running
 * the whole test. Request and iteration counts and threshold verdicts must be the whole
 * test's: exactly for shared-iterations and per-vu-iterations, within one arrival for the
 * arrival-rate executors (k6 itself may start one more or one fewer at the boundary).
 * Without k6 the test skips with a notice; with CI and LOADGATE_EXPECT_K6=1 it fails instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsFile } from '../../src/results/results.js';
import { runCli } from '../helpers/cli.js';
import { currentK6 } from '../helpers/real-k6.js';
import { startTargetServer, type TargetServer } from './helpers/target-server.js';

const script = fileURLToPath(new URL('./scripts/segmented-k6.js', import.meta.url));
const SEQUENCE = '0,1/3,2/3,1';
const SEGMENTS = ['0:1/3', '1/3:2/3', '2/3:1'];
/** The script's thresholds on sub-metrics: k6's --out json does not carry them, so merge is told (--threshold). */
const SUBMETRIC_THRESHOLDS = ['iterations{scenario:shared}=count==60', 'http_reqs{scenario:each}=count>=20', 'iterations{scenario:each}=count==20', 'iterations{scenario:rate}=count>=50', 'iterations{scenario:ramp}=count>=10'];

const k6 = currentK6(import.meta.url, 'the execution segments on real k6');

interface K6Exit {
  code: number;
  stderr: string;
}

function runK6(args: string[], cwd: string): Promise<K6Exit> {
  return new Promise((resolve) => {
    execFile(k6?.path ?? 'k6', ['run', '-q', ...args], { cwd, timeout: 120_000, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

/** k6's legacy --summary-export: per metric, its values and `thresholds: { expression: failed }`. */
type SummaryExport = { metrics: Record<string, { count?: number; thresholds?: Record<string, boolean> }> };

const count = (m: Record<string, { values: Record<string, number> }>, key: string): number => m[key]?.values.count ?? 0;

if (k6) {
  let server: TargetServer;
  beforeAll(async () => {
    server = await startTargetServer();
  });
  afterAll(() => server.close());

  describe(`three segmented ${k6.versionLine} processes, merged, against one whole-test process`, () => {
    it('give the whole test\'s request and iteration counts and threshold verdicts', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'loadgate-segments-k6-'));
      const base = ['-e', `BASE_URL=${server.url}`];
      const parts = await Promise.all(
        SEGMENTS.map((segment, i) => runK6([...base, '--execution-segment', segment, '--execution-segment-sequence', SEQUENCE, '--out', `json=runner-${i + 1}.points.ndjson`, script], dir)),
      );
      // Alone, each instance fails iterations count>=100 (about a third of ~155).
      expect(parts.map((p) => p.code), parts.map((p) => p.stderr).join('\n')).toEqual([99, 99, 99]);
      const whole = await runK6([...base, '--summary-export', 'whole-summary.json', script], dir);
      // The whole test passes count>=100 and fails http_reqs count<150.
      expect(whole.code, whole.stderr).toBe(99);
      const wholeSummary = JSON.parse(await readFile(join(dir, 'whole-summary.json'), 'utf8')) as SummaryExport;

      const thresholdFlags = SUBMETRIC_THRESHOLDS.flatMap((t) => ['--threshold', t]);
      const merge = await runCli(['merge', 'merged.json', 'runner-1.points.ndjson', 'runner-2.points.ndjson', 'runner-3.points.ndjson', ...thresholdFlags], { cwd: dir });
      expect(merge.stderr).toBe('');
      expect(merge.code).toBe(0);
      const merged = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8')) as ResultsFile;
      const rep = merged.scenarios[0]?.repetitions[0];
      const metrics = (rep?.summary.metrics ?? {}) as Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
      const wholeCount = (key: string): number => wholeSummary.metrics[key]?.count ?? 0;

      // Fixed by the executor: exactly the whole test's.
      for (const key of ['iterations{scenario:shared}', 'iterations{scenario:each}', 'http_reqs{scenario:each}']) {
        expect([key, count(metrics, key)]).toEqual([key, wholeCount(key)]);
      }
      expect(wholeCount('iterations{scenario:shared}')).toBe(60);
      expect(wholeCount('iterations{scenario:each}')).toBe(20);
      // Arrival rates: started arrivals (run or dropped) within one of the whole test's.
      for (const sc of ['rate', 'ramp']) {
        const started = (m: (k: string) => number) => m(`iterations{scenario:${sc}}`) + m(`dropped_iterations{scenario:${sc}}`);
        expect(Math.abs(started((k) => count(metrics, k)) - started(wholeCount)), sc).toBeLessThanOrEqual(1);
      }
      // One request per iteration, on both sides; totals within the arrival-rate slack.
      expect(count(metrics, 'http_reqs')).toBe(count(metrics, 'iterations'));
      expect(wholeCount('http_reqs')).toBe(wholeCount('iterations'));
      expect(Math.abs(count(metrics, 'iterations') - wholeCount('iterations'))).toBeLessThanOrEqual(2);

      // Every threshold the whole test judged has the same verdict on the merge (k6's summary-export says failed=true).
      const verdicts = (judge: (metric: string, expr: string) => boolean | undefined) =>
        Object.entries(wholeSummary.metrics).flatMap(([metric, m]) => Object.keys(m.thresholds ?? {}).map((expr) => `${metric}: ${expr} ${judge(metric, expr) ? 'ok' : 'failed'}`));
      const wholeVerdicts = verdicts((metric, expr) => wholeSummary.metrics[metric]?.thresholds?.[expr] === false);
      expect(wholeVerdicts).toContain('iterations: count>=100 ok');
      expect(wholeVerdicts).toContain('http_reqs: count<150 failed');
      expect(verdicts((metric, expr) => metrics[metric]?.thresholds?.[expr]?.ok)).toEqual(wholeVerdicts);
      // The merge's exit code is the whole test's: 99, thresholds crossed.
      expect(rep?.exitCode).toBe(whole.code);
    }, 180_000);
  });
}
