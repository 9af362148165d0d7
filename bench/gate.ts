/**
 * The gate's error rates under injected noise, on the reference target (issue 11): how often
 * does it FAIL an unchanged build, call a run inconclusive, and catch a real slowdown?
 *
 *   npm run bench:gate
 *
 * Cells: noise × effect × mode.
 * - noise: `quiet`; `spinner`, one neighbour process spinning a core; `duty50`, a neighbour
 *   busy about half the time in bursts of 0.2–1.5 s; `throttled`, loadgate and its targets in
 *   a cgroup capped at 1.3 CPUs (cgroup v1 `cpu` controller; skipped where it cannot be made).
 * - effect: the head target's `--slowdown` 1 (A/A), 1.2 and 1.5.
 * - mode: `ab`, base and head measured side by side (what `gate --base-ref` and `ab` do), and
 *   `stored`, the head measured under the cell's noise against a baseline measured quiet at the
 *   start, with the drift guard's canary.
 *
 * For each cell real repetitions of the smoke `baseline` scenario are recorded (PAIRS of them;
 * pairs interleaved in ab mode), then the gate's whole decision — round 1, the confirmation
 * round on fresh repetitions, the drift guard, the verdict rule — is replayed RESAMPLES times
 * on N repetitions a round drawn without replacement from the recording (pairs kept together in
 * ab mode), with the library's own functions. REAL end-to-end gates per cell (runAb /
 * runGate, confirmation included) check the resampling against the real thing.
 *
 * A cell's pairs (repetitions, stored) are recorded on PROCESSES fresh target processes in turn,
 * each warmed up as a gate warms up its own, and a resampled gate draws round 1 from one of them and
 * its confirmation round from another, as a real gate measures round 2 on restarted services: so
 * the replayed rates carry the spread between processes, not only within one.
 *
 * Env: PAIRS (48), PROCESSES (4), N (8), RESAMPLES (1000), REAL (2), NOISE (quiet,spinner,duty50,throttled),
 * EFFECTS (1,1.2,1.5), MODES (ab,stored), ENGINE (embedded), RULE (pooled; `two-rounds` replays
 * ab mode with the earlier confirmation rule, round 2 alone deciding), DATA=<file>: re-analyse a saved
 * recording instead of measuring (with REAL_ONLY=1: run only the real gates again, with the
 * code as it is now, and save the recording with their verdicts to OUT); OUT=<file> where the
 * recording goes (default .loadgate/bench/gate-data.json).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compareRuns } from '../src/compare/compare-runs.js';
import type { Comparison, GateVerdict } from '../src/compare/model.js';
import { loadConfig, type ResolvedConfig } from '../src/config/index.js';
import { PACKAGE_ROOT } from '../src/core/package-root.js';
import { seededRandom } from '../src/core/random.js';
import type { CanarySample, ResultsFile, ScenarioResult } from '../src/results/results.js';
import { writeResultsFile } from '../src/results/results-store.js';
import { runAb } from '../src/gate/ab.js';
import { confirmRegressions, confirmSideBySide, metricsToConfirm, screenSideBySide } from '../src/gate/confirm.js';
import { runGate } from '../src/gate/stored-gate.js';
import { CANARY_VERSION } from '../src/runner/canary.js';
import { measureSides, openPlanCanary, planSuite, resultsFileOf, type SuitePlan } from '../src/runner/run-suite.js';
import { openTargetSide, type TargetSide } from '../src/runner/target-side.js';

const PAIRS = Number(process.env.PAIRS ?? 48);
/** Fresh target processes a cell's recording is spread over, PAIRS / PROCESSES pairs each. */
const PROCESSES = Number(process.env.PROCESSES ?? 4);
const N = Number(process.env.N ?? 8);
const RESAMPLES = Number(process.env.RESAMPLES ?? 1000);
const REAL = Number(process.env.REAL ?? 2);
const NOISES = (process.env.NOISE ?? 'quiet,spinner,duty50,throttled').split(',') as Noise[];
const EFFECTS = (process.env.EFFECTS ?? '1,1.2,1.5').split(',').map(Number);
const MODES = (process.env.MODES ?? 'ab,stored').split(',') as Mode[];
const ENGINE = (process.env.ENGINE ?? 'embedded') as 'embedded' | 'k6' | 'auto';
/** ab mode's confirmation rule to replay: `pooled` (the gate's) or `two-rounds` (the rule before it, for comparison). */
const RULE = (process.env.RULE ?? 'pooled') as 'pooled' | 'two-rounds';
/** CONFIRM_ALPHA: replay with another compare.confirmAlpha than the default. */
const SETTINGS = process.env.CONFIRM_ALPHA ? { confirmAlpha: Number(process.env.CONFIRM_ALPHA) } : {};
const OUT = process.env.OUT ?? join(PACKAGE_ROOT, '.loadgate', 'bench', 'gate-data.json');
const SCENARIO = 'baseline';
const PROFILE = 'smoke';
const BIN = join(PACKAGE_ROOT, 'bin', 'loadgate.js');

