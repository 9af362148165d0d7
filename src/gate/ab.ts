import { gateOutputDirs } from './output-dirs.js';
import type { ComparisonSettings } from '../compare/model.js';
import type { ReportFormat } from '../report/index.js';
import { planSuite, type RunSuiteOptions } from '../runner/run-suite.js';
import { openTargetSide, type TargetSide } from '../runner/target-side.js';
import { runSideBySide, type SideBySideOutcome } from './side-by-side.js';

export interface AbOptions extends Omit<RunSuiteOptions, 'target' | 'canary'> {
  /** The build to compare against: `embedded`, a URL, or a command that serves on `$PORT`. */
  base: string;
  /** The build under judgement, same forms as `base`. */
  head: string;
  /** Report directory; overrides config.reportsDir. */
  reportDir?: string;
  /** @default ['html', 'markdown', 'junit', 'json'] */
  formats?: ReportFormat[];
  compare?: Partial<ComparisonSettings>;
  /** Re-measure regressed scenarios in a second round before failing. @default true */
  confirm?: boolean;
}

export type AbOutcome = SideBySideOutcome;

/**
 * Interleaved A/B of two services given as specs: the same scenarios against both, in
 * counterbalanced pairs, so machine drift lands on both sides alike; a regression is
 * confirmed in a second round before it fails. The honest way to gate on a noisy CI runner:
 * no stored baseline from another day, another machine load, another kernel.
 */
export async function runAb(options: AbOptions): Promise<AbOutcome> {
  const plan = await planSuite({ ...options, outputDirs: gateOutputDirs(options, null) });
  const open = (spec: string, side: string): Promise<TargetSide> =>
    openTargetSide(spec, {
      seed: plan.profile.targetSeed,
      targetOptions: options.targetOptions,
      allowCommand: true,
      metricsUrl: options.config.target.metricsUrl,
      commandEnv: { LOADGATE_SIDE: side, LOADGATE_SEED: String(plan.profile.targetSeed) },
      onStarted: (url) => options.onEvent?.({ kind: 'target-started', url, seed: plan.profile.targetSeed }),
    });
  const baseSide = await open(options.base, 'base');
  let headSide: TargetSide;
  try {
    headSide = await open(options.head, 'head');
  } catch (err) {
    await baseSide.stop();
    throw err;
  }
  return runSideBySide({
    plan,
    base: baseSide,
    head: headSide,
    labels: { base: options.base, head: options.head },
    compare: options.compare,
    confirm: options.confirm,
    reportDir: options.reportDir,
    formats: options.formats,
  });
}
