/**
 * Calibration of the saturation rule (src/compare/saturation.ts), measured, not guessed: runs
 * the shipped scenarios at the `smoke` and `ci` profiles' sizes against the reference target,
 * quiet and next to one CPU-spinning neighbour process, then cases where the generator is
 * overloaded on purpose (many closed-loop VUs; an arrival rate far above what the machine
 * sustains) and a control where iterations are dropped because the *service* is slow while the
 * generator idles. Each repetition gets the host probe's signals (runner/host-signals.ts), and
 * the table shows them with what isSaturated() says of them.
 *
 *   npm run bench:saturation          (= node scripts/run-bench.mjs saturation)
 *
 * The machine may be shared: a repetition during which other processes (beyond the neighbour
 * started here) used more than STRAY_CORES is measured again, up to TRIES times, and marked
 * when it never was clean.
 *
 * Env: RUNS (per row group, default 3), PROFILES (default smoke,ci), SCENARIOS (default all),
 * CASES (shipped,overload,slow-service,per-vu; default all), ENGINE (embedded | k6, default embedded;
 * k6 found as the runner finds it: K6_PATH, else PATH), JSON (write every row to this file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleScenario } from '../src/bundle/index.js';
import { isSaturated } from '../src/compare/saturation.js';
import { DEFAULT_PROFILES, DEFAULT_SCENARIOS } from '../src/config/defaults.js';
import type { Repetition } from '../src/results/results.js';
import { runScript, type EngineRunResult } from '../src/engine/index.js';
import { DENSE_TREND_STATS, findK6Binary, runWithK6 } from '../src/runner/k6-binary/index.js';
import { startHostProbe } from '../src/runner/host-signals.js';
import { clockTicksPerSecond, machineCpuDelta, readMachineCpuTimes } from '../src/runner/proc-stat.js';
import { scrapePrometheus } from '../src/runner/server-metrics.js';
import { startTargetProcess, type TargetProcess } from '../src/runner/target-process.js';
import { PACKAGE_ROOT } from '../src/core/package-root.js';

const RUNS = Number(process.env.RUNS ?? 3);
const PROFILES = (process.env.PROFILES ?? 'smoke,ci').split(',');
const SCENARIOS = (process.env.SCENARIOS ?? Object.keys(DEFAULT_SCENARIOS).join(',')).split(',');
const CASES = (process.env.CASES ?? 'shipped,overload,slow-service,per-vu').split(',');
const ENGINE = process.env.ENGINE ?? 'embedded';
const K6 = ENGINE === 'k6' ? (await findK6Binary())?.path : undefined;
if (ENGINE === 'k6' && K6 === undefined) {
  console.error('bench:saturation: ENGINE=k6 needs a k6 binary on PATH or in K6_PATH');
  process.exit(2);
}
const quiet = { log() {}, warn() {}, error() {} };
/** CPU of processes neither loadgate, the target nor the neighbour may use for a run to count as clean, in cores. */
const STRAY_CORES = Number(process.env.STRAY_CORES ?? 0.2);
const TRIES = Number(process.env.TRIES ?? 5);
/** Longest wait for the machine to become quiet before a run, s. */
const QUIET_WAIT_S = Number(process.env.QUIET_WAIT_S ?? 600);

interface Row {
  group: string;
  scenario: string;
  profile: string;
  condition: 'quiet' | 'neighbour';
  rep: Repetition;
  mainThreadBusy: number | null;
  dropped: number;
  iterations: number;
  p95Ms: number | null;
  saturated: string[];
  /** CPU of other processes than loadgate, the target and the neighbour, in cores. */
  stray: number | null;
}

/** One measured repetition, the way run-suite measures one (probe around scrape + run + scrape). */
async function measure(bundle: string, env: Record<string, string>, target: TargetProcess, vuThreads?: 'per-vu'): Promise<{ run: EngineRunResult; rep: Repetition }> {
  const probe = startHostProbe();
  const before = await scrapePrometheus(`${target.url}/metrics`);
  const t0 = performance.now();
  const common = { scriptPath: bundle, env: { ...env, BASE_URL: target.url }, console: quiet, summaryTrendStats: DENSE_TREND_STATS };
  const run = ENGINE === 'k6' ? await runWithK6({ ...common, k6Path: K6!, workDir: join(PACKAGE_ROOT, '.loadgate', 'k6') }) : await runScript({ ...common, vuThreads });
  const durationMs = performance.now() - t0;
  const after = await scrapePrometheus(`${target.url}/metrics`);
  const cpu = (s: Map<string, number> | null) => s?.get('process_cpu_seconds_total');
  const service = cpu(before) !== undefined && cpu(after) !== undefined ? (cpu(after) as number) - (cpu(before) as number) : null;
  const host = probe.finish({ generatorCpuSeconds: run.generator?.cpuSeconds, vuThreadBusy: run.generator?.vuThreadBusy, serviceCpuSeconds: service });
  const rep: Repetition = { index: 0, startedAt: new Date().toISOString(), durationMs, exitCode: run.exitCode, errors: run.errors, summary: run.summary, histograms: {}, host };
  return { run, rep };
}

