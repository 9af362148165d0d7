/**
 * Engine throughput against autocannon on the same minimal node:http server (in a
 * child process), same connections, same duration: an async script (VUs multiplexed
 * on worker threads), and a sync script (blocking http.get) run both ways the engine
 * runs sync scripts: rewritten to await its calls on shared threads (`sync`, the
 * default), and one blocking thread per VU (`sync-threads`, the fallback).
 * When real k6 is found (K6_PATH, else PATH, as the runner finds it), each round also
 * runs k6 on the sync script (the way every k6 script is written), same VUs, same
 * duration, and prints the engine's req/s as a multiple of k6's.
 * Each round runs autocannon, then the async engine, then the sync ones, then k6, so the
 * ratios in one round come from the same minute of a shared machine; with RUNS > 1
 * the medians over rounds are printed too.
 *
 *   npm run bench:engine            (= node scripts/run-bench.mjs engine)
 *
 * Env: CONNECTIONS (default 10), DURATION_S (default 5), RUNS (default 1),
 * THREADS (async VU threads), ONLY=async|sync|sync-threads|k6|memory (k6 runs with sync or k6), VERBOSE=1 (per-thread CPU),
 * NO_K6=1 (leave k6 out).
 * ONLY=memory: one async run of REQUESTS (default 10,000,000) requests, RSS sampled
 * every second (see engine-memory.ts).
 *
 * Latency p50: both sides from an HDR histogram at 1 µs resolution. autocannon's own
 * table rounds to whole ms, so its per-response `response` event (responseTime in
 * float ms from process.hrtime, write of the request → end of the response) feeds a
 * histogram here; the engine's is http_req_duration (sending + waiting + receiving,
 * from performance.now), also write → end of the response.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { runScript } from '../src/engine/index.js';
import { findK6Binary, type K6Binary } from '../src/runner/k6-binary/index.js';
import { runMemoryBench } from './engine-memory.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.DURATION_S ?? 5);
const RUNS = Number(process.env.RUNS ?? 1);
const VERBOSE = Boolean(process.env.VERBOSE);

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"status":"ok"}'); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

export interface BenchServer {
  url: string;
  /** CPU time the server process used so far, µs (Linux /proc; NaN elsewhere). */
  cpuUs(): number;
  stop(): void;
}

export async function startServer(dir: string): Promise<BenchServer> {
  const file = join(dir, 'server.cjs');
  writeFileSync(file, SERVER);
  const child = fork(file, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  return { url: `http://127.0.0.1:${port}/`, cpuUs: () => procCpuUs(`/proc/${child.pid}/stat`), stop: () => child.kill() };
}

/** utime + stime of a /proc stat file in µs (clock ticks of 10 ms, Linux's USER_HZ). */
function procCpuUs(statFile: string): number {
  try {
    const stat = readFileSync(statFile, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return NaN;
  }
}

interface Measured {
  rps: number;
  /** Median latency, ms, from a 1 µs-resolution histogram. */
  p50: number;
  /** CPU time of this process (all threads) per request: independent of other load on the machine. */
  cpuUsPerReq: number;
  /** CPU time of the server process per request. */
  serverUsPerReq: number;
}

async function runAutocannon(server: BenchServer, durationS = DURATION_S): Promise<Measured> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const cpu = process.cpuUsage();
  const serverBefore = server.cpuUs();
  // The callback form returns the instance, whose 'response' events feed the histogram.
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: server.url, connections: CONNECTIONS, duration: durationS, pipelining: 1 }, (err: unknown, r: autocannon.Result) => (err ? reject(err) : resolve(r)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => histogram.recordValue(Math.round(responseTimeMs * 1000)));
  });
  const used = process.cpuUsage(cpu);
  const n = result.requests.total;
  if (VERBOSE) console.log(`  autocannon: user ${(used.user / n).toFixed(1)} sys ${(used.system / n).toFixed(1)} µs/req`);
  return { rps: n / durationS, p50: histogram.getValueAtPercentile(50) / 1000, cpuUsPerReq: (used.user + used.system) / n, serverUsPerReq: (server.cpuUs() - serverBefore) / n };
}

/** Per-thread CPU ticks from /proc (Linux), to see where the engine's CPU goes. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) out.set(tid === String(process.pid) ? 'main' : tid, procCpuUs(`/proc/self/task/${tid}/stat`));
  } catch {
    // not Linux
  }
  return out;
}

/**
 * `sync` is the default way a sync script runs (its blocking calls rewritten to be
 * awaited, VUs sharing threads: script/asyncify.ts); `sync-threads` forces the other
 * way, a thread per VU blocking in each call (what scripts the rewrite cannot prove
 * safe get).
 */
