/**
 * Response.submitForm() and Response.clickLink(): the request a browser would make from a
 * page k6 fetched, worked out as k6 works it out (its Response.SubmitForm/ClickLink), then
 * sent by the VU's http client like any other request.
 */
import { GoError } from './go-error.js';
import { queryEscape } from './html/form.js';
import type { Selection } from './html/selection.js';

/** A request to send: what http.request(method, url, body, params) takes. */
export interface NavigationRequest {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
  /** The script's request params, passed on as given (http-request.ts reads them). */
  params: unknown;
}

/** The page a navigation starts from: its URL and its body as a document. */
export interface NavigationSource {
  url: string;
  html(selector?: unknown): Selection;
}

/** `args[0]`'s own keys, as goja's ToObject reads an argument (undefined and null throw). */
function options(args: unknown[]): Record<string, unknown> {
  if (args.length === 0) return {};
  const given = args[0];
  if (given === undefined || given === null) throw new TypeError('Cannot convert undefined or null to object');
  return Object(given) as Record<string, unknown>;
}

/** Go's url.Parse + ResolveReference of `ref` against the page's URL; Go's error when the page's URL does not parse. */
function resolve(ref: string, base: string): URL {
  try {
    return new URL(ref, base);
  } catch {
    throw new GoError(`parse ${JSON.stringify(ref)}: invalid URL`);
  }
}

/**
 * submitForm({ formSelector = 'form', submitSelector = '[type="submit"]', fields, params }):
 * the form's method (GET when it has none) to its action resolved against the page (the page
 * itself when it has none), with the form's fields, the submit button's name=value, then
 * `fields` over them; a GET carries them as the query (replacing the action's), others as a
 * form-encoded body.
 */
export function formSubmission(page: NavigationSource, args: unknown[]): NavigationRequest {
  const given = options(args);
  let formSelector = 'form';
  let submitSelector = '[type="submit"]';
  let fields: Record<string, unknown> | undefined;
  let params: unknown = null;
  for (const key of Object.keys(given)) {
    const value = given[key];
    if (key === 'formSelector') formSelector = String(value);
    else if (key === 'submitSelector') submitSelector = String(value);
    // (a value goja cannot export to a map leaves the fields unset, as in k6)
    else if (key === 'fields') fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    else if (key === 'params') params = value;
  }
  const form = page.html(formSelector);
  if (form.size() === 0) throw new GoError(`no form found for selector '${formSelector}' in response '${page.url}'`);
  const methodAttr = form.attr('method');
  const method = methodAttr === undefined ? 'GET' : String(methodAttr).toUpperCase();
  const actionAttr = form.attr('action');
  const target = resolve(actionAttr === undefined ? '' : String(actionAttr), page.url);
  const values = form.serializeObject();
  const submit = form.find(submitSelector);
  const submitName = submit.attr('name');
  const submitValue = submit.val();
  if (submitName !== undefined && submitValue !== undefined) values[String(submitName)] = submitValue;
  if (fields) for (const key of Object.keys(fields)) values[key] = fields[key];
  if (method !== 'GET') return { method, url: target.toString(), body: values, params };
  // Go's url.Values.Encode: keys sorted, each value its JavaScript string.
  target.search = Object.keys(values)
    .sort()
    .map((k) => `${queryEscape(k)}=${queryEscape(String(values[k]))}`)
    .join('&');
  return { method, url: target.toString(), body: null, params };
}

/** clickLink({ selector = 'a[href]', params }): a GET of the first match's href, resolved against the page. */
export function linkNavigation(page: NavigationSource, args: unknown[]): NavigationRequest {
  const given = options(args);
  let selector = 'a[href]';
  let params: unknown;
  for (const key of Object.keys(given)) {
    if (key === 'selector') selector = String(given[key]);
    else if (key === 'params') params = given[key];
  }
  const link = page.html(selector);
  if (link.size() === 0) throw new GoError(`no element found for selector '${selector}' in response '${page.url}'`);
  const href = link.attr('href');
  if (href === undefined) throw new GoError(`no valid href attribute value found on element '${selector}' in response '${page.url}'`);
  return { method: 'GET', url: resolve(String(href), page.url).toString(), body: null, params };
}
