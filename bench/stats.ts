/**
 * The comparator's own benchmark: how often the gate cries wolf on unchanged code
 * (A/A), how often it catches a real slowdown (power), and how fast it compares.
 *
 * npx esbuild bench/stats.ts --bundle --platform=node --format=esm --packages=external \
 *   --outfile=.loadgate/bench/stats.mjs && node .loadgate/bench/stats.mjs
 *
 * Samples are simulated (seeded PRNG): each repetition's value is
 * center · exp(noise · Z), Z standard normal, i.e. ~noise relative spread, like the
 * run-to-run scatter of a p(95).
 *
 * First, the importer: a 1,000,000-line k6 `--out json` file (generated in a temp dir,
 * plain and gzipped) streamed through loadInputs, with time and peak RSS.
 * Env: K6_JSON_LINES (default 1000000).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { loadInputs } from '../src/results/importers/index.js';
import { compareRuns } from '../src/compare/compare-runs.js';
import { mannWhitneyU } from '../src/stats/mann-whitney.js';
import type { Correction } from '../src/compare/model.js';
import type { GatingMetric, ResultsFile, ScenarioResult } from '../src/results/results.js';
import { seededRandom } from '../src/core/random.js';

function gaussian(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function makeRun(id: string, metrics: number, reps: number, noise: number, factorOf: (metric: number) => number, rand: () => number, minEffectPct = 5): ResultsFile {
  const gating: GatingMetric[] = Array.from({ length: metrics }, (_, i) => ({ metric: `m${i}`, stat: 'p(95)', direction: 'lower', minEffectPct, gate: true }));
  const scenario: ScenarioResult = {
    name: 'sim',
    file: 'scenarios/sim.ts',
    thresholds: [],
    gating,
    repetitions: Array.from({ length: reps }, (_, r) => ({
      index: r,
      startedAt: '2024-01-01T00:00:00.000Z',
      durationMs: 1000,
      exitCode: 0,
      errors: [],
      histograms: {},
      summary: {
        root_group: { name: '', path: '', id: '', groups: [], checks: [] },
        options: { summaryTrendStats: ['p(95)'], summaryTimeUnit: '', noColor: true },
        state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 1000 },
        metrics: Object.fromEntries(
          gating.map((g, i) => [g.metric, { type: 'trend', contains: 'time', values: { 'p(95)': 100 * factorOf(i) * Math.exp(noise * gaussian(rand)) } }]),
        ),
      },
    })),
  };
  return {
    schema: 1,
    runId: id,
    createdAt: '2024-01-01T00:00:00.000Z',
    profile: 'bench',
    complete: true,
    engine: { name: 'embedded', version: 'bench' },
    environment: { gitSha: null, gitBranch: null, nodeVersion: process.version, os: 'sim', cpuModel: 'sim', cores: 1, memoryBytes: 0, fingerprint: 'sim' },
    target: { url: 'sim', kind: 'external' },
    scenarios: [scenario],
  };
}

interface Trial {
  runs: number;
  metrics: number;
  reps: number;
  noise: number;
  /** Relative slowdown of metric 0 in head (1 = A/A). */
  shift: number;
  correction: Correction;
  /** Noise floor of every metric. @default 5 */
  minEffectPct?: number;
}

