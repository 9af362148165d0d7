/** Importers: real k6 v0.49 outputs, a real autocannon run, benchstat's Go test data; damaged files. */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns, judgeThresholds } from '../../src/compare/index.js';
import { detectInput, IMPORTED_SCENARIO, loadInputs } from '../../src/results/importers/index.js';
import { InputFileError, UsageError } from '../../src/core/errors.js';
import type { K6Summary } from '../../src/core/k6-summary.js';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import type { ResultsFile } from '../../src/results/results.js';
import { run, scenario, repsOf } from '../compare/results-builder.js';
import { BENCHSTAT_FIXTURES, K6_FIXTURES } from '../helpers/fixtures.js';

const K6 = K6_FIXTURES;
const BENCH = BENCHSTAT_FIXTURES;
const pexec = promisify(execFile);

let dir: string;
let reference: K6Summary;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-importers-'));
  reference = JSON.parse(await readFile(join(K6, 'handle-summary-data.json'), 'utf8')) as K6Summary;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const only = (r: ResultsFile) => {
  expect(r.scenarios).toHaveLength(1);
  const rep = r.scenarios[0]?.repetitions[0];
  if (!rep) throw new Error('no repetition');
  return rep;
};

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('detection by content', () => {
  it('tells every fixture kind apart, also without a telling name', async () => {
    const kinds = await Promise.all(
      ['handle-summary-data.json', 'summary-export.json', 'points.ndjson.gz'].map(async (f) => (await detectInput(join(K6, f))).kind),
    );
    expect(kinds).toEqual(['k6-handle-summary', 'k6-summary-export', 'k6-json-lines']);
    const noName = join(dir, 'points-without-extension');
    await copyFile(join(K6, 'points.ndjson.gz'), noName);
    expect(await detectInput(noName)).toEqual({ kind: 'k6-json-lines', gzip: true });
    const plain = join(dir, 'points.txt');
    await writeFile(plain, gunzipSync(await readFile(join(K6, 'points.ndjson.gz'))));
    expect(await detectInput(plain)).toEqual({ kind: 'k6-json-lines', gzip: false });
    expect((await detectInput(join(BENCH, 'old.txt'))).kind).toBe('go-bench');
  });

  it('names the file and the line of truncated JSON, and rejects unknown JSON by its keys', async () => {
    const text = await readFile(join(K6, 'handle-summary-data.json'), 'utf8');
    const cut = join(dir, 'cut.json');
    await writeFile(cut, text.slice(0, 2000));
    const err = await rejection(loadInputs([cut]));
    expect(err).toBeInstanceOf(InputFileError);
    expect(err.message).toMatch(/cut\.json: not valid JSON at line \d+ \(/);
    const other = join(dir, 'other.json');
    await writeFile(other, '{"hello": 1}');
    expect((await rejection(loadInputs([other]))).message).toMatch(/other\.json: unrecognised JSON \(keys: hello\)/);
    expect((await rejection(loadInputs([join(dir, 'missing.json')]))).message).toMatch(/missing\.json: cannot read: ENOENT/);
    expect(await rejection(loadInputs([]))).toBeInstanceOf(UsageError);
  });
});

describe('k6 handleSummary data', () => {
  it('becomes one repetition carrying the summary as is; its thresholds become target thresholds', async () => {
    const r = await loadInputs([join(K6, 'handle-summary-data.json')]);
    const rep = only(r);
    expect(rep.summary.metrics).toEqual(reference.metrics);
    expect(rep.durationMs).toBe(reference.state.testRunDurationMs);
    expect(rep.exitCode).toBe(99); // http_req_failed rate<0.01 failed in the real run
    expect(r).toMatchObject({ profile: 'imported', engine: { name: 'k6' }, complete: true, target: { kind: 'external' } });
    expect(r.environment.nodeVersion).toBe(process.version);
    expect(String(r.target.options?.note)).toMatch(/machine that imported/);
    const verdicts = judgeThresholds(r.scenarios[0] as never);
    expect(verdicts.filter((v) => v.verdict === 'fail').map((v) => `${v.metric} ${v.expression}`)).toEqual(['http_req_failed rate<0.01']);
    expect(verdicts).toHaveLength(8);
  });

  it('rejects a metric without a valid type, naming the key', async () => {
    const bad = structuredClone(reference) as unknown as { metrics: Record<string, { type: string }> };
    (bad.metrics.http_reqs as { type: string }).type = 'histogram';
    const file = join(dir, 'bad-type.json');
    await writeFile(file, JSON.stringify(bad));
    expect((await rejection(loadInputs([file]))).message).toBe(`${file} (metrics["http_reqs"].type): expected counter, gauge, rate or trend, found "histogram"`);
    await writeFile(file, JSON.stringify({ ...reference, root_group: { name: '', groups: {} } }));
    expect((await rejection(loadInputs([file]))).message).toBe(`${file} (root_group): expected groups and checks arrays (k6 handleSummary data)`);
  });
});

describe('k6 --summary-export', () => {
  it('maps the lossy legacy file back to the handleSummary shape, inverting its threshold flags', async () => {
    const rep = only(await loadInputs([join(K6, 'summary-export.json')]));
    expect(Object.keys(rep.summary.metrics).sort()).toEqual(Object.keys(reference.metrics).sort());
    for (const [name, m] of Object.entries(reference.metrics)) {
      const got = rep.summary.metrics[name];
      expect(got?.type, name).toBe(m.type);
      expect(got?.values, name).toEqual(m.values);
      // `true` in the export means the threshold failed: after inversion the verdicts equal handleSummary's.
      expect(got?.thresholds, name).toEqual(m.thresholds);
      if (name !== 'item_latency') expect(got?.contains, name).toBe(m.contains); // a custom time Trend cannot be told from the export
    }
    expect(rep.summary.metrics.http_req_failed?.thresholds).toEqual({ 'rate<0.01': { ok: false } });
    expect(rep.durationMs).toBeCloseTo(reference.state.testRunDurationMs, 6); // iterations count / rate
    expect(rep.summary.root_group).toEqual(reference.root_group);
    expect(rep.exitCode).toBe(99);
  });

  it('rejects a metric whose type cannot be told, naming it', async () => {
    const file = join(dir, 'export-bad.json');
    await writeFile(file, JSON.stringify({ root_group: {}, metrics: { odd: { foo: 1 } } }));
    expect((await rejection(loadInputs([file]))).message).toMatch(/export-bad\.json \(metrics\["odd"\]\): cannot tell the metric type/);
    await writeFile(file, JSON.stringify({ metrics: { iterations: { count: 'x', rate: 1 } } }));
    expect((await rejection(loadInputs([file]))).message).toMatch(/\(metrics\["iterations"\]\.count\): expected a number, found "x"/);
  });
});

describe('k6 --out json lines', () => {
  it('rebuilds the real run summary from its points: exact counts, sums and extremes, HDR percentiles', async () => {
    const rep = only(await loadInputs([join(K6, 'points.ndjson.gz')]));
    const m = rep.summary.metrics;
    const ref = reference.metrics;
    for (const counter of ['http_reqs', 'iterations', 'data_sent', 'data_received', 'synced_records']) {
      expect(m[counter]?.values.count, counter).toBe(ref[counter]?.values.count);
      // Rate over first-to-last point (4003 ms) instead of k6's 4004.4 ms run.
      expect(Math.abs((m[counter]?.values.rate as number) / (ref[counter]?.values.rate as number) - 1), counter).toBeLessThan(0.001);
    }
    for (const rate of ['http_req_failed', 'checks', 'cache_hit_rate']) expect(m[rate]?.values, rate).toEqual(ref[rate]?.values);
    for (const gauge of ['vus', 'vus_max', 'queue_depth']) expect(m[gauge]?.values, gauge).toEqual(ref[gauge]?.values);
    for (const trend of ['http_req_duration', 'http_req_waiting', 'iteration_duration', 'http_req_duration{expected_response:true}']) {
      for (const stat of ['avg', 'min', 'max']) expect(m[trend]?.values[stat], `${trend} ${stat}`).toBeCloseTo(ref[trend]?.values[stat] as number, 9);
    }
    for (const stat of ['med', 'p(90)', 'p(95)', 'p(99)']) {
      // HDR keeps 3 significant digits; k6 interpolates between samples.
      expect(Math.abs((m.http_req_duration?.values[stat] as number) / (ref.http_req_duration?.values[stat] as number) - 1), stat).toBeLessThan(0.02);
    }
    expect(rep.summary.root_group).toEqual(reference.root_group);
    expect(m.http_req_failed?.thresholds).toEqual({ 'rate<0.01': { ok: false } });
    expect(m.synced_records?.thresholds).toEqual({ 'count>10': { ok: true } });
    expect(rep.exitCode).toBe(99);
    expect(Object.keys(rep.histograms)).toContain('http_req_duration{scenario:arrivals}');
    expect(rep.timeSeries?.length).toBeGreaterThanOrEqual(4);
  });

  it('reads the plain file like the gzipped one', async () => {
    const plain = join(dir, 'points.ndjson');
    await writeFile(plain, gunzipSync(await readFile(join(K6, 'points.ndjson.gz'))));
    const [a, b] = await Promise.all([loadInputs([plain]), loadInputs([join(K6, 'points.ndjson.gz')])]);
    expect(only(a).summary).toEqual(only(b).summary);
    expect(only(a).histograms).toEqual(only(b).histograms);
  });

  it('names the line of a bad record and the point where a truncated gzip stops', async () => {
    const lines = gunzipSync(await readFile(join(K6, 'points.ndjson.gz'))).toString('utf8').split('\n');
    const bad = join(dir, 'bad-line.ndjson');
    await writeFile(bad, [...lines.slice(0, 4), '{"type":"Point","metric":"http_reqs","data":{"time":"2026', ...lines.slice(4, 10)].join('\n'));
    const err = await rejection(loadInputs([bad]));
    expect(err).toBeInstanceOf(InputFileError);
    expect(err.message).toMatch(/^.*bad-line\.ndjson \(line 5\): line 5: not JSON/);
    const gz = await readFile(join(K6, 'points.ndjson.gz'));
    const truncated = join(dir, 'truncated.ndjson.gz');
    await writeFile(truncated, gz.subarray(0, Math.floor(gz.length / 2)));
    expect((await rejection(loadInputs([truncated]))).message).toMatch(/truncated\.ndjson\.gz \(line \d+\): .*read stopped after line \d+: unexpected end of file/);
    const empty = join(dir, 'metrics-only.ndjson');
    await writeFile(empty, `${lines[0]}\n`);
    expect((await rejection(loadInputs([empty]))).message).toMatch(/no k6 Point records/);
  });

  it('makes several files of one side repetitions of one scenario', async () => {
    const r = await loadInputs([join(K6, 'points.ndjson.gz'), join(K6, 'handle-summary-data.json'), join(K6, 'summary-export.json')]);
    expect(r.scenarios.map((s) => [s.name, s.file])).toEqual([[IMPORTED_SCENARIO, join(K6, 'points.ndjson.gz')]]);
    expect(r.scenarios[0]?.repetitions.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(r.scenarios[0]?.repetitions.map((x) => x.summary.metrics.http_reqs?.values.count)).toEqual([732, 732, 732]);
    // The sub-metric threshold is only in the summaries (k6 does not list it in --out json), so the union has all 8.
    expect(r.scenarios[0]?.thresholds).toHaveLength(8);
  });
});

describe('autocannon --json', () => {
  it('imports a real 1 s autocannon run against a local server (every 10th request answered 500)', async () => {
    let served = 0;
    let failed = 0;
    const server = http.createServer((_req, res) => {
      served++;
      if (served % 10 === 0) {
        failed++;
        res.writeHead(500).end('no');
      } else res.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const bin = join(PACKAGE_ROOT, 'node_modules', 'autocannon', 'autocannon.js');
      const { stdout } = await pexec(process.execPath, [bin, '--json', '-d', '1', '-c', '2', url], { timeout: 20_000, maxBuffer: 1 << 20 });
      const file = join(dir, 'autocannon.json');
      await writeFile(file, stdout);
      const raw = JSON.parse(stdout) as { requests: { total: number; average: number }; non2xx: number; errors: number; latency: Record<string, number> };
      const r = await loadInputs([file]);
      const m = only(r).summary.metrics;
      expect(r.engine.name).toBe('autocannon');
      expect(r.target.url).toBe(url);
      expect(m.http_reqs?.values).toEqual({ count: raw.requests.total, rate: raw.requests.average });
      expect(raw.requests.total).toBeGreaterThan(0);
      expect(raw.requests.total).toBeLessThanOrEqual(served);
      expect(m.http_req_failed?.values.passes).toBe(raw.non2xx + raw.errors);
      expect(raw.non2xx).toBeLessThanOrEqual(failed);
      expect(m.http_req_failed?.values.rate).toBeCloseTo((raw.non2xx + raw.errors) / (raw.requests.total + raw.errors), 12);
      expect(m.http_req_failed?.values.rate).toBeGreaterThan(0.05);
      expect(m.http_req_duration?.values).toMatchObject({ med: raw.latency.p50, 'p(97.5)': raw.latency.p97_5, 'p(99)': raw.latency.p99, max: raw.latency.max });
      expect(r.scenarios[0]?.gating.map((g) => `${g.metric} ${g.stat}`)).toContain('http_req_duration p(97.5)');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 30_000);

  it('rejects autocannon output without request totals, naming the key', async () => {
    const file = join(dir, 'ac-bad.json');
    await writeFile(file, JSON.stringify({ duration: 1, latency: { average: 1, min: 1, max: 1, p50: 1 }, requests: { average: 3 } }));
    expect((await rejection(loadInputs([file]))).message).toBe(`${file} (requests.total): expected a number, found undefined`);
  });
});

describe('Go benchmark text', () => {
  it('gives one scenario per benchmark and one repetition per line; compared, it agrees with benchstat', async () => {
    const [base, head] = await Promise.all([loadInputs([join(BENCH, 'old.txt')]), loadInputs([join(BENCH, 'new.txt')])]);
    expect(base.engine.name).toBe('go-test');
    expect(base.scenarios.map((s) => [s.name, s.repetitions.length])).toEqual([
      ['Encode/format=json-48', 10],
      ['Encode/format=gob-48', 10],
    ]);
    expect(base.scenarios[0]?.repetitions[0]?.summary.metrics.sec_per_op?.values.med).toBeCloseTo(1726e-9, 18);
    const cmp = compareRuns(base, head, { correction: 'none' });
    const json = cmp.scenarios[0]?.metrics[0];
    const gob = cmp.scenarios[1]?.metrics[0];
    // benchstat old.txt new.txt: 1.718µ ± 1%  1.423µ ± 1%  -17.20% (p=0.000 n=10); gob ~ (p=0.446 n=10)
    expect([json?.base?.center, json?.head?.center].map((c) => ((c as number) * 1e6).toFixed(3))).toEqual(['1.718', '1.423']);
    expect(json?.deltaPct?.toFixed(2)).toBe('-17.20');
    expect(json?.verdict).toBe('improved');
    expect(gob?.p?.toFixed(3)).toBe('0.446');
    expect(gob?.verdict).toBe('unchanged');
  });

  it('keeps a zero ns/op in the sec/op metric (benchstat would give it an ns/op table of its own)', async () => {
    const file = join(dir, 'zero-bench.txt');
    await writeFile(file, 'BenchmarkZ 1 0 ns/op\nBenchmarkZ 1 5 ns/op\n');
    const imported = await loadInputs([file]);
    expect(imported.scenarios[0]?.gating.map((g) => g.metric)).toEqual(['sec_per_op']);
    expect(imported.scenarios[0]?.repetitions.map((r) => Object.keys(r.summary.metrics))).toEqual([['sec_per_op'], ['sec_per_op']]);
  });

  it('joins several files of one side, and names the malformed line', async () => {
    const both = await loadInputs([join(BENCH, 'old.txt'), join(BENCH, 'new.txt')]);
    expect(both.scenarios.map((s) => s.repetitions.length)).toEqual([20, 20]);
    const file = join(dir, 'bad-bench.txt');
    await writeFile(file, 'goos: linux\nBenchmarkA-8 100 12 ns/op\nBenchmarkA-8 100 twelve ns/op\n');
    expect((await rejection(loadInputs([file]))).message).toBe(`${file} (line 3): parsing measurement: invalid syntax "twelve"; expected \`BenchmarkName  <iterations>  <value> <unit> …\``);
    await writeFile(file, 'nothing here\n');
    expect((await rejection(loadInputs([file]))).message).toMatch(/no benchmark results/);
  });
});

describe('loadgate results files', () => {
  it('concatenates the repetitions of several files per scenario; refuses other environments and mixed kinds', async () => {
    const a = run('a', [scenario('baseline', repsOf('http_req_duration', 'p(95)', [1, 2]))]);
    const b = run('b', [scenario('baseline', repsOf('http_req_duration', 'p(95)', [3])), scenario('peak', repsOf('http_req_duration', 'p(95)', [9]))]);
    const [fa, fb, fc] = ['a.json', 'b.json', 'c.json'].map((f) => join(dir, f)) as [string, string, string];
    await writeFile(fa, JSON.stringify(a));
    await writeFile(fb, JSON.stringify(b));
    const one = await loadInputs([fa]);
    expect(one).toEqual(a);
    const joined = await loadInputs([fa, fb]);
    expect(joined.runId).toBe('a+1');
    expect(joined.scenarios.map((s) => [s.name, s.repetitions.map((r) => [r.index, r.summary.metrics.http_req_duration?.values['p(95)']])])).toEqual([
      ['baseline', [[0, 1], [1, 2], [2, 3]]],
      ['peak', [[0, 9]]],
    ]);
    await writeFile(fc, JSON.stringify(run('c', a.scenarios, 'env-other')));
    expect((await rejection(loadInputs([fa, fc]))).message).toMatch(/c\.json \(environment\.fingerprint\): measured on another machine kind/);
    const mixed = await rejection(loadInputs([fa, join(K6, 'summary-export.json')]));
    expect(mixed).toBeInstanceOf(UsageError);
    expect(mixed.message).toMatch(/a\.json is a loadgate results file but .*summary-export\.json is k6-summary-export output/);
    const tools = await rejection(loadInputs([join(K6, 'summary-export.json'), join(BENCH, 'old.txt')]));
    expect(tools.message).toMatch(/come from different tools/);
    await writeFile(fa, gzipSync('x')); // gzip but not k6 lines
    expect(await rejection(loadInputs([fa]))).toBeInstanceOf(InputFileError);
  });
});
