import { builtinModules } from 'node:module';
import { basename, extname, join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { BundleError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { firstEsbuildError, formatEsbuildMessage } from '../core/esbuild-errors.js';

/**
 * Syntax target k6 accepts. k6 v0.49's runtime (goja) runs ES2017 features natively
 * (async/await included); lowering newer syntax (`?.`, `??`, object rest) keeps
 * bundles valid on older k6 builds too.
 */
export const K6_SYNTAX_TARGET = 'es2017';

/** Imports k6 resolves itself: its own modules and remote jslib URLs. */
const K6_EXTERNALS = ['k6', 'k6/*', 'https://*', 'http://*'];

export interface BundleOptions {
  /** Scenario entry file (.ts or .js). */
  entry: string;
  /** Directory for the bundle. @default '.loadgate/bundles' */
  outDir?: string;
  /** Project root, for readable paths in messages. @default process.cwd() */
  root?: string;
}

export interface BundleResult {
  /** Absolute path of the bundled k6 ES module. */
  bundlePath: string;
  /** Entry as given, relative to root. */
  entry: string;
  /** Non-fatal esbuild warnings, formatted `file:line:col: text`. */
  warnings: string[];
}

/**
 * Bundles one scenario and its helpers into a single ES module that `k6 run`
 * accepts: k6 imports stay external, TypeScript is stripped (esbuild does not
 * type-check; see typecheck-scenarios.ts), source maps are inlined so errors point
 * at the .ts source, and any Node built-in import fails the bundle.
 */
export async function bundleScenario(options: BundleOptions): Promise<BundleResult> {
  const root = resolve(options.root ?? process.cwd());
  const entry = resolve(root, options.entry);
  const outDir = resolve(root, options.outDir ?? '.loadgate/bundles');
  const bundlePath = join(outDir, `${basename(entry, extname(entry))}.js`);
  const shown = relative(root, entry) || entry;
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      // Message locations are relative to this directory; make them relative to the project.
      absWorkingDir: root,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: K6_SYNTAX_TARGET,
      sourcemap: 'inline',
      sourcesContent: true,
      external: K6_EXTERNALS,
      outfile: bundlePath,
      logLevel: 'silent',
      plugins: [rejectNodeBuiltins()],
    });
  } catch (err) {
    throw toBundleError(err, shown, root);
  }
  const output = result.outputFiles?.find((f) => f.path.endsWith('.js'));
  if (!output) throw new BundleError(shown, 'esbuild produced no JavaScript output');
  await writeFileAtomic(bundlePath, output.contents);
  return { bundlePath, entry: shown, warnings: result.warnings.map((w) => formatEsbuildMessage(w, root)) };
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function rejectNodeBuiltins(): Plugin {
  return {
    name: 'loadgate-reject-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        return {
          errors: [
            {
              text: `imports the Node built-in "${args.path}"; k6 scripts run in k6's JavaScript runtime, which has no Node modules (use k6 modules such as k6/http, k6/data, or open())`,
            },
          ],
        };
      });
    },
  };
}

function toBundleError(err: unknown, shown: string, root: string): BundleError {
  const failure = firstEsbuildError(err, root);
  if (!failure) return new BundleError(shown, err instanceof Error ? err.message : String(err));
  const at = failure.location;
  return at ? new BundleError(at.file, failure.text, { line: at.line, column: at.column }) : new BundleError(shown, failure.text);
}
