/**
 * The HTML parser and selector engine behind k6/html, loaded on first use only: a script
 * that never imports k6/html nor calls Response.html() does not pay for them.
 *
 * k6 parses with Go's golang.org/x/net/html (the HTML5 tree-building algorithm) and
 * queries with goquery. Here parse5 builds the same HTML5 tree (as domhandler nodes) and
 * cheerio's slim build, which mirrors jQuery as goquery does, selects and traverses it.
 * cheerio's main entry is not used: it also loads an HTTP client and stream decoders.
 *
 * The VU worker is one bundle in the OS temp dir (controller/worker-bundle.ts), where
 * these packages cannot be resolved; the bundler defines __LOADGATE_RESOLVE_FROM__ as a
 * file inside this package, and they are required from there.
 */
import { createRequire } from 'node:module';
import type { CheerioAPI } from 'cheerio';
import type { Document } from 'domhandler';

declare const __LOADGATE_RESOLVE_FROM__: string | undefined;

export interface HtmlLibrary {
  /** The HTML5 document tree of `src`, as a browser (and Go's html.Parse) builds it. */
  parse(src: string): Document;
  /** A cheerio instance over a parsed document. */
  load(doc: Document): CheerioAPI;
}

let library: HtmlLibrary | undefined;

export function htmlLibrary(): HtmlLibrary {
  if (library) return library;
  const from = typeof __LOADGATE_RESOLVE_FROM__ === 'string' ? __LOADGATE_RESOLVE_FROM__ : import.meta.url;
  const require = createRequire(from);
  const parse5 = require('parse5') as typeof import('parse5');
  const { adapter } = require('parse5-htmlparser2-tree-adapter') as typeof import('parse5-htmlparser2-tree-adapter');
  const { load } = require('cheerio/slim') as typeof import('cheerio/slim');
  library = {
    parse: (src) => parse5.parse(src, { treeAdapter: adapter }) as unknown as Document,
    load: (doc) => load(doc, { xml: false }),
  };
  return library;
}
