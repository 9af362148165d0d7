/**
 * What `loadgate baseline list|show|promote` needs beyond saving: an inventory of the
 * stored baselines, a summary of one, and promotion with a recorded reason.
 *
 * save vs promote: `save` stores a first baseline and refuses to replace one without
 * --replace. `promote` is the deliberate "this is the new normal" decision (after an
 * accepted slowdown, a new runner kind, an optimisation): it replaces the baseline of
 * the run's profile and environment (the old one goes to history/, as with save) and
 * appends WHO/WHY to `<dir>/<profile>/promotions.ndjson`, so every change of the
 * reference a gate compares with has a reason in the repository.
 */
import { existsSync } from 'node:fs';
import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeSamples } from '../stats/median-ci.js';
import { repetitionValue } from '../results/metric-values.js';
import { defaultGatingMetrics } from '../results/default-gating.js';
import { UsageError } from '../core/errors.js';
import type { Environment, ResultsFile } from '../results/results.js';
import { readResultsFile } from '../results/results-store.js';
import { baselinePath, saveBaseline, type SavedBaseline } from './baseline-store.js';
import { withFileLock } from './file-lock.js';
import { pathUnder } from '../core/path-names.js';

export interface BaselineInfo {
  profile: string;
  fingerprint: string;
  /** "Intel Xeon … · 2 cores · 7 GiB · linux x64 · node v20.11.1" */
  environment: string;
  file: string;
  runId: string;
  createdAt: string;
  gitSha: string | null;
  scenarios: number;
  /** Most repetitions of any scenario. */
  repetitions: number;
}

/** One line describing a machine kind, for people. */
export function describeEnvironment(env: Environment): string {
  const os = env.os.split(' ');
  const mem = env.memoryBytes > 0 ? `${Math.round(env.memoryBytes / 2 ** 30)} GiB` : '? GiB';
  return `${env.cpuModel} · ${env.cores} cores · ${mem} · ${[os[0], os[2]].filter(Boolean).join(' ')} · node ${env.nodeVersion}`;
}

function infoOf(profile: string, file: string, results: ResultsFile): BaselineInfo {
  return {
    profile,
    fingerprint: results.environment.fingerprint,
    environment: describeEnvironment(results.environment),
    file,
    runId: results.runId,
    createdAt: results.createdAt,
    gitSha: results.environment.gitSha,
    scenarios: results.scenarios.length,
    repetitions: Math.max(0, ...results.scenarios.map((s) => s.repetitions.length)),
  };
}

/**
 * Every stored baseline (not the replaced ones under history/), by profile then date.
 * @param profile only this profile's
 */
export async function listBaselines(dir: string, profile?: string): Promise<BaselineInfo[]> {
  if (!existsSync(dir)) return [];
  const profiles = profile ? [profile] : (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  const out: BaselineInfo[] = [];
  for (const p of profiles.sort()) {
    const profileDir = pathUnder(dir, p);
    if (!existsSync(profileDir)) continue;
    const files = (await readdir(profileDir)).filter((f) => f.endsWith('.json')).sort();
    for (const name of files) {
      const file = join(profileDir, name);
      out.push(infoOf(p, file, await readResultsFile(file)));
    }
  }
  return out.sort((a, b) => a.profile.localeCompare(b.profile) || b.createdAt.localeCompare(a.createdAt));
}

/**
 * The baseline `show` means: the given environment's, else this machine's, else the
 * only one of the profile. Ambiguity is an error that lists the choices.
 */
export async function selectBaseline(dir: string, profile: string, options: { fingerprint?: string; localFingerprint?: string }): Promise<BaselineInfo> {
  const all = await listBaselines(dir, profile);
  const choices = all.map((b) => `${b.fingerprint} (${b.environment})`).join('; ');
  if (options.fingerprint) {
    const match = all.find((b) => b.fingerprint === options.fingerprint);
    if (!match) throw new UsageError(`no baseline of profile "${profile}" for environment ${options.fingerprint} in ${dir}; stored: ${choices || 'none'}`);
    return match;
  }
  const local = all.find((b) => b.fingerprint === options.localFingerprint);
  if (local) return local;
  if (all.length === 1) return all[0] as BaselineInfo;
  if (all.length === 0) throw new UsageError(`no baseline of profile "${profile}" in ${dir}; save one with \`loadgate baseline save <results file>\``);
  throw new UsageError(`profile "${profile}" has ${all.length} baselines and none of this machine; pick one with --env: ${choices}`);
}

/** A human summary of a baseline: run, environment, and per scenario each gating metric's median and CI. */
export function summarizeBaseline(info: BaselineInfo, results: ResultsFile, confidence = 0.95): string {
  const env = results.environment;
  const lines = [
    `baseline ${info.file}`,
    `  profile       ${results.profile}`,
    `  run           ${results.runId} (${results.createdAt})`,
    `  commit        ${env.gitSha ?? 'unknown'}${env.gitBranch ? ` (${env.gitBranch})` : ''}`,
    `  environment   ${env.fingerprint}: ${describeEnvironment(env)}`,
    `  engine        ${results.engine.name} ${results.engine.version}`,
    `  target        ${results.target.url} (${results.target.kind})`,
  ];
  for (const s of results.scenarios) {
    lines.push('', `scenario ${s.name} (${s.repetitions.length} repetitions, ${s.thresholds.length} thresholds)`);
    for (const g of s.gating.length > 0 ? s.gating : defaultGatingMetrics()) {
      const values = s.repetitions.flatMap((r) => repetitionValue(r, g.metric, g.stat) ?? []);
      if (values.length === 0) continue;
      const sum = summarizeSamples(values, confidence);
      const ci = sum.ciPct === null ? (sum.note ?? 'no CI') : `± ${sum.ciPct.toFixed(1)}%`;
      lines.push(`  ${`${g.metric} ${g.stat}`.padEnd(40)} ${Number(sum.center.toPrecision(6))}  ${ci}  (${g.direction} is better${g.gate ? '' : ', report only'})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface PromotedBaseline extends SavedBaseline {
  /** The promotions log the reason went to. */
  log: string;
}

/**
 * Makes `results` the baseline of its profile and environment, replacing any (kept
 * under history/), and records the reason in `<dir>/<profile>/promotions.ndjson`.
 * @param reason why this run is the new reference; required, one line
 */
export async function promoteBaseline(dir: string, results: ResultsFile, reason: string, options: { sourceFile?: string; by?: string; now?: Date } = {}): Promise<PromotedBaseline> {
  const why = reason.trim();
  if (why === '' || /[\r\n]/.test(why)) throw new UsageError('--reason must be one non-empty line saying why this run becomes the baseline');
  const log = pathUnder(dir, results.profile, 'promotions.ndjson');
  return withFileLock(`${baselinePath(dir, results.profile, results.environment.fingerprint)}.lock`, async () => {
    const saved = await saveBaseline(dir, results, { replace: true, sourceFile: options.sourceFile });
    const entry = {
      at: (options.now ?? new Date()).toISOString(),
      runId: results.runId,
      environment: results.environment.fingerprint,
      gitSha: results.environment.gitSha,
      replaced: saved.replaced,
      by: options.by ?? null,
      reason: why,
    };
    await appendFile(log, `${JSON.stringify(entry)}\n`, { flag: 'a' });
    return { ...saved, log };
  });
}
