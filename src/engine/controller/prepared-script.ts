/**
 * A k6 script compiled (script/compile.ts) and planned onto threads (thread-plan.ts),
 * from the build cache when the script, the files it imports and the compiler's own
 * modules are unchanged since an earlier run: then neither esbuild nor the parsers
 * (acorn, eslint-scope) are loaded. Scripts that fail to compile are never cached.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCacheFile, readBuildCache, writeBuildCache } from '../../core/build-cache.js';
import type { CompiledScript } from '../script/compiled-script.js';
import type { ThreadPlanInfo } from './thread-plan.js';

export interface PreparedScript {
  script: CompiledScript;
  info: ThreadPlanInfo;
}

/** Bump to drop every cached script when the cached shape changes. */
const CACHE_FORMAT = 2;

/**
 * Compiles and plans `scriptPath` for `vuThreads`, or takes both from the cache.
 * @throws as compileScript does (ScriptSyntaxError, ScriptError).
 */
export async function prepareScript(scriptPath: string, vuThreads: 'auto' | 'per-vu' | 'shared'): Promise<PreparedScript> {
  const filename = resolve(scriptPath);
  // esbuild's output names files relative to the working directory.
  const cacheFile = buildCacheFile('k6-script', JSON.stringify([CACHE_FORMAT, filename, process.cwd(), vuThreads]));
  const cached = readBuildCache<PreparedScript>(cacheFile);
  if (cached) return cached;
  const [{ compileScriptWithInputs }, { planVuThreads }] = await Promise.all([import('../script/compile.js'), import('./thread-plan.js')]);
  const { script, inputs } = await compileScriptWithInputs(scriptPath);
  const prepared = planVuThreads(script, vuThreads);
  await writeBuildCache(cacheFile, [...inputs, ...compilerFiles()], prepared);
  return prepared;
}

/**
 * The files whose change changes what a script compiles to: the script stage's modules,
 * the thread plan and this module (src/*.ts or dist/*.js, whichever runs), and the
 * versions of esbuild, acorn and eslint-scope.
 */
function compilerFiles(): string[] {
  const here = fileURLToPath(import.meta.url);
  const require = createRequire(import.meta.url);
  const packages = ['esbuild', 'acorn', 'eslint-scope'].map((name) => require.resolve(`${name}/package.json`));
  const ext = here.endsWith('.ts') ? '.ts' : '.js';
  const scriptDir = join(dirname(here), '..', 'script');
  // Bundled into one file (the benchmarks are): that file holds every compiler module.
  if (!existsSync(scriptDir)) return [here, ...packages];
  const own = readdirSync(scriptDir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`))
    .map((f) => join(scriptDir, f));
  return [...own, here, join(dirname(here), `thread-plan${ext}`), ...packages];
}
