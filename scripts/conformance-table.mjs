// Prints the conformance table: every script in test/conformance/scripts run by the embedded
// engine (dist/: `npm run build` first), the k6 on K6_PATH/PATH and the k6 v0.49 at
// LOADGATE_K6_V049; for each script and point whether the engine agrees with each k6.
// Usage: node scripts/conformance-table.mjs [--details] [--draft] [--json FILE] [--engine host|cli] [--engine-root DIR] [script-name-substring ...]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

const outfile = '.loadgate/conformance/print-table.mjs';
await build({ entryPoints: ['test/conformance/print-table.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' });
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
