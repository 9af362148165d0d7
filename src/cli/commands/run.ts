import type { Command } from 'commander';
import { ExitCode, K6ExitCode } from '../../core/errors.js';
import { addMeasureFlags, measureWith, type MeasureFlags } from '../shared-flags.js';
import type { CommandModule } from './types.js';

interface RunFlags extends MeasureFlags {
  target?: string;
}

export const runCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const cmd = program
      .command('run')
      .description('Run scenarios N times and write a results file (exits 99, like k6, when a target threshold fails)')
      .argument('[scenario...]', 'scenario names (default: all configured)')
      .option('-t, --target <url>', 'service URL, or "embedded" to start the reference target');
    addMeasureFlags(cmd).action(async (scenarios: string[], opts: RunFlags) => {
      const { judgeThresholds } = await import('../../compare/index.js');
      const { measurementProblems } = await import('../../compare/measurement.js');
      const { runSuite } = await import('../../runner/run-suite.js');
      const { results, file } = await measureWith(scenarios, opts, (suite) =>
        runSuite({
          ...suite,
          target: opts.target,
        }),
      );
      process.stdout.write(`results: ${file}\n`);
      const problems = measurementProblems(results);
      if (!results.complete) process.stderr.write('run interrupted: the results file is marked incomplete and cannot become a baseline\n');
      if (problems.length > 0) {
        for (const p of problems) process.stderr.write(`measurement failed: ${p.text}\n`);
        setExitCode(ExitCode.measurementFailed);
        return;
      }
      const failed = results.scenarios.flatMap((s) =>
        judgeThresholds(s)
          .filter((t) => t.verdict === 'fail')
          .map((t) => `${s.name}: ${t.metric} ${t.expression} (measured ${t.measured}${t.unit ? ` ${t.unit}` : ''})`),
      );
      for (const f of failed) process.stderr.write(`threshold failed: ${f}\n`);
      setExitCode(failed.length > 0 ? K6ExitCode.thresholdsCrossed : ExitCode.ok);
    });
  },
};
