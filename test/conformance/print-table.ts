/**
 * Prints the conformance table (run through scripts/conformance-table.mjs):
 *   node scripts/conformance-table.mjs [--details] [--draft] [--json FILE] [--engine host|cli]
 *     [--engine-root DIR] [script-name-substring ...]
 * Runs every script with the engine (dist/, so `npm run build` first), the k6 on K6_PATH/PATH
 * and the k6 v0.49 at LOADGATE_K6_V049, two processes at a time. --engine cli starts
 * `node bin/loadgate.js` per script (slower; what a user runs), host (default) runs the same
 * CLI main() in long-lived processes. --engine-root: another loadgate checkout's bin/ and dist/.
 * --from-json FILE: judge the results a --json run saved instead of running again.
 * --draft: source for known-gaps.ts/generations.ts entries covering what no entry explains.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { runAll, type ScriptResult } from './harness.js';
import { engineCliRunner, engineHostRunners, engineKey, k6Runner } from './runners.js';
import { findK6Generations } from '../helpers/k6-generations.js';
import { loadScripts } from './scripts.js';
import { checkKnownGaps, draftEntries } from './known-gaps-check.js';
import { startConformanceServer } from './server.js';
import { renderDetails, renderTable } from './table.js';

const args = process.argv.slice(2);
const details = args.includes('--details');
const draft = args.includes('--draft');
function flag(name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}
const jsonFile = flag('--json');
const fromJson = flag('--from-json');
const engineMode = flag('--engine') ?? 'host';
const engineRoot = resolve(flag('--engine-root') ?? PACKAGE_ROOT);
const valued = new Set(['--json', '--from-json', '--engine', '--engine-root']);
const filters = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
if (engineMode !== 'host' && engineMode !== 'cli') throw new Error(`--engine must be host or cli, got "${engineMode}"`);

const found = await findK6Generations();
if (!found.current) process.stderr.write('conformance: no k6 on K6_PATH or PATH: the current generation is not compared\n');
if (!found.v049) process.stderr.write('conformance: LOADGATE_K6_V049 is not set: k6 v0.49 is not compared\n');
const generations = found.all.map(k6Runner);
const hosts = engineMode === 'cli' ? null : engineHostRunners(generations.map((g) => g.label), join(engineRoot, 'dist', 'cli', 'main.js'));
const engines = hosts ? hosts.runners : generations.map((g) => engineCliRunner(g.label, join(engineRoot, 'bin', 'loadgate.js')));
const allSpecs = await loadScripts();
const specs = allSpecs.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)));
const server = await startConformanceServer();
const workRoot = await mkdtemp(join(tmpdir(), 'loadgate-conformance-'));
const started = performance.now();
try {
  const results: ScriptResult[] = fromJson
    ? (JSON.parse(await readFile(fromJson, 'utf8')) as ScriptResult[]).filter((r) => specs.some((s) => s.name === r.spec.name))
    : await runAll({ specs, runners: [...engines, ...generations], baseUrl: server.url, workRoot });
  // From a saved run: the generations it measured, whatever is on this machine now.
  const labels = fromJson ? [...new Set(results.flatMap((r) => Object.keys(r.observations)))].filter((l) => !l.startsWith('engine@')) : generations.map((g) => g.label);
  process.stdout.write(`${[...engines, ...generations].map((g) => `${g.label}: ${g.versionLine}`).join('\n')}\n\n`);
  process.stdout.write(`${renderTable(results, labels)}\n`);
  const perRunner = [...labels.map(engineKey), ...labels].map((l) => `${l} ${(results.reduce((t, r) => t + (r.wallMs[l] ?? 0), 0) / 1000).toFixed(1)} s`);
  process.stdout.write(`(${specs.length} scripts in ${((performance.now() - started) / 1000).toFixed(1)} s; run time summed per runner: ${perRunner.join(', ')})\n`);
  const check = checkKnownGaps(results, labels, allSpecs.map((s) => s.name));
  if (check.problems.length) process.stdout.write(`\nAgainst test/conformance/known-gaps.ts and generations.ts:\n${check.problems.join('\n')}\n`);
  if (details) {
    for (const g of labels) process.stdout.write(`\n== engine vs k6 ${g} ==\n${renderDetails(results, engineKey(g), g)}\n`);
    if (labels.length === 2) process.stdout.write(`\n== k6 ${labels[0]} vs k6 ${labels[1]} ==\n${renderDetails(results, labels[0] as string, labels[1] as string)}\n`);
  }
  if (draft) {
    process.stdout.write(`\n== draft entries for known-gaps.ts ==\n${draftEntries(results, labels, 'known-gaps')}\n`);
    process.stdout.write(`\n== draft entries for generations.ts ==\n${draftEntries(results, labels, 'generations')}\n`);
  }
  if (jsonFile) await writeFile(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await hosts?.close();
  await server.close();
  await rm(workRoot, { recursive: true, force: true });
}
