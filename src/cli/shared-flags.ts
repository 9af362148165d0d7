import type { Command } from 'commander';
import type { ComparisonSettings, Correction } from '../compare/model.js';
import type { ReportFormat } from '../report/index.js';
import { loadConfig } from '../config/index.js';
import { checkRedisUrl } from '../target/options.js';
import type { EngineChoice, RunSuiteOptions } from '../runner/run-suite.js';
import { withInterrupt } from '../core/interrupt.js';
import { createProgressView } from './progress.js';
import { correction, fraction, listOf, nonNegative, oneOf, positiveInt } from './options.js';

/** Flag groups shared by the commands that measure (run, gate, ab) and compare. */

const ENGINES = ['auto', 'k6', 'embedded'] as const;
const REPORT_FORMATS = ['html', 'markdown', 'junit', 'json', 'comment'] as const;

export interface MeasureFlags {
  profile: string;
  count?: number;
  engine: EngineChoice;
  out?: string;
  config?: string;
  metricsUrl?: string;
}

export interface CompareFlags {
  alpha?: number;
  confidence?: number;
  minEffect?: number;
  correction?: Correction;
}

export interface ReportFlags {
  reportDir?: string;
  format?: ReportFormat[];
}

/** --profile, --count, --engine, --out, --config, --metrics-url. */
export function addMeasureFlags(cmd: Command): Command {
  return cmd
    .option('-p, --profile <name>', 'profile: smoke, ci, weekly, release', 'smoke')
    .option('-n, --count <n>', "repetitions per scenario (default: the profile's)", positiveInt('--count'))
    .option('-e, --engine <engine>', 'auto (k6 when on PATH, else embedded), k6, embedded', oneOf('--engine', ENGINES), 'auto' as EngineChoice)
    .option('-o, --out <dir>', 'directory for results files (default: results/)')
    .option('-c, --config <file>', 'config file (default: loadgate.config.ts if present)')
    .option(
      '--metrics-url <url>',
      "the service's Prometheus endpoint, scraped around each repetition (server_* metrics, CPU per request): a URL, or a path like /metrics relative to the target (default: /metrics for the reference target)",
    );
}

/** --alpha, --confidence, --min-effect, --correction. */
export function addCompareFlags(cmd: Command): Command {
  return cmd
    .option('--alpha <a>', 'significance level (default 0.05)', fraction('--alpha'))
    .option('--confidence <c>', 'confidence of the median interval (default 0.95)', fraction('--confidence'))
    .option('--min-effect <pct>', 'minimum effect in % for a regression (default 5)', nonNegative('--min-effect'))
    .option('--correction <kind>', 'multiple-comparison correction: none, holm, bh (default holm)', correction);
}

/** --report-dir, --format. */
export function addReportFlags(cmd: Command): Command {
  return cmd
    .option('--report-dir <dir>', 'where reports go (default: reports/<run-id>/)')
    .option('--format <list>', `report formats, comma-separated: ${REPORT_FORMATS.join(',')}`, listOf('--format', REPORT_FORMATS));
}

/** The comparison settings the user overrode on the command line. */
export function compareSettingsFrom(flags: CompareFlags): Partial<ComparisonSettings> {
  return {
    ...(flags.alpha !== undefined && { alpha: flags.alpha }),
    ...(flags.confidence !== undefined && { confidence: flags.confidence }),
    ...(flags.minEffect !== undefined && { minEffectPct: flags.minEffect }),
    ...(flags.correction !== undefined && { correction: flags.correction }),
  };
}

/**
 * The common frame of every measuring command: load the config, show progress,
 * stop gracefully on Ctrl-C, and hand `work` the suite options the flags give.
 */
export async function measureWith<T>(scenarios: string[], flags: MeasureFlags, work: (suite: RunSuiteOptions) => Promise<T>): Promise<T> {
  const config = await loadConfig({ configFile: flags.config });
  // The flag overrides the config; validated when the target side opens, before anything runs.
  if (flags.metricsUrl !== undefined) config.target.metricsUrl = flags.metricsUrl;
  // ARCHITECTURE.md: the reference target keeps its cache in Redis when REDIS_URL is set.
  const redisUrl = process.env.REDIS_URL;
  const targetOptions = redisUrl ? { redisUrl: checkRedisUrl(redisUrl, 'REDIS_URL (environment)') } : undefined;
  const progress = createProgressView();
  return withInterrupt((signal) =>
    work({ config, profile: flags.profile, scenarios, count: flags.count, engine: flags.engine, outDir: flags.out, targetOptions, signal, onEvent: progress.onEvent }),
  ).finally(() => progress.stop());
}
