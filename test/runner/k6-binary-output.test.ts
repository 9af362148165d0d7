/** Reading what k6 writes: logfmt stderr lines, progress lines, damaged --out json files. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLineFromStderr, parseLogfmt, parseProgressLine, readK6JsonOutput } from '../../src/runner/k6-binary/index.js';
import { K6_FIXTURES } from './k6-standin.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-output-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('k6 log lines', () => {
  it('parses logfmt with quoted, escaped and bare values', () => {
    expect(parseLogfmt('time="2026-11-23T19:31:20Z" level=warning msg="Request Failed" error="Get \\"http://x\\": refused"')).toEqual({
      time: '2026-11-23T19:31:20Z',
      level: 'warning',
      msg: 'Request Failed',
      error: 'Get "http://x": refused',
    });
    expect(parseLogfmt('panic: runtime error: index out of range')).toBeNull();
    expect(parseLogfmt('goroutine 1 [running]:')).toBeNull();
  });

  it('keeps every warning and error line of the real k6 outputs as one line each; drops info', () => {
    const lines = readFileSync(join(K6_FIXTURES, 'abort-stdout.txt'), 'utf8').split('\n').filter((l) => l.startsWith('time='));
    expect(lines.map(errorLineFromStderr)).toContain("thresholds on metrics 'http_req_failed' were crossed; at least one has abortOnFail enabled, stopping test prematurely");
    expect(errorLineFromStderr('time="x" level=info msg="teardown healthy=true" source=console')).toBeNull();
    expect(errorLineFromStderr('time="x" level=error msg="boom"')).toBe('boom');
    expect(errorLineFromStderr('panic: oops')).toBe('panic: oops');
    // k6 v0.49 and v2.2 alike put a configuration error's reason on the message's next lines.
    expect(
      errorLineFromStderr(
        'time="2026-12-04T19:11:10Z" level=error msg="There were problems with the specified script configuration:\\n\\t- scenario warm-cache has configuration errors: the duration must be at least 1s, but is 700ms"',
      ),
    ).toBe('There were problems with the specified script configuration: - scenario warm-cache has configuration errors: the duration must be at least 1s, but is 700ms');
    expect(errorLineFromStderr('time="x" level=error msg="SyntaxError: file.js: Unexpected token (3:4)\\n  1 | a\\n> 3 | b"')).toBe('SyntaxError: file.js: Unexpected token (3:4)');
    expect(errorLineFromStderr('   ')).toBeNull();
  });

  it('reads the progress lines of a real non-TTY k6 run', () => {
    const progress = readFileSync(join(K6_FIXTURES, 'abort-stdout.txt'), 'utf8').split('\n').map(parseProgressLine).filter((p) => p !== null);
    expect(progress).toEqual([
      { elapsedMs: 1000, vus: 5, iterations: 14532, interruptedIterations: 0 },
      { elapsedMs: 2000, vus: 7, iterations: 34770, interruptedIterations: 2 },
      { elapsedMs: 2000, vus: 0, iterations: 34770, interruptedIterations: 9 },
    ]);
    expect(parseProgressLine('running (00m00.0s), 0/1 VUs, 3 complete and 0 interrupted iterations')?.elapsedMs).toBe(0);
    expect(parseProgressLine('running (1h02m03.5s), 0/1 VUs, 3 complete and 0 interrupted iterations')?.elapsedMs).toBe(3_723_500);
    expect(parseProgressLine('default ✓ [ 100% ] 1 VUs')).toBeNull();
  });
});

describe('readK6JsonOutput on damaged files', () => {
  const gz = readFileSync(join(K6_FIXTURES, 'points.ndjson.gz'));

  it('keeps what was read before a truncated gzip (k6 killed) and says where it stopped', async () => {
    const file = join(dir, 'truncated.ndjson.gz');
    await writeFile(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const out = await readK6JsonOutput(file);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatch(/truncated\.ndjson\.gz: read stopped after line \d+: unexpected end of file/);
    const count = hdr.decodeFromCompressedBase64(out.histograms['http_req_duration']!).totalCount;
    expect(count).toBeGreaterThan(0);
    expect(count).toBe(out.pointCounts['http_req_duration']);
  });

  it('reports bad lines with their number and counts them', async () => {
    const file = join(dir, 'bad.ndjson');
    const good = '{"type":"Metric","data":{"name":"t","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"t"}';
    const point = (v: number): string => `{"metric":"t","type":"Point","data":{"time":"2026-11-23T19:30:56.5Z","value":${v},"tags":{}}}`;
    await writeFile(file, [good, point(1.5), 'garbage', '{"metric":"u","type":"Point","data":{"time":"2026-11-23T19:30:56Z","value":1,"tags":{}}}', point(-2), ''].join('\n'));
    const out = await readK6JsonOutput(file);
    expect(out.problems).toEqual(['line 3: not JSON: garbage', '2 unusable lines in all']);
    expect(out.pointCounts).toEqual({ t: 2 });
    const h = hdr.decodeFromCompressedBase64(out.histograms['t']!);
    expect([h.totalCount, h.minNonZeroValue, h.maxValue]).toEqual([2, 1500, 1500]);
  });

  it('reports a missing file instead of hanging', async () => {
    const out = await readK6JsonOutput(join(dir, 'missing.ndjson.gz'));
    expect(out.problems[0]).toMatch(/ENOENT/);
    expect(out.histograms).toEqual({});
  });

  it('reads gzip and plain copies of the real file alike', async () => {
    const plain = join(dir, 'points.ndjson');
    await writeFile(plain, gunzipSync(gz));
    const a = await readK6JsonOutput(plain);
    const b = await readK6JsonOutput(join(K6_FIXTURES, 'points.ndjson.gz'));
    expect(a).toEqual(b);
    expect(b.problems).toEqual([]);
  });
});