type Noise = 'quiet' | 'spinner' | 'duty50' | 'throttled';
type Mode = 'ab' | 'stored';

/** What one cell recorded: ab pairs, or a stored head pool (the base pool is shared). */
interface CellRecording {
  noise: Noise;
  effect: number;
  mode: Mode;
  base?: ScenarioResult;
  head: ScenarioResult;
  canary?: CanarySample[];
  /**
   * The process (pair) each repetition index was measured on, 0..PROCESSES-1. Absent in
   * recordings made before processes were restarted within a cell: all on one.
   */
  process?: number[];
  real: GateVerdict[];
  realNotes: string[];
}

interface Recording {
  createdAt: string;
  pairs: number;
  storedBase: { scenario: ScenarioResult; canary: CanarySample[]; process?: number[] } | null;
  cells: CellRecording[];
}

// ---------------------------------------------------------------- noise

interface NoiseHandle {
  stop(): Promise<void>;
}

/**
 * Starts a neighbour (or a cgroup cap) that lasts until stop(). Every loop is bounded in time,
 * and a neighbour also ends as soon as this process is gone (its parent pid changes), so a
 * bench that is killed never leaves a spinning core behind to spoil the next measurement.
 */
function startNoise(kind: Noise): NoiseHandle | null {
  const bounded = `const end = Date.now() + 3600e3; const parent = ${process.pid}; const alive = () => process.ppid === parent && Date.now() < end;`;
  if (kind === 'quiet') return { stop: async () => {} };
  if (kind === 'spinner') return child(`${bounded} for (;;) { const t = Date.now() + 50; while (Date.now() < t) {} if (!alive()) break; }`);
  if (kind === 'duty50') {
    return child(`${bounded} const r = () => 200 + Math.random() * 1300;
      (function burst() { if (!alive()) return; const stop = Date.now() + r(); while (Date.now() < stop) {} setTimeout(burst, r()); })();`);
  }
  return throttle(1.3);
}

function child(code: string): NoiseHandle {
  const p: ChildProcess = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  return {
    stop: async () => {
      p.kill('SIGKILL');
    },
  };
}

/** Puts this process (and so every process it starts afterwards) in a cgroup capped at `cpus`. */
function throttle(cpus: number): NoiseHandle | null {
  const root = '/sys/fs/cgroup/cpu';
  const dir = join(root, 'loadgate-bench');
  try {
    if (!existsSync(dir)) mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.cfs_period_us'), '100000');
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(Math.round(cpus * 100000)));
    writeFileSync(join(dir, 'cgroup.procs'), String(process.pid));
  } catch (err) {
    console.error(`notice: no cgroup CPU throttling here (${(err as Error).message}); the throttled cells are skipped`);
    return null;
  }
  return {
    async stop() {
      writeFileSync(join(root, 'cgroup.procs'), String(process.pid));
      // Processes started inside may still be exiting: move what is left out, until the group is empty.
      for (let attempt = 0; attempt < 100; attempt++) {
        for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          try {
            writeFileSync(join(root, 'cgroup.procs'), pid);
          } catch {
            // gone already
          }
        }
        try {
          rmdirSync(dir);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      console.error(`notice: could not remove ${dir}; remove it by hand`);
    },
  };
}

// ---------------------------------------------------------------- recording

const targetCommand = (effect: number): string =>
  `"${process.execPath}" "${BIN}" target start --port $PORT --seed 1000${effect !== 1 ? ` --slowdown ${effect}` : ''}`;

