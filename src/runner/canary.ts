/**
 * The drift guard's canary: a fixed workload whose true speed never changes, measured between
 * the rounds of every run that will be compared with stored numbers. If the canary is slower
 * in one run than in another, the machine changed (a busy neighbour, a throttled VM, another
 * runner kind), and a comparison of the two runs' numbers says nothing about the code
 * (compare/drift-guard.ts).
 *
 * Two parts, because a neighbour can slow a load test in two ways:
 * - HTTP: a tiny server in a worker thread of this process, doing a fixed 200 µs of work per
 *   request, loaded for one second by the same engine that runs the scenarios (one VU, no think
 *   time), so it goes through the same client code, the kernel's loopback and two threads;
 * - CPU: a fixed integer loop run on every core at once, timed on the slowest core: on a
 *   2-core machine a single-threaded loop would run on whichever core the neighbour leaves
 *   free and see nothing.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { CanarySample } from '../results/results.js';
import type { EngineRunResult } from '../engine/index.js';
import { medianOfSorted } from '../stats/median-ci.js';
import { startHostProbe } from './host-signals.js';

/** Version of the canary workload: bump whenever anything below changes what it measures. */
export const CANARY_VERSION = 1;

/**
 * Server work per canary request, µs. Measured on 2 cores (2026-12-04): with no work, one
 * loopback request is mostly thread wake-ups and its median moved by 2x between samples of a
 * quiet machine; with 200 µs of work and one VU, 2–7 % within a run and < 5 % between runs.
 */
const SERVER_WORK_US = 200;

/** Integer-loop iterations per core per trial: about 70 ms on a 2026 x86 core. */
const CPU_LOOP_ITERATIONS = 40_000_000;
/** Trials of the CPU loop per sample; the sample is their median. */
const CPU_TRIALS = 3;

/** The canary's k6 script: plain JavaScript, so k6 and the embedded engine run it unchanged. */
const CANARY_SCRIPT = `// loadgate drift-guard canary v${CANARY_VERSION}: generated, do not edit.
import http from 'k6/http';
export const options = { vus: 1, duration: '1s' };
export default function () {
  http.get(__ENV.CANARY_URL);
}
`;

const SERVER_THREAD = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const body = Buffer.alloc(128, 'loadgate-canary ');
const server = http.createServer((req, res) => {
  // A fixed 200 µs of work per request: the request's time is then mostly CPU, not wake-ups.
  const end = performance.now() + ${SERVER_WORK_US / 1000};
  while (performance.now() < end) {}
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => { if (m === 'close') server.close(() => process.exit(0)); });
`;

const CPU_THREAD = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (n) => {
  const t0 = performance.now();
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }
  parentPort.postMessage({ ms: performance.now() - t0, x });
});
`;

/** Runs a k6 script with the run's engine (the embedded engine or k6) and returns its result. */
export type CanaryEngine = (scriptPath: string, env: Record<string, string>) => Promise<EngineRunResult>;

export interface Canary {
  /** Measures one sample: the HTTP load, then the CPU loop. */
  measure(round: number): Promise<CanarySample>;
  /** Stops the server and the CPU threads. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the canary's server and CPU threads and writes its script into `workDir`.
 * @param engine runs the canary script the way the scenarios are run
 */
export async function openCanary(workDir: string, engine: CanaryEngine): Promise<Canary> {
  const scriptPath = join(workDir, `canary-v${CANARY_VERSION}.js`);
  await writeFileAtomic(scriptPath, CANARY_SCRIPT);
  const server = new Worker(SERVER_THREAD, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', resolve);
    server.once('error', reject);
  });
  const cpus = Array.from({ length: availableParallelism() }, () => new Worker(CPU_THREAD, { eval: true }));
  const url = `http://127.0.0.1:${port}/canary`;
  let closed = false;
  const canary: Canary = {
    async measure(round) {
      const startedAt = new Date().toISOString();
      const probe = startHostProbe();
      const run = await engine(scriptPath, { CANARY_URL: url });
      const duration = run.summary.metrics.http_req_duration?.values;
      const reqs = run.summary.metrics.http_reqs?.values;
      if (run.exitCode !== 0 || !duration || !reqs || typeof duration.med !== 'number' || typeof reqs.rate !== 'number') {
        throw new Error(`the drift-guard canary did not run (engine exit ${run.exitCode}: ${run.errors.slice(0, 2).join('; ') || 'no samples'})`);
      }
      const trials: number[] = [];
      for (let t = 0; t < CPU_TRIALS; t++) trials.push(await cpuTrial(cpus));
      const host = probe.finish({ ...(run.generator?.cpuSeconds !== undefined && { generatorCpuSeconds: run.generator.cpuSeconds }), vuThreadBusy: run.generator?.vuThreadBusy ?? null });
      return { round, startedAt, httpMedMs: duration.med, httpReqsPerSec: reqs.rate, cpuLoopMs: medianOfSorted(trials.sort((a, b) => a - b)), host };
    },
    async close() {
      if (closed) return;
      closed = true;
      server.postMessage('close');
      await Promise.all([
        new Promise((resolve) => server.once('exit', resolve)),
        ...cpus.map((w) => w.terminate()),
      ]);
    },
  };
  // The first sample of a fresh process is slow (cold JIT in the server and the loop): thrown away.
  try {
    await canary.measure(-1);
  } catch (err) {
    await canary.close();
    throw err;
  }
  return canary;
}

/** One trial: every core runs the loop at once; the trial takes as long as the slowest core. */
async function cpuTrial(workers: Worker[]): Promise<number> {
  const times = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          const onError = (err: Error): void => reject(err);
          w.once('error', onError);
          w.once('message', (m: { ms: number }) => {
            w.off('error', onError);
            resolve(m.ms);
          });
          w.postMessage(CPU_LOOP_ITERATIONS);
        }),
    ),
  );
  return Math.max(...times);
}
