/**
 * Runs each conformance script with real k6 and with the embedded engine (the CLI a user
 * runs: `loadgate k6 run`), and reduces every run to the points a k6 user compares:
 * exit code, metric names, checks per group path, fixed counts, threshold verdicts, the
 * log lines on stderr and (where a script asks) what handleSummary printed.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { findK6Binary } from '../../src/runner/k6-binary/index.js';
import { normaliseStderr, type LogLine } from './normalise.js';
import { SCRIPTS_DIR } from './paths.js';

export { SCRIPTS_DIR };

/** What is compared, per script. */
export const POINTS = ['exit', 'metrics', 'checks', 'counts', 'thresholds', 'log', 'logfmt', 'stdout'] as const;
export type Point = (typeof POINTS)[number];

/**
 * A script's first `// conformance: {...}` line says what its run fixes:
 * counts: metrics whose totals the executor fixes (Counter: count; Rate: passes/fails; Gauge: value);
 * checks: "exact" (default) compares pass/fail counts, "shape" only whether each check passed and/or failed;
 * args: extra `k6 run` flags; stdout: compare stdout (a handleSummary that prints);
 * unstable: metric names left out of the metrics point because whether they appear depends on
 * the machine's load (dropped_iterations under an arrival rate), not on the implementation.
 */
export interface ScriptSpec {
  name: string;
  path: string;
  about: string;
  counts: string[];
  checks: 'exact' | 'shape';
  args: string[];
  stdout: boolean;
  unstable: string[];
}

export interface Runner {
  /** The k6 generation ("2.2", "0.49"), or the engine run compared with one ("engine@2.2"). */
  label: string;
  /** `k6 version`'s first line, or how the engine is run. */
  versionLine: string;
  run(spec: ScriptSpec, summaryFile: string, baseUrl: string, cwd: string): Promise<ProcessResult>;
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RawRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The --summary-export file, parsed; null when none was written (or it was empty). */
  summary: SummaryExport | null;
  /** Files the run left in its working directory (handleSummary outputs), sorted. */
  files: string[];
}

interface SummaryGroup {
  groups: Record<string, SummaryGroup>;
  checks: Record<string, { path: string; passes: number; fails: number }>;
}
interface SummaryExport {
  root_group?: SummaryGroup;
  metrics?: Record<string, Record<string, unknown> & { thresholds?: Record<string, boolean> }>;
}

/** Each point reduced to a string that is equal exactly when a user would see the same thing. */
export type Observation = Record<Point, string>;

/** A run may not take longer than this; scripts hold well under 2 s of load. */
const RUN_TIMEOUT_MS = 30_000;

const HEADER = /^\/\/ conformance: (\{.*\})\s*$/m;
const ABOUT = /^\/\/ about: (.*)$/m;

export async function loadScripts(dir = SCRIPTS_DIR): Promise<ScriptSpec[]> {
  const names = (await readdir(dir)).filter((n) => /\.js$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const source = await readFile(join(dir, name), 'utf8');
      const header = HEADER.exec(source);
      if (!header?.[1]) throw new Error(`${name}: missing the "// conformance: {...}" header line`);
      const meta = JSON.parse(header[1]) as Partial<ScriptSpec>;
      return {
        name,
        path: join(dir, name),
        about: ABOUT.exec(source)?.[1]?.trim() ?? '',
        counts: meta.counts ?? [],
        checks: meta.checks ?? 'exact',
        args: meta.args ?? [],
        stdout: meta.stdout ?? false,
        unstable: meta.unstable ?? [],
      };
    }),
  );
}

/** The observation key of the engine run compared with k6 generation `generation` ("engine@2.2"). */
export function engineKey(generation: string): string {
  return `engine@${generation}`;
}

/** The engine's --compat for a k6 generation label: every 0.x behaves like v0.49, 1.x and 2.x like v2. */
export function compatFor(generation: string): 'v2' | 'v0.49' {
  return generation.startsWith('0.') ? 'v0.49' : 'v2';
}

/** `loadgate k6 run` flags, as a user would pass them, matching the k6 generation compared with (--compat). */
function engineArgs(spec: ScriptSpec, summaryFile: string, baseUrl: string, generation: string): string[] {
  return ['k6', 'run', '-q', '--compat', compatFor(generation), '--summary-export', summaryFile, '-e', `BASE_URL=${baseUrl}`, ...spec.args, spec.path];
}