function row(group: string, scenario: string, profile: string, condition: Row['condition'], run: EngineRunResult, rep: Repetition, neighbourCores: number): Row {
  const m = run.summary.metrics;
  const others = rep.host?.othersCores;
  return {
    stray: others === null || others === undefined ? null : Math.max(0, others - neighbourCores),
    group,
    scenario,
    profile,
    condition,
    rep,
    mainThreadBusy: run.generator?.mainThreadBusy ?? null,
    dropped: m.dropped_iterations?.values.count ?? 0,
    iterations: m.iterations?.values.count ?? 0,
    p95Ms: m.http_req_duration?.values['p(95)'] ?? null,
    saturated: isSaturated(rep),
  };
}

/** A neighbour that keeps one core busy: `node -e 'for(;;){}'`, stopped by its pid. */
function startNeighbour(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
}

async function withTarget<T>(seed: number, options: { latencyMs?: number }, fn: (t: TargetProcess) => Promise<T>): Promise<T> {
  const target = await startTargetProcess({ port: 0, seed, ...options });
  try {
    return await fn(target);
  } finally {
    await target.stop();
  }
}

async function runGroup(rows: Row[], group: string, scenario: string, profile: string, env: Record<string, string>, target: TargetProcess, condition: Row['condition'], vuThreads?: 'per-vu'): Promise<void> {
  const bundle = (await bundleScenario({ entry: DEFAULT_SCENARIOS[scenario]!.file, root: PACKAGE_ROOT })).bundlePath;
  // One warm-up run, as the suite does.
  await measure(bundle, env, target, vuThreads);
  const neighbour = condition === 'neighbour' ? startNeighbour() : undefined;
  try {
    for (let i = 0; i < RUNS; i++) {
      for (let attempt = 1; ; attempt++) {
        await waitForQuietMachine(neighbour?.pid);
        const cpu0 = neighbour ? pidCpuSeconds(neighbour.pid) : 0;
        const t0 = performance.now();
        const { run, rep } = await measure(bundle, env, target, vuThreads);
        const neighbourCores = neighbour ? (pidCpuSeconds(neighbour.pid) - cpu0) / ((performance.now() - t0) / 1000) : 0;
        const r = row(group, scenario, profile, condition, run, rep, neighbourCores);
        process.stderr.write(`${group} ${scenario} ${profile} ${condition} #${i + 1} try ${attempt}: ${format(r)}\n`);
        if (r.stray !== null && r.stray > STRAY_CORES && attempt < TRIES) {
          // Someone else used the machine: wait, and measure again.
          await new Promise((done) => setTimeout(done, 10_000));
          continue;
        }
        rows.push(r);
        break;
      }
    }
  } finally {
    neighbour?.kill('SIGKILL');
  }
}

/**
 * Waits (at most QUIET_WAIT_S) until the machine, neighbour aside, has been nearly idle for 2 s:
 * someone else's build or tests would otherwise be measured as part of the run.
 */
async function waitForQuietMachine(neighbourPid: number | undefined): Promise<void> {
  const deadline = performance.now() + QUIET_WAIT_S * 1000;
  for (;;) {
    const m0 = readMachineCpuTimes();
    const n0 = neighbourPid ? pidCpuSeconds(neighbourPid) : 0;
    await new Promise((done) => setTimeout(done, 2000));
    const m1 = readMachineCpuTimes();
    if (!m0 || !m1) return;
    const busy = machineCpuDelta(m0, m1).busy / clockTicksPerSecond() / 2 - (neighbourPid ? (pidCpuSeconds(neighbourPid) - n0) / 2 : 0);
    if (busy <= STRAY_CORES || performance.now() > deadline) return;
    process.stderr.write(`  (machine busy with ${busy.toFixed(2)} cores of other work; waiting)\n`);
    await new Promise((done) => setTimeout(done, 5000));
  }
}

