/**
 * `loadgate bisect --from-gate <report.json>`, and bisect's default metric: what a gate flagged.
 * A gate that failed a PR or a release leaves a JSON report (the view model every format draws,
 * report/index.ts); its comparison rows whose verdict is "regressed" are the metrics a team
 * wants to follow back through the commits, in the scenarios that showed them. With no
 * --metric, bisect takes them from the newest gate report under the reports directory that
 * flagged any, and says which file it read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BisectError } from '../core/errors.js';
import { REPORT_FILE_NAMES } from '../report/index.js';

export interface GateFlags {
  /** The report read. */
  file: string;
  /** Scenarios with at least one regressed metric, in report order. */
  scenarios: string[];
  /** `metric:stat` selectors, as --metric takes them, each once. */
  metrics: string[];
  /** One line for people: which report, and what it flagged. */
  why: string;
}

interface ReportShape {
  generatedAt?: unknown;
  scenarios?: Array<{ name?: unknown; comparisons?: Array<{ metric?: unknown; stat?: unknown; verdict?: { word?: unknown } }> }>;
}

/**
 * The regressed metrics of a gate's JSON report.
 * @throws BisectError naming the file when it is not a loadgate JSON report or flagged nothing
 */
export async function flagsFromGateReport(file: string): Promise<GateFlags> {
  const report = await readReport(file);
  const flagged = regressedIn(report);
  if (flagged === null) throw new BisectError(`--from-gate ${file}: not a loadgate JSON report (expected a "scenarios" array of { name, comparisons }, as report.json of loadgate gate/ab)`);
  if (flagged.length === 0) throw new BisectError(`--from-gate ${file}: the gate flagged no regressed metric; name one with --metric`);
  return describe(file, flagged);
}

/**
 * The newest `report.json` directly under `reportsDir`'s run folders that flagged a regressed
 * metric, or null when there is none (no reports yet, or every gate passed).
 */
export async function flagsFromLatestGate(reportsDir: string): Promise<GateFlags | null> {
  let names: string[];
  try {
    names = await readdir(reportsDir);
  } catch {
    return null;
  }
  const reports: Array<{ file: string; mtimeMs: number }> = [];
  for (const name of names) {
    const file = join(reportsDir, name, REPORT_FILE_NAMES.json);
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) reports.push({ file, mtimeMs: info.mtimeMs });
  }
  reports.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { file } of reports) {
    const flagged = regressedIn(await readReport(file).catch(() => null));
    if (flagged && flagged.length > 0) return describe(file, flagged);
  }
  return null;
}

async function readReport(file: string): Promise<ReportShape> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new BisectError(`--from-gate ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return JSON.parse(text) as ReportShape;
  } catch (err) {
    throw new BisectError(`--from-gate ${file}: not JSON (${(err as Error).message})`);
  }
}

/** [scenario, metric:stat] pairs whose comparison regressed; null when the shape is not a report's. */
function regressedIn(report: ReportShape | null): Array<[string, string]> | null {
  if (!report || typeof report !== 'object' || !Array.isArray(report.scenarios)) return null;
  const out: Array<[string, string]> = [];
  for (const s of report.scenarios) {
    if (typeof s?.name !== 'string' || !Array.isArray(s.comparisons)) return null;
    for (const c of s.comparisons) {
      if (c?.verdict?.word === 'regressed' && typeof c.metric === 'string' && typeof c.stat === 'string') out.push([s.name, `${c.metric}:${c.stat}`]);
    }
  }
  return out;
}

function describe(file: string, flagged: Array<[string, string]>): GateFlags {
  const scenarios = [...new Set(flagged.map(([s]) => s))];
  const metrics = [...new Set(flagged.map(([, m]) => m))];
  return { file, scenarios, metrics, why: `following what the gate flagged (${file}): ${flagged.map(([s, m]) => `${s}: ${m}`).join(', ')}` };
}