type Style = 'async' | 'sync' | 'sync-threads';

/** The script every side runs: CONNECTIONS VUs for DURATION_S, one GET per iteration. */
function writeScript(dir: string, style: Style): string {
  const file = join(dir, `${style}.js`);
  const call = style === 'async' ? `await http.asyncRequest('GET', URL)` : `http.get(URL)`;
  writeFileSync(
    file,
    `import http from 'k6/http';
const URL = __ENV.URL;
export const options = { vus: ${CONNECTIONS}, duration: '${DURATION_S}s', summaryTrendStats: ['med'] };
export default ${style === 'async' ? 'async ' : ''}function () { ${call}; }
`,
  );
  return file;
}

async function runEngine(dir: string, server: BenchServer, style: Style): Promise<Measured> {
  const file = writeScript(dir, style);
  const cpu = process.cpuUsage();
  const serverBefore = server.cpuUs();
  const before = threadCpu();
  let during = new Map<string, number>();
  const peek = setTimeout(() => (during = threadCpu()), DURATION_S * 1000 - 100);
  const r = await runScript({
    scriptPath: file,
    env: { URL: server.url },
    threads: process.env.THREADS ? Number(process.env.THREADS) : undefined,
    vuThreads: style === 'sync-threads' ? 'per-vu' : 'auto',
    console: { log() {}, warn: console.warn, error: console.error },
  });
  if (r.errors.length) console.error(r.errors.slice(0, 3));
  const expected = style === 'async' ? 'none' : style === 'sync' ? 'awaited' : 'blocking';
  if (r.threading?.syncCalls !== expected) throw new Error(`${style}: expected sync calls "${expected}", the engine ran "${r.threading?.syncCalls}" (${r.threading?.reason ?? ''})`);
  const n = r.summary.metrics.http_reqs?.values.count ?? 0;
  const used = process.cpuUsage(cpu);
  const serverUs = server.cpuUs() - serverBefore;
  clearTimeout(peek);
  if (VERBOSE) {
    const perThread = [...during].map(([k, v]) => [k, (v - (before.get(k) ?? 0)) / n] as const).filter(([, v]) => v > 0);
    console.log(`  ${style}: CPU µs/req per thread: ${perThread.sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(' ')}; user ${(used.user / n).toFixed(1)} sys ${(used.system / n).toFixed(1)}`);
  }
  // Requests over the scenario's duration (the run also spends time starting threads).
  return { rps: n / DURATION_S, p50: r.summary.metrics.http_req_duration?.values.med ?? NaN, cpuUsPerReq: (used.user + used.system) / n, serverUsPerReq: serverUs / n };
}

/**
 * Real k6 on the sync script (the same file the engine's `sync` side runs). Its CPU comes
 * from /usr/bin/time when present (NaN otherwise); req/s, like the engine's, is requests
 * over the scenario's duration.
 */
async function runK6(dir: string, server: BenchServer, k6: K6Binary): Promise<Measured> {
  const file = writeScript(dir, 'sync');
  const summary = join(dir, 'k6-summary.json');
  const timeFile = join(dir, 'k6-time.txt');
  const args = ['run', '-q', '--no-color', '--summary-export', summary, '-e', `URL=${server.url}`, file];
  const timed = existsSync(TIME);
  const serverBefore = server.cpuUs();
  await new Promise<void>((resolve, reject) => {
    const child = timed ? spawn(TIME, ['-f', '%U %S', '-o', timeFile, k6.path, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn(k6.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`k6 exited ${code}: ${stderr.slice(-500)}`))));
  });
  const serverUs = server.cpuUs() - serverBefore;
  const metrics = (JSON.parse(readFileSync(summary, 'utf8')) as { metrics: Record<string, Record<string, number>> }).metrics;
  const n = metrics.http_reqs?.count ?? 0;
  const [user, sys] = timed ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) : [NaN, NaN];
  return { rps: n / DURATION_S, p50: metrics.http_req_duration?.med ?? NaN, cpuUsPerReq: (((user ?? NaN) + (sys ?? NaN)) * 1e6) / n, serverUsPerReq: serverUs / n };
}

const TIME = '/usr/bin/time';

const SKIP: Measured = { rps: NaN, p50: NaN, cpuUsPerReq: NaN, serverUsPerReq: NaN };

interface Round {
  ac: Measured;
  async: Measured;
  sync: Measured;
  'sync-threads': Measured;
  k6: Measured;
}

const STYLES: Style[] = ['async', 'sync', 'sync-threads'];

