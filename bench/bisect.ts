/**
 * How well does `loadgate bisect` find a commit (issue 15)? A repository of 17 commits (the
 * good end and 16 after it) of a small service: commit SLOW makes the main handler 1.3x slower,
 * commit OTHER makes an unrelated second handler 1.05x slower; the scenario hits both (3:1), and
 * bisect follows http_req_duration med.
 *
 *   npm run bench:bisect
 *
 * Per condition (`quiet`; `spinner`, a neighbour process spinning one core):
 * 1. Recording: every commit is built and started (bisect's own CommitPool), then ROUNDS rounds
 *    each run one repetition of every commit, in a fresh random order per round, so any two
 *    commits' repetitions of one round are an interleaved pair measured close in time.
 * 2. Resampling: RESAMPLES simulated bisects, each the real search (search.ts) and the real
 *    comparator (measure.ts Interleaved → compareRuns) on repetitions drawn from the recording:
 *    each round of a step takes PAIRS recorded rounds not yet used in that step, with the three
 *    commits' repetitions of those rounds as its interleaved triples. The ends check is the same
 *    rule as run-bisect.ts. Resampled bisects reuse one recording, so they share its machine
 *    state; the real bisects check that.
 * 3. REAL end-to-end bisects (runBisect, building nothing new: the builds are cached).
 *
 * Prints per condition: how often the right commit is named, steps (mean, and ⌈log2 16⌉ + 2),
 * repetitions, and wall time (real bisects measured; resampled ones estimated from the
 * recording's mean time per repetition).
 *
 * Each recording is saved to .loadgate/bench/bisect-recording-<time>.json.
 *
 * Env: ROUNDS (15), PAIRS (6: the fewest whose first round can reach the per-look level), RESAMPLES (200),
 * REAL (1), DURATION (300ms), NOISE (quiet,spinner).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRange } from '../src/bisect/commits.js';
import { CommitPool, Interleaved, metricOf, pairEffectOf, type TrackedMetric } from '../src/bisect/measure.js';
import { runBisect } from '../src/bisect/run-bisect.js';
import { idealSteps, searchRange, stepConfidence, type MeasureStep, type PairEffect } from '../src/bisect/search.js';
import { DEFAULT_COMPARISON_SETTINGS } from '../src/compare/index.js';
import { loadConfig } from '../src/config/index.js';
import { PACKAGE_ROOT } from '../src/core/package-root.js';
import { seededRandom } from '../src/core/random.js';
import type { Repetition, ScenarioResult } from '../src/results/results.js';
import { measureSides, planSuite, type SidesMeasurement, type SuitePlan } from '../src/runner/run-suite.js';
import type { TargetSide } from '../src/runner/target-side.js';
import { BUILD, config, makeRepo, SERVER, type FixtureCommit } from '../test/bisect/fixture-repo.js';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const PAIRS = Number(process.env.PAIRS ?? 6);
const RESAMPLES = Number(process.env.RESAMPLES ?? 200);
const REAL = Number(process.env.REAL ?? 1);
const DURATION = process.env.DURATION ?? '300ms';
const NOISES = (process.env.NOISE ?? 'quiet,spinner').split(',');
const MAX_ROUNDS = 3;
const N = 16;
const SLOW = 11;
const OTHER = 5;
const MAIN_MS = 1.0;
const OTHER_MS = 0.5;

const SCENARIO = `import http from 'k6/http';
export const options = { vus: 2, duration: '${DURATION}' };
export default function () {
  http.get(\`\${__ENV.BASE_URL}/\`);
  if (__ITER % 3 === 0) http.get(\`\${__ENV.BASE_URL}/other\`);
}
`;

function commits(): FixtureCommit[] {
  const out: FixtureCommit[] = [{ subject: 'a small service', files: { 'build.mjs': BUILD, 'loadgate.config.ts': config(PAIRS), 'perf/hit.js': SCENARIO, 'src/server.mjs': SERVER(MAIN_MS, OTHER_MS) } }];
  for (let i = 1; i <= N; i++) {
    const main = i >= SLOW ? MAIN_MS * 1.3 : MAIN_MS;
    const other = i >= OTHER ? OTHER_MS * 1.05 : OTHER_MS;
    const subject = i === SLOW ? 'main handler 1.3x slower' : i === OTHER ? 'other handler 1.05x slower' : `change ${i}`;
    out.push({ subject, files: { 'src/server.mjs': SERVER(main, other), [`NOTES-${i}.md`]: `${i}\n` } });
  }
  return out;
}

interface Recorded {
  /** reps[commit][round] */
  reps: Repetition[][];
  /** perm[round]: commit indices in the order they ran. */
  perm: number[][];
  scenario: Omit<ScenarioResult, 'repetitions'>;
  msPerRepetition: number;
}