/** Fraction of simulated runs whose gate fails, and of those that flag metric 0 as regressed. */
function simulate(t: Trial, seed: number): { gateFailRate: number; metric0Regressed: number; anyRawSignificant: number } {
  const rand = seededRandom(seed);
  let fails = 0;
  let caught = 0;
  let rawHits = 0;
  for (let i = 0; i < t.runs; i++) {
    const base = makeRun('b', t.metrics, t.reps, t.noise, () => 1, rand, t.minEffectPct);
    const head = makeRun('h', t.metrics, t.reps, t.noise, (m) => (m === 0 ? t.shift : 1), rand, t.minEffectPct);
    const c = compareRuns(base, head, { correction: t.correction });
    if (c.verdict === 'fail') fails++;
    const ms = c.scenarios[0]?.metrics ?? [];
    if (ms[0]?.verdict === 'regressed') caught++;
    if (ms.some((m) => (m.p ?? 1) <= 0.05)) rawHits++;
  }
  return { gateFailRate: fails / t.runs, metric0Regressed: caught / t.runs, anyRawSignificant: rawHits / t.runs };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

function falseAlarms(): void {
  console.log('A/A false alarms: 20 gating metrics, 6 repetitions per side, 3 % noise, 4000 simulated runs');
  for (const minEffectPct of [5, 0]) {
    for (const correction of ['holm', 'bh', 'none'] as const) {
      const r = simulate({ runs: 4000, metrics: 20, reps: 6, noise: 0.03, shift: 1, correction, minEffectPct }, 1);
      console.log(
        `  min effect ${minEffectPct} %, correction ${correction.padEnd(4)}: gate failed in ${pct(r.gateFailRate)} of runs` +
          ` (runs with some raw p <= 0.05: ${pct(r.anyRawSignificant)})`,
      );
    }
  }
}

function power(): void {
  console.log('Power: metric 0 slowed by 10 % at 3 % noise, 2000 simulated runs each');
  const cases: Array<[string, Omit<Trial, 'runs' | 'noise' | 'shift'>]> = [
    ['1 gating metric, 6 reps', { metrics: 1, reps: 6, correction: 'holm' }],
    ['20 gating metrics, 6 reps, holm', { metrics: 20, reps: 6, correction: 'holm' }],
    ['20 gating metrics, 6 reps, bh', { metrics: 20, reps: 6, correction: 'bh' }],
    ['20 gating metrics, 6 reps, none', { metrics: 20, reps: 6, correction: 'none' }],
    ['20 gating metrics, 8 reps, holm', { metrics: 20, reps: 8, correction: 'holm' }],
    ['20 gating metrics, 10 reps, holm', { metrics: 20, reps: 10, correction: 'holm' }],
  ];
  for (const [label, c] of cases) {
    const r = simulate({ runs: 2000, noise: 0.03, shift: 1.1, ...c }, 3);
    console.log(`  ${label.padEnd(34)}: caught ${pct(r.metric0Regressed)}`);
  }
}

function speed(): void {
  const rand = seededRandom(4);
  const base = makeRun('b', 1000, 20, 0.03, () => 1, rand);
  const head = makeRun('h', 1000, 20, 0.03, (m) => (m % 10 === 0 ? 1.1 : 1), rand);
  compareRuns(base, head); // warm-up (JIT, exact-distribution cache)
  const rounds = 5;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) compareRuns(base, head);
  const perRun = (performance.now() - t0) / rounds;
  const samples = Array.from({ length: 1000 }, () => [Array.from({ length: 20 }, rand), Array.from({ length: 20 }, rand)] as const);
  const t1 = performance.now();
  for (const [a, b] of samples) mannWhitneyU(a, b);
  const mwOnly = performance.now() - t1;
  const tied = samples.map(([a, b]) => [a.map((x) => Math.round(x * 10)), b.map((x) => Math.round(x * 10))] as const);
  const t2 = performance.now();
  for (const [a, b] of tied) mannWhitneyU(a, b);
  const mwTies = performance.now() - t2;
  console.log('Speed: 1,000 metrics × 20 samples per side');
  console.log(`  compareRuns (summaries, CIs, U tests, Holm, verdicts): ${perRun.toFixed(1)} ms per comparison`);
  console.log(`  1,000 Mann–Whitney tests, no ties (exact, cached distribution): ${mwOnly.toFixed(1)} ms`);
  console.log(`  1,000 Mann–Whitney tests, heavy ties (exact conditional, not cacheable): ${mwTies.toFixed(1)} ms`);
}

