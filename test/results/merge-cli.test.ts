/** The real CLI (bin over dist/): `loadgate merge` and `loadgate compare` with several files per side. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsFile } from '../../src/results/results.js';
import { runCli } from '../helpers/cli.js';
import { gate, repsOf, run, scenario } from '../compare/results-builder.js';
import { BENCHSTAT_FIXTURES, K6_FIXTURES } from '../helpers/fixtures.js';

const K6 = K6_FIXTURES;
const BENCH = BENCHSTAT_FIXTURES;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-merge-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadgate merge', () => {
  it('merges instance outputs into a new file, and refuses to overwrite it without --force', async () => {
    const out = join(dir, 'merged.json');
    const points = join(K6, 'points.ndjson.gz');
    const first = await runCli(['merge', out, points, points], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('imported: 1 repetition(s), 1464 requests; thresholds failing on the merged numbers: http_req_failed rate<0.01');
    const merged = JSON.parse(await readFile(out, 'utf8')) as ResultsFile;
    expect(merged.scenarios[0]?.repetitions[0]?.summary.metrics.http_reqs?.values.count).toBe(1464);
    const again = await runCli(['merge', out, points, points], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`loadgate: ${out} already exists; pass --force to replace it\n`);
    const forced = await runCli(['merge', '--force', out, points, points, points], { cwd: dir });
    expect(forced.code).toBe(0);
    expect((JSON.parse(await readFile(out, 'utf8')) as ResultsFile).scenarios[0]?.repetitions[0]?.summary.metrics.http_reqs?.values.count).toBe(2196);
  });

  it('judges sub-metric thresholds given with --threshold (k6 --out json does not list them), and names bad ones', async () => {
    const points = join(K6, 'points.ndjson.gz');
    const out = join(dir, 'merged-sub.json');
    // The script's own http_req_duration{scenario:arrivals} p(95)<300 holds; a 0.001 ms bound cannot.
    const r = await runCli(
      ['merge', out, points, points, '--threshold', 'http_req_duration{scenario:arrivals}=p(95)<300', '--threshold', 'http_req_duration{scenario:arrivals}=p(95)<0.001'],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('thresholds failing on the merged numbers: http_req_failed rate<0.01, http_req_duration{scenario:arrivals} p(95)<0.001');
    const merged = JSON.parse(await readFile(out, 'utf8')) as ResultsFile;
    expect(merged.scenarios[0]?.repetitions[0]?.summary.metrics['http_req_duration{scenario:arrivals}']?.thresholds).toEqual({
      'p(95)<300': { ok: true },
      'p(95)<0.001': { ok: false },
    });
    const syntax = await runCli(['merge', join(dir, 'x.json'), points, points, '--threshold', 'http_req_duration=p(95)<<3'], { cwd: dir });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/invalid threshold "p\(95\)<<3"/);
    const misfit = await runCli(['merge', join(dir, 'x.json'), points, points, '--threshold', 'http_reqs=p(95)<3'], { cwd: dir });
    expect(misfit.code).toBe(2);
    expect(misfit.stderr).toContain('invalid threshold "p(95)<3": `p(95)` does not apply to http_reqs, a counter metric; use count, rate');
    const form = await runCli(['merge', join(dir, 'x.json'), points, points, '--threshold', 'p(95)<3'], { cwd: dir });
    expect(form.code).toBe(2);
    expect(form.stderr).toMatch(/--threshold must be METRIC=EXPRESSION/);
    const absent = await runCli(['merge', join(dir, 'x.json'), points, points, '--threshold', 'http_req_duration{scenario:nope}=p(95)<3'], { cwd: dir });
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/no metric "http_req_duration\{scenario:nope\}" in the merged data; merged metrics of that name: http_req_duration, http_req_duration\{/);
  });

  it('exits 2 naming the bad input, or when there is nothing to merge', async () => {
    const out = join(dir, 'never.json');
    const missing = join(dir, 'missing.ndjson');
    const r = await runCli(['merge', out, join(K6, 'points.ndjson.gz'), missing], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${missing}: cannot read: ENOENT`);
    const one = await runCli(['merge', out, join(K6, 'points.ndjson.gz')], { cwd: dir });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/at least two instance outputs/);
    const summaries = await runCli(['merge', out, join(K6, 'handle-summary-data.json'), join(K6, 'handle-summary-data.json')], { cwd: dir });
    expect(summaries.code).toBe(2);
    expect(summaries.stderr).toMatch(/has values but no HDR histogram/);
  });
});

describe('loadgate compare with several files per side', () => {
  it('treats the files of a side as repetitions: 3 vs 3 cannot show a regression, 6 vs 6 does', async () => {
    const g = [gate('http_req_duration', 'p(95)', 'lower')];
    const write = async (name: string, values: number[]) => {
      const file = join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify(run(name, [scenario('api', repsOf('http_req_duration', 'p(95)', values), { gating: g })])));
      return file;
    };
    const [b1, b2, h1, h2] = await Promise.all([write('b1', [10, 11, 9]), write('b2', [10.5, 9.5, 10]), write('h1', [20, 21, 19]), write('h2', [20.5, 19.5, 20])]);
    const small = await runCli(['compare', b1, h1], { cwd: dir });
    expect(small.code).toBe(0);
    expect(small.stdout).toMatch(/http_req_duration p\(95\) .*\+100\.00%\s+p=0\.100\s+insufficient data/);
    const joined = await runCli(['compare', '--base', b1, b2, '--head', h1, h2], { cwd: dir });
    expect(joined.stderr).toBe('');
    expect(joined.code).toBe(1);
    expect(joined.stdout).toMatch(/api: http_req_duration p\(95\) regressed against the baseline \+100\.0%/);
  });

  it('compares foreign files: k6 summaries judged on their own thresholds', async () => {
    const r = await runCli(['compare', '--format', 'json', join(K6, 'summary-export.json'), join(K6, 'handle-summary-data.json')], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { banner: { reasons: string[] } };
    expect(report.banner.reasons).toEqual(['imported: threshold http_req_failed rate<0.01 failed (measured 0.39617486338797814, median over repetitions)']);
  });

  it('keeps benchstat byte-for-byte with --base/--head, and rejects ambiguous arguments', async () => {
    const r = await runCli(['compare', '--base', 'old.txt', '--head', 'new.txt'], { cwd: BENCH });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await readFile(join(BENCH, 'oldNew.stdout'), 'utf8'));
    const one = await runCli(['compare', 'old.txt'], { cwd: BENCH });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/compare takes BASE HEAD \(two files\), got 1; for several files per side use --base/);
    const half = await runCli(['compare', '--base', 'old.txt'], { cwd: BENCH });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/give both --base and --head/);
  });
});
