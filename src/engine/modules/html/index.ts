/** The `k6/html` module (parseHTML) and Response.html(): parse a page into a k6 Selection. */
import { GoError } from '../go-error.js';
import { toGoString, toBytes } from '../go-values.js';
import { htmlLibrary } from './library.js';
import { Selection, selectionOf, type HtmlDoc } from './selection.js';

/** The document Selection of `src`; `url` is what element properties resolve against ('' for none). */
export function parseHtmlDocument(src: string, url: string): Selection {
  const lib = htmlLibrary();
  const $ = lib.load(lib.parse(src));
  const doc: HtmlDoc = { $, url };
  return selectionOf(doc, $.root());
}

/** Response.html(selector?): the body as a document, or the matches of `selector` in it. */
export function responseHtml(body: unknown, url: string, selector?: unknown): Selection {
  if (body === null || body === undefined) throw new GoError("the body is null so we can't transform it to HTML - this likely was because of a request error getting the response");
  const text = typeof body === 'string' ? body : Buffer.from(toBytes(body)).toString('utf8');
  const doc = parseHtmlDocument(text, url);
  return selector === undefined ? doc : doc.find(selector);
}

export function createHtmlModule(): Record<string, unknown> {
  const mod = { parseHTML: (src?: unknown): Selection => parseHtmlDocument(toGoString(src), '') };
  return { ...mod, default: mod, __esModule: true };
}