function openSide(effect: number): Promise<TargetSide> {
  return openTargetSide(targetCommand(effect), { seed: 1000, allowCommand: true, metricsUrl: '/metrics' });
}

/** PAIRS split into PROCESSES runs as evenly as possible, e.g. 48 over 4: 12 each. */
function processRuns(): number[] {
  const k = Math.max(1, Math.min(PROCESSES, PAIRS));
  return Array.from({ length: k }, (_, i) => Math.floor((PAIRS * (i + 1)) / k) - Math.floor((PAIRS * i) / k));
}

/** Repetitions of several runs of one scenario as one result, renumbered in order. */
function concat(parts: ScenarioResult[]): ScenarioResult {
  const repetitions = parts.flatMap((p) => p.repetitions).map((r, index) => ({ ...r, index }));
  return { ...parts[0]!, repetitions };
}

/**
 * One measured part per entry of processRuns(), each on target processes freshly started by
 * `open` (measureSides warms them up first), and the process index of every repetition.
 */
async function recordOnProcesses<T>(open: () => Promise<TargetSide[]>, measure: (sides: TargetSide[], count: number) => Promise<T>): Promise<{ parts: T[]; process: number[] }> {
  const parts: T[] = [];
  const processOf: number[] = [];
  for (const [i, count] of processRuns().entries()) {
    const sides = await open();
    try {
      parts.push(await measure(sides, count));
      processOf.push(...Array.from({ length: count }, () => i));
    } finally {
      await Promise.all(sides.map((s) => s.stop()));
    }
  }
  return { parts, process: processOf };
}

async function recordAb(plan: SuitePlan, effect: number): Promise<{ base: ScenarioResult; head: ScenarioResult; process: number[] }> {
  const { parts, process: processOf } = await recordOnProcesses(
    async () => [await openSide(1), await openSide(effect)],
    (sides, count) => measureSides(plan, sides, { count, labels: ['base', 'head'] }),
  );
  return { base: concat(parts.map((m) => m.scenarios[0]![0]!)), head: concat(parts.map((m) => m.scenarios[1]![0]!)), process: processOf };
}

async function recordStored(plan: SuitePlan, effect: number): Promise<{ scenario: ScenarioResult; canary: CanarySample[]; process: number[] }> {
  const canary = await openPlanCanary(plan);
  try {
    const { parts, process: processOf } = await recordOnProcesses(async () => [await openSide(effect)], (sides, count) => measureSides(plan, sides, { count, canary }));
    return { scenario: concat(parts.map((m) => m.scenarios[0]![0]!)), canary: parts.flatMap((m) => m.canary), process: processOf };
  } finally {
    await canary.close();
  }
}

/** Real end-to-end gates of one cell, as users run them. */
async function realDecisions(config: ResolvedConfig, mode: Mode, effect: number, storedBaseFile: string | null, dir: string): Promise<{ verdicts: GateVerdict[]; notes: string[] }> {
  const verdicts: GateVerdict[] = [];
  const notes: string[] = [];
  for (let i = 0; i < REAL; i++) {
    const common = { config, profile: PROFILE, scenarios: [SCENARIO], engine: ENGINE, count: N, outDir: dir, reportDir: join(dir, `r${Date.now()}`), formats: ['json' as const] };
    if (mode === 'ab') {
      const o = await runAb({ ...common, base: targetCommand(1), head: targetCommand(effect) });
      verdicts.push(o.comparison.verdict);
      notes.push(o.comparison.reasons[0] ?? '');
    } else {
      const o = await runGate({ ...common, target: 'embedded', targetOptions: effect !== 1 ? { slowdown: effect } : {}, baselineFile: storedBaseFile! });
      verdicts.push(o.comparison.verdict);
      notes.push(o.comparison.reasons[0] ?? '');
    }
  }
  return { verdicts, notes };
}

/** The baseline a real stored gate reads: the first N repetitions of the quiet pool and their canary samples. */
async function writeStoredBaseline(plan: SuitePlan, pool: NonNullable<Recording['storedBase']>, dir: string): Promise<string> {
  const side: TargetSide = { url: 'http://127.0.0.1', metricsUrl: null, describe: { url: 'http://127.0.0.1', kind: 'external' }, stop: async () => {} };
  const base = resultsFileOf(plan, side, [{ ...pool.scenario, repetitions: pool.scenario.repetitions.slice(0, N) }], true, {
    canary: { version: CANARY_VERSION, samples: pool.canary.slice(0, N) },
  });
  return writeResultsFile(dir, base);
}