function printRound(title: string, r: Round): void {
  const f = (n: number, w: number, d = 0) => n.toFixed(d).padStart(w);
  const line = (name: string, m: Measured, vs?: Measured) => {
    const ratio = vs ? `  req/s ×${f(m.rps / vs.rps, 4, 2)}  p50 ×${f(m.p50 / vs.p50, 4, 2)}  cpu ×${f(m.cpuUsPerReq / vs.cpuUsPerReq, 4, 2)}` : '';
    console.log(`  ${name.padEnd(20)}${f(m.rps, 7)} req/s  p50 ${f(m.p50, 5, 3)} ms  cpu ${f(m.cpuUsPerReq, 6, 1)} µs/req  server ${f(m.serverUsPerReq, 5, 1)} µs/req${ratio}`);
  };
  console.log(title);
  line('autocannon', r.ac);
  for (const style of STYLES) if (!Number.isNaN(r[style].rps)) line(`engine ${style}`, r[style], r.ac);
  if (!Number.isNaN(r.k6.rps)) {
    line('k6', r.k6, r.ac);
    for (const style of STYLES) if (!Number.isNaN(r[style].rps)) console.log(`  engine ${style} / k6: req/s ×${(r[style].rps / r.k6.rps).toFixed(2)}  p50 ×${(r[style].p50 / r.k6.p50).toFixed(2)}  cpu ×${(r[style].cpuUsPerReq / r.k6.cpuUsPerReq).toFixed(2)}`);
  }
}

function median(values: number[]): number {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Medians per field, and of the per-round ratios (a ratio's median, not a ratio of medians). */
function printMedians(rounds: Round[]): void {
  const med = (pick: (r: Round) => number) => median(rounds.map(pick)).toFixed(2);
  console.log(`median of ${rounds.length} rounds:`);
  for (const side of STYLES) {
    if (rounds.every((r) => Number.isNaN(r[side].rps))) continue;
    console.log(
      `  engine ${side.padEnd(12)} req/s ×${med((r) => r[side].rps / r.ac.rps)} of autocannon (${med((r) => r[side].rps)} vs ${med((r) => r.ac.rps)}), ` +
        `p50 ${med((r) => r[side].p50)} ms vs ${med((r) => r.ac.p50)} ms (×${med((r) => r[side].p50 / r.ac.p50)}), ` +
        `cpu ${med((r) => r[side].cpuUsPerReq)} vs ${med((r) => r.ac.cpuUsPerReq)} µs/req (×${med((r) => r[side].cpuUsPerReq / r.ac.cpuUsPerReq)})`,
    );
  }
  if (rounds.every((r) => Number.isNaN(r.k6.rps))) return;
  console.log(`  k6                  req/s ×${med((r) => r.k6.rps / r.ac.rps)} of autocannon (${med((r) => r.k6.rps)}), p50 ${med((r) => r.k6.p50)} ms, cpu ${med((r) => r.k6.cpuUsPerReq)} µs/req`);
  for (const side of STYLES) {
    if (rounds.every((r) => Number.isNaN(r[side].rps))) continue;
    console.log(`  engine ${side.padEnd(12)} req/s ×${med((r) => r[side].rps / r.k6.rps)} of k6's, p50 ×${med((r) => r[side].p50 / r.k6.p50)}, cpu ×${med((r) => r[side].cpuUsPerReq / r.k6.cpuUsPerReq)}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'lg-bench-engine-'));
const server = await startServer(dir);
try {
  const only = process.env.ONLY; // 'async' | 'sync' | 'sync-threads' | 'memory'
  if (only === 'memory') {
    await runMemoryBench(dir, server.url, CONNECTIONS);
  } else {
    const k6 = process.env.NO_K6 || (only && only !== 'k6' && only !== 'sync') ? null : await findK6Binary();
    if (!k6 && !process.env.NO_K6 && (!only || only === 'k6' || only === 'sync')) console.log('no k6 on K6_PATH or PATH: k6 left out');
    await runAutocannon(server, 2); // warm-up: the server's JIT
    console.log(`connections=${CONNECTIONS} duration=${DURATION_S}s runs=${RUNS}${k6 ? ` k6=v${k6.version}` : ''}`);
    const rounds: Round[] = [];
    for (let i = 0; i < RUNS; i++) {
      const round: Round = {
        ac: await runAutocannon(server),
        async: !only || only === 'async' ? await runEngine(dir, server, 'async') : SKIP,
        sync: !only || only === 'sync' ? await runEngine(dir, server, 'sync') : SKIP,
        'sync-threads': !only || only === 'sync-threads' ? await runEngine(dir, server, 'sync-threads') : SKIP,
        k6: k6 ? await runK6(dir, server, k6) : SKIP,
      };
      rounds.push(round);
      printRound(`round ${i + 1}`, round);
    }
    if (RUNS > 1) printMedians(rounds);
  }
} finally {
  server.stop();
}
