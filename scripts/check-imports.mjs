#!/usr/bin/env node
/**
 * The import-direction check: data flows one way through src/, so a module may import
 * its own folder and the folders of LOWER stages only. The stages, ground floor first:
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** src/ folders from the ground floor up; src/index.ts (the public API) stands above all. */
export const STAGES = [
  'core', //      errors, atomic writes, environment, the k6 summary shape, threshold grammar
  'stats', //     pure statistics: median + interval, U test, normal, corrections, paired tests
  'benchstat', // benchstat's input and output formats, byte for byte
  'engine', //    the embedded k6-compatible engine: a script in, a k6 summary out
  'bundle', //    esbuild: scenario .ts → k6 bundle
  'results', //   the results file: format, per-repetition values, histogram codec, merge, importers
  'compare', //   per-metric and per-scenario decisions; the one verdict rule
  'config', //    loadgate.config.ts, profiles, the one defaults object
  'history', //   baselines, history store, trend data, change points
  'report', //    renderers: HTML, Markdown, JUnit, JSON, trend
  'target', //    the reference service
  'runner', //    suite orchestration: engine choice, target sides, repetitions
  'gate', //      pipelines: stored-baseline gate, ab, base-ref, confirmation
  'bisect', //    loadgate bisect: the search over builds, on the gate's side-by-side measurement
  'k8s', //       Kubernetes manifests for distributed runs
  'cli', //       argv → commands; the only code that exits
];

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/g;

function sourceFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** The stage of a path relative to src/ ('index' for src/index.ts and other top-level files). */
function stageOf(srcRelative) {
  const [first, ...rest] = srcRelative.split('/');
  return rest.length === 0 ? 'index' : first;
}

function rank(stage) {
  return stage === 'index' ? STAGES.length : STAGES.indexOf(stage);
}

/**
 * Every import in src/ that runs from a lower stage to a higher one (or touches a folder
 * missing from STAGES), as `file:line imports 'specifier' (from → to)`.
 * @param {string} repoRoot the repository root (holds src/)
 * @returns {string[]}
 */
export function importDirectionViolations(repoRoot) {
  const src = join(repoRoot, 'src');
  const violations = [];
  for (const file of sourceFiles(src)) {
    const fromPath = relative(src, file).split('\\').join('/');
    const from = stageOf(fromPath);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const target = posix.normalize(posix.join(posix.dirname(fromPath), match[2]));
      if (target.startsWith('../')) continue; // outside src/ (package.json and the like)
      const to = stageOf(target);
      const line = text.slice(0, match.index).split('\n').length;
      const where = `src/${fromPath}:${line} imports '${match[2]}'`;
      if (rank(from) < 0 || rank(to) < 0) {
        violations.push(`${where}: folder ${rank(from) < 0 ? from : to}/ is not a stage in scripts/check-imports.mjs`);
      } else if (rank(to) > rank(from)) {
        violations.push(`${where}: ${from}/ must not import the higher stage ${to}/`);
      }
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const violations = importDirectionViolations(root);
  for (const v of violations) console.error(v);
  console.log(violations.length ? `${violations.length} import(s) against the flow` : `imports flow one way: ${STAGES.join(' → ')}`);
  process.exit(violations.length ? 1 : 0);
}