async function setUp(): Promise<{ config: ResolvedConfig; dir: string; plan: SuitePlan }> {
  const config = await loadConfig({ root: PACKAGE_ROOT });
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-bench-gate-'));
  config.resultsDir = dir;
  config.reportsDir = dir;
  const plan = await planSuite({ config, profile: PROFILE, scenarios: [SCENARIO], engine: ENGINE, count: PAIRS });
  return { config, dir, plan };
}

/**
 * REAL_ONLY=1 with DATA: the real end-to-end gates again, with the code as it is now, under
 * each recorded cell's noise; the recordings themselves are kept.
 */
async function realAgain(recording: Recording): Promise<Recording> {
  const { config, dir, plan } = await setUp();
  const storedBaseFile = recording.storedBase ? await writeStoredBaseline(plan, recording.storedBase, dir) : null;
  for (const cell of recording.cells) {
    const handle = startNoise(cell.noise);
    if (!handle) continue;
    try {
      log(`${REAL} real gate${REAL === 1 ? '' : 's'}: ${cell.mode} ${cell.noise} ×${cell.effect}`);
      const real = await realDecisions(config, cell.mode, cell.effect, storedBaseFile, dir);
      cell.real = real.verdicts;
      cell.realNotes = real.notes;
      writeFileSync(OUT, JSON.stringify(recording));
    } finally {
      await handle.stop();
    }
  }
  return recording;
}

async function record(): Promise<Recording> {
  const { config, dir, plan } = await setUp();
  mkdirSync(dirname(OUT), { recursive: true });
  const recording: Recording = { createdAt: new Date().toISOString(), pairs: PAIRS, storedBase: null, cells: [] };
  let storedBaseFile: string | null = null;
  if (MODES.includes('stored')) {
    log('recording the stored baseline pool (quiet, effect 1, with the canary)');
    recording.storedBase = await recordStored(plan, 1);
    storedBaseFile = await writeStoredBaseline(plan, recording.storedBase, dir);
  }
  for (const noise of NOISES) {
    for (const effect of EFFECTS) {
      for (const mode of MODES) {
        const handle = startNoise(noise);
        if (!handle) continue;
        try {
          log(`recording ${mode} ${noise} ×${effect}: ${PAIRS} ${mode === 'ab' ? 'pairs' : 'repetitions'} on ${processRuns().length} fresh target process${mode === 'ab' ? ' pairs' : 'es'}`);
          let cell: CellRecording;
          if (mode === 'ab') {
            cell = { noise, effect, mode, ...(await recordAb(plan, effect)), real: [], realNotes: [] };
          } else {
            const r = await recordStored(plan, effect);
            cell = { noise, effect, mode, head: r.scenario, canary: r.canary, process: r.process, real: [], realNotes: [] };
          }
          log(`  ${REAL} real gate${REAL === 1 ? '' : 's'}`);
          const real = await realDecisions(config, mode, effect, storedBaseFile, dir);
          cell.real = real.verdicts;
          cell.realNotes = real.notes;
          recording.cells.push(cell);
          writeFileSync(OUT, JSON.stringify(recording));
        } finally {
          await handle.stop();
        }
      }
    }
  }
  return recording;
}

// ---------------------------------------------------------------- resampling

/** `k` distinct indices of 0..n-1, in random order. */
function draw(n: number, k: number, rand: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, k);
}

/**
 * Two rounds' repetition indices for one resampled gate: round 1 (`first` of them) from one
 * recorded process, round 2 (`second`) from another, as a real gate restarts the services for
 * its confirmation round. A recording on one process draws both from it, without replacement.
 */
function drawRounds(processOf: number[] | undefined, total: number, first: number, second: number, rand: () => number): [number[], number[]] {
  const runs = [...new Set(processOf ?? [])];
  if (!processOf || runs.length < 2) {
    const drawn = draw(total, first + second, rand);
    return [drawn.slice(0, first), drawn.slice(first)];
  }
  const [a, b] = draw(runs.length, 2, rand).map((i) => runs[i]!);
  const from = (run: number, k: number): number[] => {
    const idx = processOf.flatMap((p, i) => (p === run ? [i] : []));
    return draw(idx.length, Math.min(k, idx.length), rand).map((i) => idx[i]!);
  };
  return [from(a!, first), from(b!, second)];
}