async function record(plan: SuitePlan, pool: CommitPool, random: () => number): Promise<Recorded> {
  const sides: TargetSide[] = [];
  for (let c = 0; c <= N; c++) {
    const side = await pool.open(c);
    if ('skip' in side) throw new Error(`commit ${c}: ${side.skip}`);
    sides.push(side);
  }
  const reps: Repetition[][] = sides.map(() => []);
  const perm: number[][] = [];
  let scenario: Recorded['scenario'] | null = null;
  const t0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const order = sides.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    perm.push(order);
    for (const c of order) {
      const m = await measureSides(plan, [sides[c]!], { count: 1, warmupRounds: 0 });
      const sc = m.scenarios[0]![0]!;
      scenario ??= { name: sc.name, file: sc.file, thresholds: sc.thresholds, gating: sc.gating };
      reps[c]!.push({ ...sc.repetitions[0]!, index: r });
    }
    process.stderr.write(`  recorded round ${r + 1}/${ROUNDS}\n`);
  }
  const out = { reps, perm, scenario: scenario!, msPerRepetition: (performance.now() - t0) / (ROUNDS * (N + 1)) };
  writeFileSync(join(PACKAGE_ROOT, '.loadgate', 'bench', `bisect-recording-${Date.now()}.json`), JSON.stringify(out));
  return out;
}

const fakeSide = (c: number): TargetSide => ({ url: `http://commit-${c}`, metricsUrl: null, describe: { url: `http://commit-${c}`, kind: 'external' }, stop: async () => {} });

/** An Interleaved accumulator fed from recorded rounds instead of live services. */
function replay(rec: Recorded, commits: number[]): { acc: Interleaved; add: (rounds: number[]) => void } {
  const acc = new Interleaved(commits, commits.map(fakeSide));
  const add = (rounds: number[]): void => {
    const measured: SidesMeasurement = {
      scenarios: commits.map((c) => [{ ...rec.scenario, repetitions: rounds.map((r, k) => ({ ...rec.reps[c]![r]!, index: k })) }]),
      complete: true,
      order: [],
      sequences: rounds.map((r) => rec.perm[r]!.filter((c) => commits.includes(c)).map((c) => commits.indexOf(c))),
      canary: [],
    };
    acc.add(measured);
  };
  return { acc, add };
}

function draw(random: () => number, used: Set<number>): number[] {
  const free = [...Array(ROUNDS).keys()].filter((r) => !used.has(r));
  const out: number[] = [];
  while (out.length < PAIRS && free.length > 0) out.push(free.splice(Math.floor(random() * free.length), 1)[0]!);
  for (const r of out) used.add(r);
  return out;
}

/** One simulated bisect on the recording: the ends rule of run-bisect.ts, then the real search. */
async function simulate(plan: SuitePlan, rec: Recorded, tracked: TrackedMetric[], random: () => number): Promise<{ named: number[]; steps: number; repetitions: number }> {
  // Every look at the ends or a step at alpha / MAX_ROUNDS, as run-bisect.ts does.
  const s = { ...DEFAULT_COMPARISON_SETTINGS, alpha: DEFAULT_COMPARISON_SETTINGS.alpha / MAX_ROUNDS };
  const ends = replay(rec, [0, N]);
  const usedEnds = new Set<number>();
  let effect: PairEffect | null = null;
  for (let round = 0; round < MAX_ROUNDS && !effect?.regressed; round++) {
    ends.add(draw(random, usedEnds));
    effect = pairEffectOf(metricOf(ends.acc.compare(plan, 0, N, tracked, s), tracked[0]!));
  }
  let repetitions = ends.acc.repetitions;
  if (!effect?.regressed) return { named: [], steps: 0, repetitions };
  let step: { key: string; r: ReturnType<typeof replay>; used: Set<number> } | null = null;
  const measure: MeasureStep = async (lo, mid, hi, round) => {
    const key = `${lo}/${mid}/${hi}`;
    if (round === 0 || step?.key !== key) step = { key, r: replay(rec, [lo, mid, hi]), used: new Set() };
    const before = step.r.acc.repetitions;
    step.r.add(draw(random, step.used));
    repetitions += step.r.acc.repetitions - before;
    const eff = (a: number, b: number): PairEffect => pairEffectOf(metricOf(step!.r.acc.compare(plan, a, b, tracked, s), tracked[0]!));
    return { left: eff(lo, mid), right: eff(mid, hi), rounds: round + 1, repetitions: step.r.acc.repetitions };
  };
  const out = await searchRange(N, measure, { settings: { maxRounds: MAX_ROUNDS }, endsEffect: effect, endsConfidence: stepConfidence('bad', { left: effect, right: effect, rounds: 1, repetitions: 0 }) });
  return { named: out.culprits.map((c) => c.index), steps: out.steps.length, repetitions };
}

