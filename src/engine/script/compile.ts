/**
 * Turns a k6 ES-module script into one CommonJS function body the VU workers can
 * instantiate once per VU. Relative imports are bundled (as k6 resolves them);
 * `k6`, `k6/*` and remote `https://` modules stay as `require` calls. The source
 * map composes any inline map already in the script (our bundles carry one), so
 * positions map back to the scenario's TypeScript source.
 */
import { build, type Metafile } from 'esbuild';
import { isTypeScriptFile, parsesAsJavaScript } from './parses-as-javascript.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScriptError } from '../../core/errors.js';
import { firstEsbuildError } from '../../core/esbuild-errors.js';
import { ScriptSyntaxError } from './syntax-error.js';
import { prepareErrorSites } from './error-sites.js';
import type { CompiledScript, SourceMapJson } from './compiled-script.js';

/** Compiles the script; a syntax error becomes a ScriptSyntaxError (file, line, column, esbuild's text). */
export async function compileScript(scriptPath: string): Promise<CompiledScript> {
  return (await compileScriptWithInputs(scriptPath)).script;
}

/** As compileScript, with the absolute paths of the files the bundle was built from (the script and its relative imports). */
export async function compileScriptWithInputs(scriptPath: string): Promise<{ script: CompiledScript; inputs: string[] }> {
  const filename = resolve(scriptPath);
  const outdir = dirname(filename);
  let result;
  try {
    result = await build({
      entryPoints: [filename],
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2022',
      external: ['k6', 'k6/*', 'https://*', 'http://*'],
      sourcemap: 'external',
      metafile: true,
      outdir,
      write: false,
      logLevel: 'silent',
      absWorkingDir: process.cwd(),
      // k6 scripts may use `require` (CommonJS) as well; keep `this` semantics of modules.
      mainFields: ['module', 'main'],
    });
  } catch (err) {
    throw scriptErrorFromEsbuild(err, filename);
  }
  let code = '';
  let sourceMap: SourceMapJson | undefined;
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.map')) sourceMap = JSON.parse(file.text) as SourceMapJson;
    else code = file.text;
  }
  if (sourceMap) sourceMap.sources = sourceMap.sources.map((s) => resolve(outdir, s));
  // The map is applied by us (source-position.ts); drop the comment so nothing else tries.
  code = code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  const source = readSource(filename);
  const entryIsJavaScript = isTypeScriptFile(filename) && source !== undefined && (await parsesAsJavaScript(source));
  const script = prepareErrorSites({ filename, code, sourceMap, k6Imports: staticK6Imports(result.metafile), ...(entryIsJavaScript && { entryIsJavaScript }) }, source);
  return { script, inputs: Object.keys(result.metafile?.inputs ?? {}).map((p) => resolve(process.cwd(), p)) };
}

/** The external k6 modules named by `import` statements anywhere in the bundle (not require() calls). */
function staticK6Imports(metafile: Metafile | undefined): string[] {
  const names = new Set<string>();
  for (const input of Object.values(metafile?.inputs ?? {})) {
    for (const imp of input.imports) {
      if (imp.external && imp.kind === 'import-statement' && (imp.path === 'k6' || imp.path.startsWith('k6/'))) names.add(imp.path);
    }
  }
  return [...names];
}

function scriptErrorFromEsbuild(err: unknown, filename: string): ScriptError {
  const failure = firstEsbuildError(err);
  if (!failure) return new ScriptError(String((err as Error)?.message ?? err), filename);
  const at = failure.location;
  if (!at) return new ScriptError(`SyntaxError: ${failure.text}`, filename);
  const file = resolve(process.cwd(), at.file);
  return new ScriptSyntaxError({ file, line: at.line, byteColumn: at.byteColumn, text: failure.text, source: readSource(file) });
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
