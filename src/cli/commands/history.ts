import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { ExitCode } from '../../core/errors.js';
import { appendHistory } from '../../history/history-store.js';
import { readResultsFile } from '../../results/results-store.js';
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
