import type { Command } from 'commander';

/** One CLI command: registers itself on the program and reports its exit code through `setExitCode`. */
export interface CommandModule {
  register(program: Command, setExitCode: (code: number) => void): void;
}
