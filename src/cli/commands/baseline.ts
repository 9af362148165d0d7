import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { ExitCode } from '../../core/errors.js';
import { listBaselines, promoteBaseline, selectBaseline, summarizeBaseline, type BaselineInfo } from '../../history/baseline-catalog.js';
import { saveBaseline } from '../../history/baseline-store.js';
import { captureEnvironment } from '../../results/environment.js';
import { readResultsFile } from '../../results/results-store.js';
import type { CommandModule } from './types.js';

const CONFIG_FLAG = ['-c, --config <file>', 'config file (default: loadgate.config.ts if present)'] as const;

/** Plain aligned columns for the terminal. */
export function formatBaselineTable(rows: BaselineInfo[]): string {
  if (rows.length === 0) return 'no baselines stored\n';
  const header = ['profile', 'environment', 'run id', 'created', 'scenarios', 'repetitions'];
  const cells = rows.map((b) => [b.profile, `${b.fingerprint}  ${b.environment}`, b.runId, b.createdAt.replace(/\.\d+Z$/, 'Z'), String(b.scenarios), String(b.repetitions)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]): string => c.map((v, i) => (i >= 4 ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}

export const baselineCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const baseline = program
      .command('baseline')
      .description('Manage stored baselines (baselines/<profile>/<environment fingerprint>.json)')
      .addHelpText(
        'after',
        `
A baseline is a complete results file (no interrupted run, no failed repetition)
stored per profile and environment fingerprint, so a laptop run is never silently
judged against a CI runner's numbers.
  save      store a run as the baseline; refuses to replace one unless --replace
  promote   make a run the new reference on purpose: replaces the baseline of its
            profile and environment and records --reason in promotions.ndjson
  list      every stored baseline
  show      one baseline's run, environment and per-metric medians with CI
Replaced baselines are moved to baselines/<profile>/history/, never deleted.`,
      );
    baseline
      .command('save')
      .description('Promote a results file to the baseline of its profile and environment')
      .argument('<results>', 'a results file written by `loadgate run` or `loadgate gate`')
      .option('--replace', 'replace an existing baseline (the old one is kept under history/)')
      .option(...CONFIG_FLAG)
      .action(async (resultsFile: string, opts: { replace?: boolean; config?: string }) => {
        const config = await loadConfig({ configFile: opts.config });
        const results = await readResultsFile(resultsFile);
        const saved = await saveBaseline(config.baselinesDir, results, { replace: opts.replace, sourceFile: resultsFile });
        if (saved.replaced) process.stdout.write(`previous baseline kept as ${saved.replaced}\n`);
        process.stdout.write(`baseline saved: ${saved.file} (profile ${results.profile}, environment ${results.environment.fingerprint})\n`);
        setExitCode(ExitCode.ok);
      });
    baseline
      .command('promote')
      .description('Make a results file the new baseline of its profile and environment, recording why')
      .argument('<results>', 'a complete results file')
      .requiredOption('-r, --reason <text>', 'why this run is the new reference (recorded in promotions.ndjson)')
      .option(...CONFIG_FLAG)
      .action(async (resultsFile: string, opts: { reason: string; config?: string }) => {
        const config = await loadConfig({ configFile: opts.config });
        const results = await readResultsFile(resultsFile);
        const by = process.env.GITHUB_ACTOR ?? process.env.USER ?? undefined;
        const promoted = await promoteBaseline(config.baselinesDir, results, opts.reason, { sourceFile: resultsFile, by });
        if (promoted.replaced) process.stdout.write(`previous baseline kept as ${promoted.replaced}\n`);
        process.stdout.write(`baseline promoted: ${promoted.file} (profile ${results.profile}, environment ${results.environment.fingerprint})\n`);
        process.stdout.write(`reason recorded in ${promoted.log}\n`);
        setExitCode(ExitCode.ok);
      });
    baseline
      .command('list')
      .description('List stored baselines: profile, environment, run, date, scenarios, repetitions')
      .option('-p, --profile <name>', 'only this profile')
      .option('--json', 'print JSON instead of a table')
      .option(...CONFIG_FLAG)
      .action(async (opts: { profile?: string; json?: boolean; config?: string }) => {
        const config = await loadConfig({ configFile: opts.config });
        const rows = await listBaselines(config.baselinesDir, opts.profile);
        process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : formatBaselineTable(rows));
        setExitCode(ExitCode.ok);
      });
    baseline
      .command('show')
      .description("Summarize a profile's baseline (this machine's environment unless --env)")
      .argument('<profile>', 'profile name, e.g. ci')
      .option('--env <fingerprint>', 'environment fingerprint (see `loadgate baseline list`)')
      .option(...CONFIG_FLAG)
      .action(async (profile: string, opts: { env?: string; config?: string }) => {
        const config = await loadConfig({ configFile: opts.config });
        const local = opts.env ? undefined : (await captureEnvironment(config.root)).fingerprint;
        const info = await selectBaseline(config.baselinesDir, profile, { fingerprint: opts.env, localFingerprint: local });
        process.stdout.write(summarizeBaseline(info, await readResultsFile(info.file), config.compare.confidence));
        setExitCode(ExitCode.ok);
      });
  },
};