function file(runId: string, scenario: ScenarioResult, picks: number[], extra: Partial<ResultsFile> = {}): ResultsFile {
  return {
    schema: 1,
    runId,
    createdAt: '2026-12-04T00:00:00Z',
    profile: PROFILE,
    complete: true,
    engine: { name: 'embedded', version: 'bench' },
    environment: { gitSha: null, gitBranch: null, nodeVersion: process.version, os: 'linux', cpuModel: 'bench', cores: 2, memoryBytes: 1, fingerprint: 'bench' },
    target: { url: 'http://127.0.0.1', kind: 'external' },
    scenarios: [{ ...scenario, repetitions: picks.map((i, k) => ({ ...scenario.repetitions[i]!, index: k })) }],
    ...extra,
  };
}

/** One replayed gate's outcome: its verdict and why. */
type Decision = Pick<Comparison, 'verdict' | 'reasons'>;

function pairOf(a: string, b: string): [Partial<ResultsFile>, Partial<ResultsFile>] {
  return [{ sideBySide: { side: 'base', otherRunId: b, order: [] } }, { sideBySide: { side: 'head', otherRunId: a, order: [] } }];
}

/** The gate's decision on one resample: round 1, and the confirmation round when round 1 found a regression. */
function decideAb(cell: CellRecording, rand: () => number): Decision {
  const [r1, r2] = drawRounds(cell.process, cell.head.repetitions.length, N, N, rand);
  const [b1, h1] = pairOf('b1', 'h1');
  const base1 = file('b1', cell.base!, r1, b1);
  const head1 = file('h1', cell.head, r1, h1);
  const round1 = compareRuns(base1, head1);
  if (RULE === 'two-rounds') {
    // The rule before the pooled confirmation: round 2 alone, at alpha, on what round 1 found regressed.
    if (metricsToConfirm(round1).length === 0) return round1;
    const [b2, h2] = pairOf('b2', 'h2');
    return confirmRegressions(round1, file('b2', cell.base!, r2, b2), file('h2', cell.head, r2, h2), {});
  }
  const picks = screenSideBySide(round1, base1, head1, SETTINGS);
  if (picks.length === 0) return round1;
  // Round 2's pairs name each other, as a real confirmation round's files do.
  const [b2, h2] = pairOf('b2', 'h2');
  return confirmSideBySide(round1, picks, { base1, head1, base2: file('b2', cell.base!, r2, b2), head2: file('h2', cell.head, r2, h2) }, SETTINGS);
}

function decideStored(base: NonNullable<Recording['storedBase']>, cell: CellRecording, rand: () => number): Decision {
  // The baseline was measured on one process, long before; the head's two rounds on two more.
  const [b] = drawRounds(base.process, base.scenario.repetitions.length, N, 0, rand);
  const [h1, h2] = drawRounds(cell.process, cell.head.repetitions.length, N, N, rand);
  const h = [...h1, ...h2];
  const canaryOf = (samples: CanarySample[], picks: number[]) => ({ version: CANARY_VERSION, samples: picks.map((i) => samples[i]!).filter(Boolean) });
  const baseFile = file('b', base.scenario, b, { canary: canaryOf(base.canary, b) });
  const round1 = compareRuns(baseFile, file('h1', cell.head, h.slice(0, N), { canary: canaryOf(cell.canary!, h.slice(0, N)) }));
  if (metricsToConfirm(round1).length === 0 || round1.drift?.status === 'changed') return round1;
  return confirmRegressions(round1, baseFile, file('h2', cell.head, h.slice(N), { canary: canaryOf(cell.canary!, h.slice(N)) }), {});
}

