import type { CommandModule } from './types.js';

/**
 * Every CLI command by name, in the order `loadgate --help` lists them, each loaded on
 * demand: a run of one command loads that command's modules only (`loadgate k6 run`
 * starts without loading the gate, the reports or the target).
 */
export const commandLoaders: ReadonlyArray<readonly [name: string, load: () => Promise<CommandModule>]> = [
  ['gate', async () => (await import('./gate.js')).gateCommand],
  ['run', async () => (await import('./run.js')).runCommand],
  ['ab', async () => (await import('./ab.js')).abCommand],
  ['bisect', async () => (await import('./bisect.js')).bisectCommand],
  ['compare', async () => (await import('./compare.js')).compareCommand],
  ['probe', async () => (await import('./probe.js')).probeCommand],
  ['report', async () => (await import('./report.js')).reportCommand],
  ['baseline', async () => (await import('./baseline.js')).baselineCommand],
  ['target', async () => (await import('./target.js')).targetCommand],
  ['trend', async () => (await import('./trend.js')).trendCommand],
  ['history', async () => (await import('./history.js')).historyCommand],
  ['merge', async () => (await import('./merge.js')).mergeCommand],
  ['k8s', async () => (await import('./k8s.js')).k8sCommand],
  ['k6', async () => (await import('./k6.js')).k6Command],
];

/**
 * The commands `argv` needs: the one it names first, or all of them when it names none
 * (`--help`, a typo: commander then lists or suggests every command).
 */
export async function loadCommands(argv: readonly string[]): Promise<CommandModule[]> {
  const named = commandLoaders.find(([name]) => name === argv[0]);
  const loaders = named ? [named] : commandLoaders;
  return Promise.all(loaders.map(([, load]) => load()));
}
