/**
 * A k6 script compiled for the VU threads (compile.ts makes it, error-sites.ts and asyncify.ts
 * annotate it, the controller and the VUs run it).
 */

export interface CompiledScript {
  /** Absolute path of the script as given. */
  filename: string;
  /** CommonJS code: expects `require`, `module`, `exports` in scope. */
  code: string;
  /** Source map (v3 JSON) of `code`, with absolute source paths. */
  sourceMap: SourceMapJson | undefined;
  /**
   * Set by asyncify.ts: the code awaits every blocking call, so `http.get`, `sleep`…
   * must return promises and the VUs may share threads.
   */
  blockingCallsAwaited?: boolean;
  /** Set by error-sites.ts: throw sites marked, and what k6's error reports need to know of the exports. */
  errorSites?: ErrorSites;
  /** `k6` / `k6/…` names the script and its bundled files import statically (k6 v2 checks them while loading). */
  k6Imports?: string[];
  /**
   * A TypeScript entry that is JavaScript as it stands: k6 v2 parses it as JavaScript (no
   * source map, goja's 1-based columns in its stacks) and compiles only what fails to parse.
   */
  entryIsJavaScript?: boolean;
}

export interface SourceMapJson {
  version: number;
  sources: string[];
  sourcesContent?: Array<string | null>;
  mappings: string;
  names: string[];
}

export interface ErrorSites {
  /** Exported names bound to functions declared `async`. */
  asyncExports: string[];
  /** Exported names bound to functions declared without `async`. */
  syncExports: string[];
  /** esbuild's name for an anonymous default export (`test_default`), absent when the script names it. */
  generatedDefaultName?: string;
}
