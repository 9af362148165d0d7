import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { CommandModule } from './types.js';

export const historyCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const history = program.command('history').description('Manage the append-only run history that `loadgate trend` reads');
    history
      .command('append')
      .description('Append results files to history/<profile>.ndjson (one line per run; a run already there is skipped)')
      .argument('<results...>', 'results files written by `loadgate run` or `loadgate gate`')
      .option('--history-dir <dir>', 'history directory (default: history/ in the project root)')
      .option('-c, --config <file>', 'config file (default: loadgate.config.ts if present)')
      .action(async (files: string[], opts: { historyDir?: string; config?: string }) => {
        const { loadConfig } = await import('../../config/index.js');
        const { appendHistory } = await import('../../history/history-store.js');
        const { readResultsFile } = await import('../../results/results-store.js');
        const config = await loadConfig({ configFile: opts.config });
        const dir = opts.historyDir ?? config.historyDir;
        for (const file of files) {
          const results = await readResultsFile(file);
          const appended = await appendHistory(dir, results);
          if (appended.repaired) process.stderr.write(`warning: ${appended.repaired}\n`);
          process.stdout.write(`${appended.appended ? 'appended' : 'already in history'}: ${results.runId} → ${appended.file}\n`);
        }
        setExitCode(ExitCode.ok);
      });
  },
};