function analyse(recording: Recording): void {
  const rand = seededRandom(20261204);
  const rows: string[][] = [['mode', 'noise', 'effect', 'false FAIL %', 'inconclusive %', 'detection %', 'PASS %', 'real gates']];
  const notes: string[] = [];
  for (const cell of recording.cells) {
    const counts: Record<GateVerdict, number> = { pass: 0, fail: 0, inconclusive: 0, 'measurement-failed': 0 };
    const falseFails = new Map<string, number>();
    for (let i = 0; i < RESAMPLES; i++) {
      const d = cell.mode === 'ab' ? decideAb(cell, rand) : decideStored(recording.storedBase!, cell, rand);
      counts[d.verdict]++;
      if (cell.effect === 1 && d.verdict === 'fail') {
        // What failed an unchanged build: the metric (the reason's text up to its numbers).
        const what = /^(.*?) regressed/.exec(d.reasons[0] ?? '')?.[1] ?? d.reasons[0] ?? '?';
        falseFails.set(what, (falseFails.get(what) ?? 0) + 1);
      }
    }
    if (falseFails.size > 0) notes.push(`${cell.mode} ${cell.noise} A/A false FAILs by metric: ${[...falseFails].sort((a, b) => b[1] - a[1]).map(([m, k]) => `${m} ×${k}`).join(', ')}`);
    const pct = (k: number): string => ((100 * k) / RESAMPLES).toFixed(1);
    const aa = cell.effect === 1;
    rows.push([
      cell.mode,
      cell.noise,
      aa ? 'A/A' : `×${cell.effect}`,
      aa ? pct(counts.fail) : '—',
      pct(counts.inconclusive),
      aa ? '—' : pct(counts.fail),
      pct(counts.pass),
      cell.real.map((v) => v.toUpperCase()).join(' ') || '—',
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((x, c) => x.padEnd(widths[c]!)).join('  '));
  for (const n of notes) console.log(n);
  const processes = Math.max(...recording.cells.map((c) => new Set(c.process ?? [0]).size));
  const where = processes > 1 ? `, round 1 from one of ${processes} recorded target processes (pairs) and round 2 from another` : ', both rounds from one target process (pair) per cell';
  console.log(`\n${RESAMPLES} resampled decisions per cell, ${N} repetitions a round drawn without replacement from ${recording.pairs} recorded ${recording.cells.some((c) => c.mode === 'ab') ? 'pairs / repetitions' : 'repetitions'}${where}; recorded ${recording.createdAt}.`);
}

/**
 * Why no canary-normalised comparison is offered: in the stored A/A cells, how far the canary
 * moved against the quiet baseline pool, beside how far each gating metric moved. Dividing by
 * the canary would only work if the two moved together.
 */
function sensitivity(recording: Recording): void {
  const base = recording.storedBase;
  if (!base) return;
  const med = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const shift = (a: number[], b: number[]): string => `${((med(b) / med(a) - 1) * 100).toFixed(0)}%`;
  const metricValues = (sc: ScenarioResult, metric: string, stat: string): number[] =>
    sc.repetitions.map((r) => r.summary.metrics[metric]?.values[stat]).filter((v): v is number => typeof v === 'number');
  const gating = base.scenario.gating.filter((g) => !/failed|checks/.test(g.metric));
  const rows: string[][] = [['noise (stored A/A)', 'canary cpu loop', 'canary http', ...gating.map((g) => `${g.metric} ${g.stat}`)]];
  for (const cell of recording.cells.filter((c) => c.mode === 'stored' && c.effect === 1 && c.canary)) {
    rows.push([
      cell.noise,
      shift(base.canary.map((c) => c.cpuLoopMs), cell.canary!.map((c) => c.cpuLoopMs)),
      shift(base.canary.map((c) => c.httpMedMs), cell.canary!.map((c) => c.httpMedMs)),
      ...gating.map((g) => shift(metricValues(base.scenario, g.metric, g.stat), metricValues(cell.head, g.metric, g.stat))),
    ]);
  }
  console.log('\nHow far each moved against the quiet baseline pool (medians), same build:');
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((x, c) => x.padEnd(widths[c]!)).join('  '));
}

function log(text: string): void {
  process.stderr.write(`[bench:gate ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

const saved: Recording | null = process.env.DATA ? (JSON.parse(readFileSync(process.env.DATA, 'utf8')) as Recording) : null;
const recording: Recording = saved ? (process.env.REAL_ONLY ? await realAgain(saved) : saved) : await record();
analyse(recording);
sensitivity(recording);
if (!saved || process.env.REAL_ONLY) console.log(`recording: ${OUT} (re-analyse with DATA=${OUT})`);
