// Runs one TypeScript benchmark: bundles bench/<name>.ts with esbuild (packages
// stay external) into .loadgate/bench/ and executes it with the same Node.
// Usage: node scripts/run-bench.mjs <name> [args...]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const [name, ...args] = process.argv.slice(2);
const entry = `bench/${name}.ts`;
if (!name || !existsSync(entry)) {
  console.error(`usage: node scripts/run-bench.mjs <name>; no ${entry}`);
  process.exit(2);
}
const outfile = `.loadgate/bench/${name}.mjs`;
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' });
const r = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
