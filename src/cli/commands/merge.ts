import { dirname, resolve } from 'node:path';
import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { ExitCode, UsageError, WouldOverwriteError } from '../../core/errors.js';
import type { ResultsFile } from '../../results/results.js';
import type { SummaryThreshold } from '../../results/importers/summary-thresholds.js';
import { parseThresholdExpression } from '../../core/threshold-expression.js';
import type { CommandModule } from './types.js';

interface MergeFlags {
  force?: boolean;
  threshold: SummaryThreshold[];
}

/** `METRIC=EXPRESSION`, e.g. `http_req_duration{scenario:api}=p(95)<300`; the grammar is checked here. */
function parseThresholdFlag(value: string, previous: SummaryThreshold[]): SummaryThreshold[] {
  const eq = value.indexOf('=');
  const metric = eq > 0 ? value.slice(0, eq).trim() : '';
  const expression = eq > 0 ? value.slice(eq + 1).trim() : '';
  if (metric === '' || expression === '') {
    throw new UsageError(`--threshold must be METRIC=EXPRESSION, e.g. 'http_req_duration{scenario:api}=p(95)<300'; got "${value}"`);
  }
  parseThresholdExpression(expression);
  return [...previous, { metric, expression }];
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** One line per scenario: repetitions, total requests, thresholds that fail on the merged numbers. */
function describeMerged(merged: ResultsFile): string {
  return merged.scenarios
    .map((sc) => {
      const reqs = sc.repetitions.reduce((a, r) => a + (r.summary.metrics.http_reqs?.values.count ?? 0), 0);
      const failed = sc.repetitions.flatMap((r) =>
        Object.entries(r.summary.metrics).flatMap(([m, x]) => Object.entries(x.thresholds ?? {}).filter(([, t]) => !t.ok).map(([e]) => `${m} ${e}`)),
      );
      const fails = [...new Set(failed)];
      return `  ${sc.name}: ${sc.repetitions.length} repetition(s), ${reqs} requests${fails.length ? `; thresholds failing on the merged numbers: ${fails.join(', ')}` : ''}\n`;
    })
    .join('');
}

export const mergeCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('merge')
      .description('Merge the outputs of one run measured by several load generators (k6-operator pods, parallel engines) into one results file')
      .argument('<out>', 'the merged results file to write')
      .argument('<inputs...>', 'one file per instance: loadgate results, k6 --out json (.gz), k6 handleSummary JSON…')
      .option('-f, --force', 'replace <out> if it exists')
      .option('--threshold <metric=expr>', 'also judge this threshold on the merged numbers (repeatable); k6 --out json omits sub-metric thresholds', parseThresholdFlag, [])
      .addHelpText(
        'after',
        `
Counters, checks and rates are summed, HDR histograms added (trend percentiles are
recomputed from them, so each instance needs histograms: a loadgate results file or a
k6 --out json file, not an end-of-test summary), gauges take the largest value, and
thresholds are evaluated again on the merged numbers.`,
      )
      .action(async (out: string, inputs: string[], opts: MergeFlags) => {
        const { loadInputs } = await import('../../results/importers/index.js');
        const { mergeInstances } = await import('../../results/merge-instances.js');
        const { writeFileAtomic } = await import('../../core/atomic-write.js');
        const { ensureWritableDir } = await import('../../core/output-dir.js');
        if (inputs.length < 2) throw new UsageError(`merge needs at least two instance outputs, got ${inputs.length}`);
        if (inputs.includes(out)) throw new UsageError(`${out} is both the output and an input`);
        if (!opts.force && (await exists(out))) throw new WouldOverwriteError(out, 'pass --force to replace it');
        await ensureWritableDir({ dir: dirname(resolve(out)), what: 'folder of the merged file <out>' });
        const parts = [];
        for (const input of inputs) parts.push(await loadInputs([input]));
        const merged = mergeInstances(parts, { labels: inputs, thresholds: opts.threshold });
        try {
          await writeFileAtomic(out, `${JSON.stringify(merged, null, 1)}\n`, { exclusive: !opts.force });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new WouldOverwriteError(out, 'pass --force to replace it');
          throw err;
        }
        process.stdout.write(`merged ${inputs.length} instances into ${out}\n${describeMerged(merged)}`);
        setExitCode(ExitCode.ok);
      });
  },
};
