/**
 * Execution segments in the running engine: VU-count executors split across
 * instances, exec.vu.idInTest unique across them, and invalid segments refused
 * with k6's exit 104 naming the value.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { K6ExitCode } from '../../src/core/errors.js';
import { captureConsole, startTargetServer, type TargetServer } from './helpers/target-server.js';

const THIRDS = '0,1/3,2/3,1';
let server: TargetServer;
const seen: Array<{ inst: string; sc: string; vu: number }> = [];

beforeAll(async () => {
  server = await startTargetServer((req) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    if (q.has('inst')) seen.push({ inst: q.get('inst') as string, sc: q.get('sc') as string, vu: Number(q.get('vu')) });
    return false;
  });
});
afterAll(() => server.close());

const quiet = () => captureConsole().console;

describe('segmented VU executors', () => {
  it('splits constant-vus 3,2,2 and ramping-vus 2,2,2; the VUs of all instances are the unsegmented ones', async () => {
    const script = fileURLToPath(new URL('./scripts/segmented-vus.js', import.meta.url));
    const segments = ['0:1/3', '1/3:2/3', '2/3:1'];
    const vusMax: Array<number | undefined> = [];
    const results = await Promise.all(
      segments.map((segment, i) =>
        runScript({ scriptPath: script, env: { BASE_URL: server.url, INSTANCE: String(i) }, executionSegment: segment, executionSegmentSequence: THIRDS, console: quiet(), onProgress: (p) => (vusMax[i] = p.vusMax) }),
      ),
    );
    for (const r of results) expect(r.exitCode).toBe(K6ExitCode.ok);
    // vus_max (the progress line's initialized VUs): each instance initializes its share of both scenarios only.
    expect(vusMax).toEqual([5, 4, 4]);
    const idsOf = (inst: string, sc: string) => [...new Set(seen.filter((s) => s.inst === inst && s.sc === sc).map((s) => s.vu))].sort((a, b) => a - b);
    // VU ids are numbered across scenarios as in the whole test (steady 1-7, ramp 8-13); each instance holds its stripes.
    expect(['0', '1', '2'].map((i) => idsOf(i, 'steady'))).toEqual([[1, 4, 7], [2, 5], [3, 6]]);
    expect(['0', '1', '2'].map((i) => idsOf(i, 'ramp'))).toEqual([[10, 13], [8, 11], [9, 12]]);
  }, 30_000);
});

describe('invalid segments: exit 104 naming the value', () => {
  let script: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-segments-'));
    script = join(dir, 'one.js');
    await writeFile(script, "export const options = { iterations: 1 };\nexport default function () {}\n");
  });

  it.each([
    [{ executionSegment: 'abc' }, 'options.executionSegment: "abc" is invalid: "abc" is not a percentage, decimal or fraction; use start:end'],
    [{ executionSegment: '2/3:1/3' }, 'options.executionSegment: "2/3:1/3" is invalid: the start 2/3 must be less than the end 1/3'],
    [{ executionSegment: '1/4:1/2', executionSegmentSequence: THIRDS }, "provided segment 1/4:1/2 can't be found in sequence 0,1/3,2/3,1"],
    [{ executionSegment: '0:1/3', executionSegmentSequence: '0;1/3;1' }, 'options.executionSegmentSequence: "0;1/3;1" is invalid'],
  ])('%j', async (segmentation, message) => {
    const r = await runScript({ scriptPath: script, ...segmentation, console: quiet() });
    expect(r.exitCode).toBe(K6ExitCode.invalidConfig);
    expect(r.errors.join('\n')).toContain(message);
  });

  it("reads the script's options.executionSegment, and refuses one that is not a string", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-segments-'));
    const bad = join(dir, 'bad.js');
    await writeFile(bad, "export const options = { executionSegment: 0.5 };\nexport default function () {}\n");
    const r = await runScript({ scriptPath: bad, console: quiet() });
    expect(r.exitCode).toBe(K6ExitCode.invalidConfig);
    // In k6's words: Go's decoder cannot put a number into the segment.
    expect(r.errors.join('\n')).toContain('parsing options from script got error while parsing "\\"executionSegment\\": 0.5": json: cannot unmarshal number into Go struct field Options.executionSegment of type *lib.ExecutionSegment');
    const good = join(dir, 'good.js');
    await writeFile(good, "export const options = { executionSegment: '0:1/2', scenarios: { s: { executor: 'shared-iterations', vus: 2, iterations: 10 } } };\nexport default function () {}\n");
    const half = await runScript({ scriptPath: good, console: quiet() });
    expect(half.exitCode).toBe(K6ExitCode.ok);
    expect(half.summary.metrics.iterations?.values.count).toBe(5);
    expect(half.warnings.join('\n')).toContain('execution segment 0:1/2 in 0,1/2,1 without an execution segment sequence: give every instance the same --execution-segment-sequence');
    // The engine option wins over the script's, as k6's flag does.
    const whole = await runScript({ scriptPath: good, executionSegment: '0:1', console: quiet() });
    expect(whole.summary.metrics.iterations?.values.count).toBe(10);
  });
});