/** The embedded engine as its own process per script: `node bin/loadgate.js k6 run …` (dist/, built by `npm run build`). */
export function engineCliRunner(generation: string, bin = join(PACKAGE_ROOT, 'bin', 'loadgate.js')): Runner {
  return {
    label: engineKey(generation),
    versionLine: `node ${bin} k6 run --compat ${compatFor(generation)}`,
    run: (spec, summaryFile, baseUrl, cwd) => execRun(process.execPath, [bin, ...engineArgs(spec, summaryFile, baseUrl, generation)], cwd),
  };
}

/**
 * The embedded engine through the same CLI main() in long-lived host processes
 * (engine-host.mjs), one job at a time per host: the CLI's 2 s of module loading is paid
 * once per host instead of once per script. One runner per k6 generation, sharing the hosts.
 */
export function engineHostRunners(generations: string[], mainModule = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js')): { runners: Runner[]; close(): Promise<void> } {
  const idle: EngineHost[] = [];
  const all = new Set<EngineHost>();
  const runners = generations.map(
    (generation): Runner => ({
      label: engineKey(generation),
      versionLine: `loadgate k6 run --compat ${compatFor(generation)} (CLI main() from ${mainModule}, in engine-host.mjs)`,
      async run(spec, summaryFile, baseUrl, cwd) {
        const host = idle.pop() ?? new EngineHost(mainModule);
        all.add(host);
        try {
          return await host.run(engineArgs(spec, summaryFile, baseUrl, generation), cwd);
        } finally {
          if (host.alive) idle.push(host);
          else all.delete(host);
        }
      },
    }),
  );
  return {
    runners,
    async close() {
      for (const h of all) h.kill();
      all.clear();
      idle.length = 0;
    },
  };
}

interface HostReply {
  id: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

class EngineHost {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (r: ProcessResult) => void>();
  private nextId = 0;
  alive = true;