function spinner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (k: number, n: number): string => `${k}/${n} (${((100 * k) / n).toFixed(0)} %)`;

async function main(): Promise<void> {
  const { repo, shas } = await makeRepo(commits(), 'loadgate-bench-bisect-');
  const cache = await mkdtemp(join(tmpdir(), 'loadgate-bench-bisect-cache-'));
  process.env.LOADGATE_CACHE_DIR = cache;
  process.chdir(repo);
  const cfg = await loadConfig({});
  cfg.base.keepBuilds = N + 1; // keep every build: the recording and the real bisects share them
  const plan = await planSuite({ config: cfg, profile: 'smoke', scenarios: ['hit'], engine: 'embedded' });
  const tracked: TrackedMetric[] = [{ scenario: 'hit', gating: { metric: 'http_req_duration', stat: 'med', direction: 'lower', minEffectPct: 5, gate: true } }];
  const range = await resolveRange(repo, shas[0]!, 'main');
  console.log(`bisect benchmark: ${N} commits after the good end, 1.3x at #${SLOW}, unrelated 1.05x at #${OTHER}; ${PAIRS} pairs a round, ≤ ${MAX_ROUNDS} rounds a step, repetitions of ${DURATION}`);
  console.log(`machine: ${(await import('node:os')).cpus().length} cores, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (shared with other work)`);
  const rows: string[] = [];
  for (const noise of NOISES) {
    const neighbour = noise === 'spinner' ? spinner() : null;
    try {
      const random = seededRandom(0xb15ec7 + rows.length);
      const pool = new CommitPool(plan, range.repo, range.commits, 'node dist/server.mjs', []);
      let rec: Recorded;
      try {
        rec = await record(plan, pool, random);
      } finally {
        await pool.close();
      }
      const sims = [];
      for (let i = 0; i < RESAMPLES; i++) sims.push(await simulate(plan, rec, tracked, random));
      const right = sims.filter((x) => x.named.length === 1 && x.named[0] === SLOW).length;
      const includes = sims.filter((x) => x.named.includes(SLOW)).length;
      const endsMissed = sims.filter((x) => x.steps === 0).length;
      const real: string[] = [];
      for (let i = 0; i < REAL; i++) {
        const t0 = performance.now();
        const o = await runBisect({ config: cfg, profile: 'smoke', scenarios: ['hit'], engine: 'embedded', good: shas[0]!, bad: 'main', metrics: ['http_req_duration:med'], formats: ['json'], reportDir: join(repo, 'reports', `real-${noise}-${i}`) });
        const named = (o.search?.culprits ?? []).map((c) => c.index);
        real.push(`${o.status} ${named.join('+') || '-'}${named.length === 1 && named[0] === SLOW ? ' (right)' : ' (WRONG)'}, ${o.search?.steps.length ?? 0} steps, ${o.repetitions} reps, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      const steps = mean(sims.map((x) => x.steps));
      const reps = mean(sims.map((x) => x.repetitions));
      rows.push(
        `| ${noise} | ${pct(right, RESAMPLES)} | ${pct(includes, RESAMPLES)} | ${pct(endsMissed, RESAMPLES)} | ${steps.toFixed(2)} (≤ ${idealSteps(N) + 2}) | ${reps.toFixed(0)} | ${((reps * rec.msPerRepetition) / 1000).toFixed(0)} s | ${rec.msPerRepetition.toFixed(0)} ms | ${real.join('; ')} |`,
      );
      console.log(rows.at(-1));
    } finally {
      neighbour?.kill('SIGKILL');
    }
  }
  console.log('\n| noise | names #SLOW alone | names #SLOW (maybe with another) | ends not reproduced | steps mean | repetitions mean | est. wall time | ms per repetition | real bisects |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  rmSync(cache, { recursive: true, force: true });
}

await main();
