/**
 * The conformance scripts (scripts/*.js) and what each one's header says its run fixes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCRIPTS_DIR } from './paths.js';

/**
 * A script's first `// conformance: {...}` line says what its run fixes:
 * counts: metrics whose totals the executor fixes (Counter: count; Rate: passes/fails; Gauge: value);
 * checks: "exact" (default) compares pass/fail counts, "shape" only whether each check passed and/or failed;
 * args: extra `k6 run` flags; stdout: compare stdout (a handleSummary that prints);
 * unstable: metric names left out of the metrics point because whether they appear depends on
 * the machine's load (dropped_iterations under an arrival rate), not on the implementation.
 */
export interface ScriptSpec {
  name: string;
  path: string;
  about: string;
  counts: string[];
  checks: 'exact' | 'shape';
  args: string[];
  stdout: boolean;
  unstable: string[];
}

const HEADER = /^\/\/ conformance: (\{.*\})\s*$/m;
const ABOUT = /^\/\/ about: (.*)$/m;

export async function loadScripts(dir = SCRIPTS_DIR): Promise<ScriptSpec[]> {
  const names = (await readdir(dir)).filter((n) => /\.(js|ts)$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const source = await readFile(join(dir, name), 'utf8');
      const header = HEADER.exec(source);
      if (!header?.[1]) throw new Error(`${name}: missing the "// conformance: {...}" header line`);
      const meta = JSON.parse(header[1]) as Partial<ScriptSpec>;
      return {
        name,
        path: join(dir, name),
        about: ABOUT.exec(source)?.[1]?.trim() ?? '',
        counts: meta.counts ?? [],
        checks: meta.checks ?? 'exact',
        args: meta.args ?? [],
        stdout: meta.stdout ?? false,
        unstable: meta.unstable ?? [],
      };
    }),
  );
}