  constructor(mainModule: string) {
    this.child = fork(join(PACKAGE_ROOT, 'test', 'conformance', 'engine-host.mjs'), [mainModule], {
      env: childEnv(PACKAGE_ROOT),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stray = '';
    this.child.stdout?.on('data', (c: Buffer) => (stray += c.toString()));
    this.child.stderr?.on('data', (c: Buffer) => (stray += c.toString()));
    this.child.on('message', (m: HostReply | { ready: true }) => {
      if (!('id' in m)) return;
      this.pending.get(m.id)?.({ exitCode: m.exitCode, stdout: m.stdout, stderr: m.stderr });
      this.pending.delete(m.id);
    });
    this.child.on('exit', (code, signal) => {
      this.alive = false;
      // A crash takes the job with it; told as what the real CLI's process would have shown.
      for (const done of this.pending.values()) done({ exitCode: code ?? -1, stdout: '', stderr: `engine host died (${signal ?? code}): ${stray}` });
      this.pending.clear();
    });
  }

  run(args: string[], cwd: string): Promise<ProcessResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.kill(), RUN_TIMEOUT_MS);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.send({ id, args, cwd });
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

export function k6Runner(path: string, version: string, versionLine: string): Runner {
  return {
    label: version.split('.').slice(0, 2).join('.'),
    versionLine,
    // --address= : v0.49 starts its REST API on localhost:6565 unless told not to, and parallel runs would fight over it.
    // K6_AUTO_EXTENSION_RESOLUTION=false: k6 v2 otherwise asks ingest.k6.io to build a binary for an unknown import (no network here).
    run: (spec, summaryFile, baseUrl, cwd) =>
      execRun(path, ['run', '-q', '--address=', '--summary-export', summaryFile, '-e', `BASE_URL=${baseUrl}`, ...spec.args, spec.path], cwd, {
        K6_AUTO_EXTENSION_RESOLUTION: 'false',
      }),
  };
}

export interface FoundK6 {
  /** k6 found the way the runner finds it (K6_PATH, else PATH): the current generation. */
  current: Runner | null;
  /** k6 v0.49 from LOADGATE_K6_V049 (a path to its bin/k6). */
  v049: Runner | null;
  notices: string[];
}

export async function findK6Runners(env: NodeJS.ProcessEnv = process.env): Promise<FoundK6> {
  const notices: string[] = [];
  const current = await findK6Binary(env);
  if (!current) notices.push('no k6 on K6_PATH or PATH: the current generation is not compared');
  let v049: Runner | null = null;
  const v049Path = env['LOADGATE_K6_V049'];
  if (!v049Path) notices.push('LOADGATE_K6_V049 is not set: k6 v0.49 is not compared');
  else {
    const found = await findK6Binary({ ...env, K6_PATH: v049Path });
    if (!found?.version.startsWith('0.49.')) throw new Error(`LOADGATE_K6_V049=${v049Path} answers ${found?.versionLine ?? 'nothing'}, not k6 v0.49`);
    v049 = k6Runner(found.path, found.version, found.versionLine);
  }
  return { current: current ? k6Runner(current.path, current.version, current.versionLine) : null, v049, notices };
}

/** A small, fixed environment: the scripts see the same __ENV under every runner, and nothing from the test process leaks in. */
function childEnv(cwd: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? cwd, CONFORMANCE_SYSTEM_VAR: 'from-system-env', ...extra };
}

function execRun(file: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: childEnv(cwd, extraEnv), timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const exitCode = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

export async function runScript(runner: Runner, spec: ScriptSpec, baseUrl: string, workRoot: string): Promise<RawRun> {
  const cwd = join(workRoot, `${runner.label.replace('@', '-')}-${spec.name}`);
  await rm(cwd, { recursive: true, force: true });
  await mkdir(cwd, { recursive: true });
  const summaryFile = join(cwd, 'summary-export.json');
  const run = await runner.run(spec, summaryFile, baseUrl, cwd);
  const text = await readFile(summaryFile, 'utf8').catch(() => '');
  let summary: SummaryExport | null = null;
  if (text.trim() !== '') summary = JSON.parse(text) as SummaryExport;
  const files = (await readdir(cwd)).filter((f) => f !== 'summary-export.json').sort();
  return { ...run, summary, files };
}

/** Runs tasks with at most `limit` at a time (k6 and the engine each want a core). */
export async function inPool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function walkChecks(group: SummaryGroup | undefined, out: Map<string, { passes: number; fails: number }>): void {
  if (!group) return;
  for (const c of Object.values(group.checks ?? {})) out.set(c.path, { passes: c.passes, fails: c.fails });
  for (const g of Object.values(group.groups ?? {})) walkChecks(g, out);
}

function countOf(metric: Record<string, unknown> | undefined): string {
  if (!metric) return 'absent';
  if ('count' in metric) return String(metric['count']);
  if ('passes' in metric) return `${String(metric['passes'])}/${String(metric['fails'])}`;
  if ('value' in metric) return String(metric['value']);
  return 'no count';
}

function logLine(l: LogLine): string {
  const fields = Object.entries(l.fields)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ` ${k}=${JSON.stringify(v)}`)
    .join('');
  // One line per log entry: a multi-line message (a stack trace) keeps its line breaks as \n.
  return `${l.level}: ${l.msg.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}${fields}`;
}

/** The metrics and checks points when no --summary-export file was written (k6 writes none after exit 104/107). */
const NO_SUMMARY = '(no-summary-export)';

/** Reduces a run to its points; `ctx` holds what normalising needs (the server's port, the run's directory). */
export function observe(run: RawRun, spec: ScriptSpec, ctx: { baseUrl: string; workDir: string }): Observation {
  const s = run.summary;
  const checks = new Map<string, { passes: number; fails: number }>();
  walkChecks(s?.root_group, checks);
  const checkText = [...checks]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, c]) => {
      if (spec.checks === 'exact') return `${path}=${c.passes}/${c.fails}`;
      return `${path}=${c.passes > 0 ? 'pass' : ''}${c.passes > 0 && c.fails > 0 ? '+' : ''}${c.fails > 0 ? 'fail' : ''}`;
    });
  const thresholds: string[] = [];
  for (const [name, m] of Object.entries(s?.metrics ?? {})) {
    for (const [expr, crossed] of Object.entries(m.thresholds ?? {})) thresholds.push(`${name}: ${expr} ${crossed ? 'crossed' : 'ok'}`);
  }
  const { lines, format } = normaliseStderr(run.stderr, ctx);
  return {
    exit: String(run.exitCode),
    metrics: s ? Object.keys(s.metrics ?? {}).filter((n) => !spec.unstable.includes(n)).sort().join(' ') : NO_SUMMARY,
    checks: s ? checkText.join('\n') : NO_SUMMARY,
    counts: spec.counts.map((name) => `${name}=${countOf(s?.metrics?.[name])}`).join(' '),
    thresholds: thresholds.sort().join('; '),
    // Sorted: VUs log concurrently, so the order of their lines is not the implementation's to fix.
    log: lines.map(logLine).sort().join('\n'),
    logfmt: format,
    stdout: spec.stdout ? normaliseStdout(run.stdout, ctx) + (run.files.length ? `\nfiles: ${run.files.join(' ')}` : '') : '',
  };
}