/** utime + stime of a process, s (USER_HZ ticks from /proc/<pid>/stat). */
function pidCpuSeconds(pid: number | undefined): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / clockTicksPerSecond();
}

function envOf(profile: string, scenario: string, extra: Record<string, string> = {}): Record<string, string> {
  const p = DEFAULT_PROFILES[profile]!;
  return { ...p.env['*'], ...p.env[scenario], PROFILE: profile, ...extra };
}

const fix = (x: number | null | undefined, d = 2): string => (x === null || x === undefined ? '–' : x.toFixed(d));

function format(r: Row): string {
  const h = r.rep.host!;
  return [r.group, r.scenario, r.profile, r.condition, fix(h.vuThreadBusy), fix(r.mainThreadBusy), fix(h.generatorCores), fix(h.serviceCores), fix(h.othersCores), fix(r.stray), fix(h.machineBusyCores), fix(h.mainThreadDelayP99Ms, 1), String(r.dropped), String(r.iterations), fix(r.p95Ms, 1), r.saturated.join('; ') || 'no'].join(' | ');
}

const HEADER = 'case | scenario | profile | neighbour | VU thread busy | main busy | generator cores | service cores | others cores | stray cores | machine cores | main delay p99 ms | dropped | iterations | p95 ms | saturated';

async function main(): Promise<void> {
  if (!existsSync(join(PACKAGE_ROOT, 'dist', 'runner', 'target-process-entry.js'))) throw new Error('run `npm run build` first (the reference target runs from dist/)');
  const rows: Row[] = [];
  for (const profile of PROFILES) {
    const seed = DEFAULT_PROFILES[profile]!.targetSeed;
    if (CASES.includes('shipped')) {
      await withTarget(seed, {}, async (target) => {
        for (const scenario of SCENARIOS) {
          for (const condition of ['quiet', 'neighbour'] as const) await runGroup(rows, 'shipped', scenario, profile, envOf(profile, scenario), target, condition);
        }
      });
    }
  }
  if (CASES.includes('overload')) {
    await withTarget(DEFAULT_PROFILES.ci!.targetSeed, {}, async (target) => {
      await runGroup(rows, 'overload 200 VUs', 'baseline', 'ci', envOf('ci', 'baseline', { VUS: '200', DURATION: '5s' }), target, 'quiet');
      await runGroup(rows, 'overload 5000/s', 'peak', 'ci', envOf('ci', 'peak', { PEAK_RATE: '5000', PRE_VUS: '200', MAX_VUS: '500' }), target, 'quiet');
      await runGroup(rows, 'overload 20000/s', 'peak', 'ci', envOf('ci', 'peak', { PEAK_RATE: '20000', PRE_VUS: '500', MAX_VUS: '1000' }), target, 'quiet');
    });
  }
  if (CASES.includes('per-vu') && ENGINE === 'embedded') {
    // A sync scenario on one blocking thread per VU: no VU-thread figure, the main thread does every request's I/O.
    await withTarget(DEFAULT_PROFILES.ci!.targetSeed, {}, async (target) => {
      await runGroup(rows, 'per-vu', 'warm-cache', 'ci', envOf('ci', 'warm-cache'), target, 'quiet', 'per-vu');
      await runGroup(rows, 'per-vu', 'warm-cache', 'ci', envOf('ci', 'warm-cache'), target, 'neighbour', 'per-vu');
      await runGroup(rows, 'per-vu overload', 'warm-cache', 'ci', envOf('ci', 'warm-cache', { VUS: '64' }), target, 'quiet', 'per-vu');
    });
  }
  if (CASES.includes('slow-service')) {
    // 100 ms per request and at most 20 VUs: at most ~200 iterations/s against a 500/s peak, so
    // iterations are dropped while the generator mostly waits. That is the service, not the generator.
    await withTarget(DEFAULT_PROFILES.ci!.targetSeed, { latencyMs: 100 }, async (target) => {
      await runGroup(rows, 'slow service', 'peak', 'ci', envOf('ci', 'peak', { PRE_VUS: '20', MAX_VUS: '20' }), target, 'quiet');
    });
  }
  console.log(`engine: ${ENGINE}, ${RUNS} runs per line group after one warm-up\n`);
  console.log(HEADER);
  console.log(HEADER.replace(/[^|]+/g, ' --- '));
  for (const r of rows) console.log(format(r));
  if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify(rows.map((r) => ({ ...r, rep: { host: r.rep.host, exitCode: r.rep.exitCode } })), null, 1));
}

await main();
