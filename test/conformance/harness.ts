/**
 * Runs every conformance script with every runner (real k6 generations, the engine per
 * generation) against one local server, at most two processes at a time, and keeps each
 * run's observation.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { observe, type Observation, type RawRun, type SummaryExport } from './observe.js';
import type { Runner } from './runners.js';
import type { ScriptSpec } from './scripts.js';

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