function normaliseStdout(text: string, ctx: { baseUrl: string; workDir: string }): string {
  return text.split(ctx.baseUrl).join('BASE_URL').split(ctx.workDir).join('<cwd>').trim();
}

export interface Difference {
  point: Point;
  left: string;
  right: string;
}

/** The points on which two observations differ (engine vs k6, or one k6 generation vs the other). */
export function differences(left: Observation, right: Observation): Difference[] {
  return POINTS.filter((p) => left[p] !== right[p]).map((point) => ({ point, left: left[point], right: right[point] }));
}

/** How a point's value splits into items (null: compared as one value). */
function itemSeparator(point: Point): string | null {
  if (point === 'log' || point === 'stdout' || point === 'checks') return '\n';
  if (point === 'thresholds') return '; ';
  if (point === 'metrics' || point === 'counts') return ' ';
  return null;
}

/**
 * A difference as items: for lists, one `<label> only: <item>` per item only one side has
 * (in order); for single values, one `<right label>: <v> <left label>: <v>` line. The known
 * gaps match these items, so a new difference inside an already differing point still shows.
 */
export function differenceItems(point: Point, left: string, right: string, labels: [string, string] = ['engine', 'k6']): string[] {
  const sep = itemSeparator(point);
  if (sep !== null) {
    // As multisets: a line k6 prints three times and the engine once is a difference.
    const l = left.split(sep).filter(Boolean);
    const r = right.split(sep).filter(Boolean);
    const items = [...minus(r, l).map((x) => `${labels[1]} only: ${x}`), ...minus(l, r).map((x) => `${labels[0]} only: ${x}`)];
    if (items.length) return items;
  }
  return [`${labels[1]}: ${JSON.stringify(right)} ${labels[0]}: ${JSON.stringify(left)}`];
}

/** The items of `a` left after taking out one of each item of `b`. */
function minus(a: string[], b: string[]): string[] {
  const rest = [...b];
  return a.filter((x) => {
    const at = rest.indexOf(x);
    if (at < 0) return true;
    rest.splice(at, 1);
    return false;
  });
}

/** A difference told for a reader, an item per line. */
export function describeDifference(point: Point, left: string, right: string, labels: [string, string] = ['engine', 'k6']): string {
  return differenceItems(point, left, right, labels)
    .map((i) => `  ${i.replace(/\n/g, '\n      ')}`)
    .join('\n');
}

export interface ScriptResult {
  spec: ScriptSpec;
  /** Observation per runner label ("2.2", "0.49", "engine@2.2", "engine@0.49"). */
  observations: Record<string, Observation>;
  /** How long each runner's run took, ms (for the budget, never asserted). */
  wallMs: Record<string, number>;
}

/** Runs every script with every runner, at most `parallel` processes at a time. */
export async function runAll(opts: { specs: ScriptSpec[]; runners: Runner[]; baseUrl: string; workRoot: string; parallel?: number }): Promise<ScriptResult[]> {
  const jobs = opts.specs.flatMap((spec) => opts.runners.map((runner) => ({ spec, runner })));
  const observed = await inPool(jobs, opts.parallel ?? 2, async ({ spec, runner }) => {
    const workDir = join(opts.workRoot, `${runner.label.replace('@', '-')}-${spec.name}`);
    const t0 = performance.now();
    const run = await runScript(runner, spec, opts.baseUrl, opts.workRoot);
    return { spec, label: runner.label, wallMs: performance.now() - t0, observation: observe(run, spec, { baseUrl: opts.baseUrl, workDir }) };
  });
  return opts.specs.map((spec) => {
    const mine = observed.filter((o) => o.spec === spec);
    return {
      spec,
      observations: Object.fromEntries(mine.map((o) => [o.label, o.observation])),
      wallMs: Object.fromEntries(mine.map((o) => [o.label, Math.round(o.wallMs)])),
    };
  });
}