/** Writes `lines` k6 --out json lines (8 points per iteration, k6 v0.49 tags) without holding them in memory. */
async function writeK6Json(file: string, lines: number): Promise<void> {
  const out = createWriteStream(file);
  const rand = seededRandom(7);
  const metric = (name: string, type: string, contains: string, thresholds: string[] = [], submetrics: unknown = null) =>
    JSON.stringify({ type: 'Metric', data: { name, type, contains, thresholds, submetrics }, metric: name });
  const header = [
    metric('http_reqs', 'counter', 'default'),
    metric('http_req_duration', 'trend', 'time', ['p(95)<500'], [{ name: 'http_req_duration{expected_response:true}', suffix: 'expected_response:true', tags: { expected_response: 'true' } }]),
    metric('http_req_waiting', 'trend', 'time'),
    metric('http_req_failed', 'rate', 'default', ['rate<0.01']),
    metric('checks', 'rate', 'default'),
    metric('data_received', 'counter', 'data'),
    metric('iterations', 'counter', 'default'),
    metric('iteration_duration', 'trend', 'time'),
  ];
  let written = header.length;
  let chunk = `${header.join('\n')}\n`;
  const t0 = Date.parse('2026-11-23T19:30:56Z');
  const iterations = Math.ceil((lines - written) / 8);
  for (let i = 0; i < iterations && written < lines; i++) {
    const time = new Date(t0 + (i * 60_000) / iterations).toISOString();
    const ok = rand() > 0.002;
    const ms = 0.3 * Math.exp(0.5 * gaussian(rand));
    const tags = `{"expected_response":"${ok}","group":"::api","method":"GET","name":"http://127.0.0.1:18080/health","proto":"HTTP/1.1","scenario":"steady","status":"${ok ? 200 : 503}","url":"http://127.0.0.1:18080/health"}`;
    const point = (m: string, v: number, t = tags) => `{"metric":"${m}","type":"Point","data":{"time":"${time}","value":${v},"tags":${t}}}\n`;
    const rows = [
      point('http_reqs', 1),
      point('http_req_duration', ms),
      point('http_req_waiting', ms * 0.8),
      point('http_req_failed', ok ? 0 : 1),
      point('checks', ok ? 1 : 0, '{"check":"status is 200","group":"::api","scenario":"steady"}'),
      point('data_received', 230),
      point('iterations', 1, '{"scenario":"steady"}'),
      point('iteration_duration', ms + 0.05, '{"scenario":"steady"}'),
    ].slice(0, lines - written);
    written += rows.length;
    chunk += rows.join('');
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

async function importK6Json(): Promise<void> {
  const lines = Number(process.env.K6_JSON_LINES ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-bench-import-'));
  try {
    const plain = join(dir, 'points.ndjson');
    const gz = join(dir, 'points.ndjson.gz');
    await writeK6Json(plain, lines);
    await pipeline(createReadStream(plain), createGzip({ level: 6 }), createWriteStream(gz));
    (globalThis as { gc?: () => void }).gc?.();
    console.log(`Import: ${lines.toLocaleString('en')} k6 --out json lines streamed through loadInputs (peak RSS is the process high-water mark)`);
    for (const file of [plain, gz]) {
      const rssBefore = process.memoryUsage().rss;
      const t0 = performance.now();
      const results = await loadInputs([file]);
      const ms = performance.now() - t0;
      const peakMiB = process.resourceUsage().maxRSS / 1024;
      const m = results.scenarios[0]?.repetitions[0]?.summary.metrics;
      console.log(
        `  ${file.endsWith('.gz') ? 'gzip ' : 'plain'} ${(statSync(file).size / 2 ** 20).toFixed(0).padStart(4)} MiB: ${(ms / 1000).toFixed(2)} s` +
          ` = ${Math.round(lines / (ms / 1000)).toLocaleString('en')} lines/s; RSS before ${(rssBefore / 2 ** 20).toFixed(0)} MiB, peak ${peakMiB.toFixed(0)} MiB;` +
          ` http_reqs ${m?.http_reqs?.values.count}, p(95) ${m?.http_req_duration?.values['p(95)']?.toFixed(3)} ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await importK6Json();
falseAlarms();
power();
speed();
