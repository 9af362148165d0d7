import { join } from 'node:path';
import { compareRuns } from '../compare/index.js';
import type { Comparison, ComparisonSettings } from '../compare/model.js';
import { writeResultsFile } from '../core/results-store.js';
import { writeReports, type ReportFormat } from '../report/index.js';
import { measureSides, planSuite, type RunSuiteOptions, type RunSuiteResult } from './run-suite.js';
import { openTargetSide, type TargetSide } from './target-side.js';

export interface AbOptions extends Omit<RunSuiteOptions, 'target'> {
  /** The build to compare against: `embedded`, a URL, or a command that serves on `$PORT`. */
  base: string;
  /** The build under judgement, same forms as `base`. */
  head: string;
  /** Report directory; overrides config.reportsDir. */
  reportDir?: string;
  /** @default ['html', 'markdown', 'junit', 'json'] */
  formats?: ReportFormat[];
  compare?: Partial<ComparisonSettings>;
}

export interface AbOutcome {
  base: RunSuiteResult;
  head: RunSuiteResult;
  comparison: Comparison;
  reports: Record<string, string>;
}

/**
 * Interleaved A/B: the same scenarios against two builds of a service, A B A B …,
 * so machine drift lands on both sides alike, then the comparator on the two
 * sample sets. The honest way to gate on a noisy CI runner: no stored baseline
 * from another day, another machine load, another kernel.
 */
export async function runAb(options: AbOptions): Promise<AbOutcome> {
  const plan = await planSuite(options);
  const open = (spec: string): Promise<TargetSide> =>
    openTargetSide(spec, {
      seed: plan.profile.targetSeed,
      targetOptions: options.targetOptions,
      allowCommand: true,
      metricsUrl: options.config.target.metricsUrl,
      onStarted: (url) => options.onEvent?.({ kind: 'target-started', url, seed: plan.profile.targetSeed }),
    });
  const baseSide = await open(options.base);
  let headSide: TargetSide;
  try {
    headSide = await open(options.head);
  } catch (err) {
    await baseSide.stop();
    throw err;
  }
  const [baseResults, headResults] = await measureSides(plan, [baseSide, headSide], ['base', 'head']);
  const dir = options.outDir ?? options.config.resultsDir;
  const base = { results: baseResults!, file: await writeResultsFile(dir, baseResults!) };
  const head = { results: headResults!, file: await writeResultsFile(dir, headResults!) };
  const comparison = compareRuns(base.results, head.results, { ...options.config.compare, ...options.compare });
  const reports = await writeReports(
    { comparison, head: head.results, base: base.results, title: `A/B: ${options.base} vs ${options.head}` },
    options.reportDir ?? join(options.config.reportsDir, `ab-${head.results.runId}`),
    options.formats ?? ['html', 'markdown', 'junit', 'json'],
  );
  return { base, head, comparison, reports };
}
