import { Command, CommanderError } from 'commander';
import { ExitCode, K6ExitCode, LoadgateError } from '../core/errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { loadCommands } from './commands/index.js';

/**
 * The CLI entry: parses argv, runs one command, returns its exit code.
 * Commands return their exit code; errors thrown as LoadgateError carry theirs.
 * The bin (bin/loadgate.js) is the only place that calls process.exit.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('loadgate')
    .description('Load tests as TypeScript k6 scenarios, compared benchstat-style, gated in CI.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .version(packageVersion(), '-V, --version', 'print the loadgate version')
    // `--version` is loadgate's before a command name, the command's own after it (`report --version 2.4.0`).
    .enablePositionalOptions();
  for (const mod of await loadCommands(argv)) {
    mod.register(program, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err);
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version exit 0; `k6 run` usage errors exit as k6 does (255); any other is bad usage.
    if (err.exitCode === 0) return ExitCode.ok;
    return err.exitCode === K6ExitCode.usage ? K6ExitCode.usage : ExitCode.badInput;
  }
  if (err instanceof LoadgateError) {
    process.stderr.write(`loadgate: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`loadgate: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return ExitCode.measurementFailed;
}
