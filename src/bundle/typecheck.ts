import { dirname, join, relative, resolve } from 'node:path';
import { isTypeScriptFile } from '../engine/script/parses-as-javascript.js';
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';
import { BundleError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/package-root.js';

/** typescript, loaded on first use (a second of startup: only `run`/`gate` type-check scenarios). */
let typescript: typeof TypeScript | undefined;
function loadTypescript(): typeof TypeScript {
  typescript ??= createRequire(import.meta.url)('typescript') as typeof TypeScript;
  return typescript;
}

/**
 * The compiler options scenarios are checked with: k6's types (@types/k6, shipped
 * with loadgate so user projects need not install it), no DOM or Node types
 * (neither exists in k6's runtime), strict mode.
 */
function scenarioCompilerOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
  const require = createRequire(join(PACKAGE_ROOT, 'package.json'));
  const k6Types = dirname(require.resolve('@types/k6/package.json'));
  return {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2020.d.ts'],
    types: ['k6'],
    typeRoots: [dirname(k6Types)],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
  };
}

/**
 * Type-checks TypeScript scenarios against k6's types (esbuild only strips types).
 * Throws a BundleError at the first error, with file:line:col and the count of
 * the others; .js scenarios are not checked.
 */
export function typecheckScenarios(files: string[], root: string = process.cwd()): void {
  const tsFiles = files.filter(isTypeScriptFile).map((f) => resolve(root, f));
  if (tsFiles.length === 0) return;
  const ts = loadTypescript();
  const program = ts.createProgram(tsFiles, scenarioCompilerOptions(ts));
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  const first = diagnostics[0];
  if (!first) return;
  const message = ts.flattenDiagnosticMessageText(first.messageText, '\n');
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more type error${diagnostics.length > 2 ? 's' : ''})` : '';
  if (first.file && first.start !== undefined) {
    const { line, character } = first.file.getLineAndCharacterOfPosition(first.start);
    const file = relative(root, first.file.fileName) || first.file.fileName;
    throw new BundleError(file, `TS${first.code}: ${message}${more}`, { line: line + 1, column: character + 1 });
  }
  throw new BundleError(tsFiles.join(', '), `TS${first.code}: ${message}${more}`);
}
