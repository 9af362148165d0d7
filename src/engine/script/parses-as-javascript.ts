/**
 * k6 v2 parses a script as JavaScript first and compiles it as TypeScript only when that fails
 * (a `.ts` file, or a script on stdin): whether a source is JavaScript as it stands decides
 * which. esbuild is loaded only when asked.
 */
/** A TypeScript file by its name (.ts, .tsx, .mts, .cts), as k6 and esbuild tell one. */
export function isTypeScriptFile(path: string): boolean {
  return /\.(c|m)?tsx?$/.test(path);
}

export async function parsesAsJavaScript(source: string): Promise<boolean> {
  const { transform } = await import('esbuild');
  return transform(source, { loader: 'js', format: 'esm', logLevel: 'silent' }).then(
    () => true,
    () => false,
  );
}
