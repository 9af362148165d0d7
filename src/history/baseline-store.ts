import { measurementProblems } from '../compare/measurement.js';
import { existsSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { UsageError, WouldOverwriteError } from '../core/errors.js';
import type { ResultsFile } from '../results/results.js';
import { readResultsFile } from '../results/results-store.js';
import { pathUnder } from '../core/path-names.js';
import { mkdirLevels } from '../core/output-dir.js';

/**
 * Baselines live in `<dir>/<profile>/<environment fingerprint>.json`, one per
 * profile and machine kind, so a laptop run is never silently judged against a CI
 * runner. A replaced baseline is moved to `<dir>/<profile>/history/`, never lost.
 */
export interface SavedBaseline {
  file: string;
  /** Where the previous baseline went, when one was replaced. */
  replaced: string | null;
}

export interface BaselineMatch {
  results: ResultsFile;
  file: string;
  /** false when no baseline of this environment exists and another one was used. */
  sameEnvironment: boolean;
}

export function baselinePath(dir: string, profile: string, fingerprint: string): string {
  return pathUnder(dir, profile, `${fingerprint}.json`);
}

/** Promotes a results file to the baseline of its profile and environment. */
export async function saveBaseline(
  dir: string,
  results: ResultsFile,
  options: { replace?: boolean; sourceFile?: string } = {},
): Promise<SavedBaseline> {
  const source = options.sourceFile ?? results.runId;
  const problems = measurementProblems(results);
  if (problems.length > 0) {
    throw new UsageError(`${source} is not a complete measurement (${problems.map((p) => p.text).join('; ')}); it cannot become a baseline`);
  }
  const file = baselinePath(dir, results.profile, results.environment.fingerprint);
  let replaced: string | null = null;
  if (existsSync(file)) {
    if (!options.replace) {
      throw new WouldOverwriteError(file, 'a baseline for this profile and environment exists; pass --replace to replace it (the old one is kept under history/)');
    }
    const previous = await readResultsFile(file);
    replaced = pathUnder(dir, results.profile, 'history', `${previous.runId}.json`);
    await mkdirLevels(pathUnder(dir, results.profile, 'history'));
    await rename(file, replaced);
  }
  await writeFileAtomic(file, `${JSON.stringify(results, null, 1)}\n`, { exclusive: true });
  return { file, replaced };
}

/**
 * Finds the baseline for a profile: the one of this environment, else the newest of
 * another environment (flagged), else null.
 */
export async function findBaseline(dir: string, profile: string, fingerprint: string): Promise<BaselineMatch | null> {
  const exact = baselinePath(dir, profile, fingerprint);
  if (existsSync(exact)) return { results: await readResultsFile(exact), file: exact, sameEnvironment: true };
  const profileDir = pathUnder(dir, profile);
  if (!existsSync(profileDir)) return null;
  const candidates = (await readdir(profileDir)).filter((f) => f.endsWith('.json'));
  let best: BaselineMatch | null = null;
  for (const name of candidates) {
    const file = join(profileDir, name);
    const results = await readResultsFile(file);
    if (!best || results.createdAt > best.results.createdAt) best = { results, file, sameEnvironment: false };
  }
  return best;
}
