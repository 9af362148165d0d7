/**
 * `loadgate bisect --from-trend <history file>`: the two sides of a change point of the weekly
 * trend as the bisect's ends. The trend (history/trend.ts) finds each gating series' change
 * points; the latest *regression* among the series (the named metrics only, when --metric is
 * given) is taken, preferring one where neither the machine (canary) nor the environment
 * changed, since such a step may not be the code. The good end is the commit of the last run
 * before the change, the bad end the commit of the first run at the new level, and the series
 * becomes the metric to follow.
 */
import { basename, dirname } from 'node:path';
import { BisectError } from '../core/errors.js';
import { readHistory } from '../history/history-store.js';
import { buildTrend, type TrendChangePoint, type TrendSeries } from '../history/trend.js';

export interface TrendEnds {
  good: string;
  bad: string;
  scenario: string;
  /** `metric:stat`, as --metric takes it. */
  metric: string;
  /** One line for people: which change point, how big, and any caveat. */
  why: string;
}

/**
 * The ends of the latest regression change point in a history file (`history/<profile>.ndjson`).
 * @throws BisectError naming the file when it has no usable change point
 */
export async function endsFromTrend(file: string, metrics: Array<{ metric: string; stat: string }> = []): Promise<TrendEnds> {
  const profile = basename(file).replace(/\.ndjson$/, '');
  const history = await readHistory(dirname(file), profile);
  if (history.records.length === 0) throw new BisectError(`--from-trend ${file}: no runs in this history file (or it does not exist)`);
  const trend = buildTrend(history.records);
  const wanted = (s: TrendSeries): boolean => metrics.length === 0 || metrics.some((m) => m.metric === s.metric && m.stat === s.stat);
  const candidates = trend.series
    .filter(wanted)
    .flatMap((series) => series.changePoints.filter((cp) => cp.kind === 'regression' && cp.index > 0).map((cp) => ({ series, cp })));
  if (candidates.length === 0) throw new BisectError(`--from-trend ${file}: no regression change point in ${metrics.length > 0 ? 'the series of --metric' : 'any series'} over ${history.records.length} runs; give --good and --bad instead`);
  const clean = (cp: TrendChangePoint): boolean => !cp.machineChanged && !cp.environmentChanged;
  const latest = (xs: typeof candidates) => xs.sort((a, b) => b.cp.index - a.cp.index)[0];
  const pick = latest(candidates.filter((c) => clean(c.cp))) ?? latest(candidates)!;
  const { series, cp } = pick;
  const before = series.points[cp.index - 1]!;
  const after = series.points[cp.index]!;
  if (!before.gitSha || !after.gitSha) throw new BisectError(`--from-trend ${file}: the runs around the change point of ${series.scenario}: ${series.metric} ${series.stat} (${before.runId}, ${after.runId}) record no git commit`);
  if (before.gitSha === after.gitSha) throw new BisectError(`--from-trend ${file}: the runs around the change point of ${series.scenario}: ${series.metric} ${series.stat} measured the same commit ${before.gitSha.slice(0, 12)}: the step is not the code`);
  const caveat = clean(cp) ? '' : ' (the machine or environment changed there too: the step may not be the code)';
  const delta = cp.deltaPct === null ? '' : ` ${cp.deltaPct > 0 ? '+' : ''}${cp.deltaPct.toFixed(1)}%`;
  return {
    good: before.gitSha,
    bad: after.gitSha,
    scenario: series.scenario,
    metric: `${series.metric}:${series.stat}`,
    why: `from the trend: ${series.scenario}: ${series.metric} ${series.stat}${delta} between run ${before.runId} (${before.gitSha.slice(0, 12)}) and run ${after.runId} (${after.gitSha.slice(0, 12)})${caveat}`,
  };
}
