/**
 * Lists the names an ES-module k6 script exports, using esbuild's metafile (so every
 * form counts: `export { a as b }`, `export function`, `export default`, `export *`
 * of local files is not resolved since the script is read as a single file).
 */
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { ScriptError } from '../../core/errors.js';
import { firstEsbuildError } from '../../core/esbuild-errors.js';

/**
 * Export names of the module at `scriptPath`, sorted, including `default`.
 * @throws ScriptError when the file does not parse as JavaScript (file:line:col and esbuild's text).
 */
export async function listModuleExports(scriptPath: string): Promise<string[]> {
  const contents = await readFile(scriptPath, 'utf8');
  let result;
  try {
    result = await build({
      stdin: { contents, loader: 'js', sourcefile: scriptPath },
      bundle: false,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      outfile: 'exports-probe.js',
      logLevel: 'silent',
    });
  } catch (err) {
    const failure = firstEsbuildError(err);
    const at = failure?.location;
    throw new ScriptError(failure?.text ?? String(err), at ? `${scriptPath}:${at.line}:${at.column}` : scriptPath);
  }
  const outputs = Object.values(result.metafile.outputs);
  return [...(outputs[0]?.exports ?? [])].sort();
}
