/**
 * k6's `httpDebug` option (`--http-debug`, `--http-debug=full`): each request and response as
 * Go's httputil dumps them (DumpRequestOut, DumpResponse), logged at info level with
 * `source=http-debug`. The layout is Go's, not what went over the wire: Host and User-Agent
 * first, then Content-Length, the other headers sorted, and the `Accept-Encoding: gzip` that
 * DumpRequestOut's own transport adds (k6 does not send it); a response's Content-Length and
 * `Connection: close` where Go's Response.Write puts them. `full` adds the bodies. k6 turns the
 * dump's CRLFs into newlines.
 */
import { randomUUID } from 'node:crypto';
import type { K6LogEntry } from '../output/k6-log.js';
import type { WireRequest, WireResponse } from './wire.js';

/** k6's values of options.httpDebug: `full` dumps bodies too, any other non-empty value the heads only. */
export type HttpDebugMode = 'headers' | 'full';

export function httpDebugMode(option: unknown): HttpDebugMode | undefined {
  if (typeof option !== 'string' || option === '') return undefined;
  return option === 'full' ? 'full' : 'headers';
}

/** Where a request was made, as k6's log fields name it. */
export interface HttpDebugContext {
  /** The group path ('' at the root). */
  group: string;
  /** The VU's iteration (__ITER). */
  iter: number;
  /** The scenario; none in setup() and teardown(). */
  scenario: string | undefined;
  vu: number;
}

/** The Request: (and, when one came, Response:) lines k6 logs for one hop. */
export function httpDebugEntries(req: WireRequest, res: WireResponse, mode: HttpDebugMode, at: HttpDebugContext): K6LogEntry[] {
  const fields: Record<string, string> = { group: at.group, iter: String(at.iter), request_id: randomUUID(), source: 'http-debug', vu: String(at.vu) };
  if (at.scenario !== undefined) fields.scenario = at.scenario;
  const entries: K6LogEntry[] = [{ level: 'info', msg: `Request:\n${dumpRequest(req, mode === 'full')}\n`, fields }];
  // A request that got no response (refused, timed out) has its Request: line only.
  if (res.status !== 0) entries.push({ level: 'info', msg: `Response:\n${dumpResponse(res, req.method, mode === 'full')}\n`, fields });
  return entries;
}

/** Go's ordering of header keys: byte order. */
function sortedKeys(headers: Record<string, string>): string[] {
  return Object.keys(headers).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** httputil.DumpRequestOut, with k6's CRLF → LF. */
export function dumpRequest(req: WireRequest, withBody: boolean): string {
  const url = new URL(req.url);
  const lines = [`${req.method} ${url.pathname || '/'}${url.search} HTTP/1.1`, `Host: ${req.headers['Host'] ?? url.host}`];
  const userAgent = req.headers['User-Agent'];
  if (userAgent) lines.push(`User-Agent: ${userAgent}`);
  const length = req.body?.length ?? 0;
  if (length > 0 || BODY_METHODS.has(req.method)) lines.push(`Content-Length: ${length}`);
  const skip = new Set(['Host', 'User-Agent', 'Content-Length', 'Transfer-Encoding', 'Trailer']);
  for (const key of sortedKeys(req.headers)) if (!skip.has(key)) lines.push(`${key}: ${req.headers[key]}`);
  // DumpRequestOut's transport asks for gzip as Go's does by default (not for HEAD or a Range request).
  if (req.headers['Accept-Encoding'] === undefined && req.headers['Range'] === undefined && req.method !== 'HEAD') lines.push('Accept-Encoding: gzip');
  const body = withBody && req.body ? Buffer.from(req.body).toString('utf8') : '';
  return `${lines.join('\n')}\n\n${body}`;
}

/** httputil.DumpResponse of the response to a `method` request, with k6's CRLF → LF. */
export function dumpResponse(res: WireResponse, method: string, withBody: boolean): string {
  const h = res.headers;
  const chunked = (h['Transfer-Encoding'] ?? '').toLowerCase().includes('chunked');
  const declared = h['Content-Length'] === undefined ? undefined : Number(h['Content-Length']);
  const noBodyStatus = (res.status >= 100 && res.status < 200) || res.status === 204 || res.status === 304;
  // Go's resp.ContentLength: what the head says for HEAD, 0 where no body may come, -1 when unknown.
  const contentLength = method === 'HEAD' ? (declared ?? -1) : noBodyStatus ? 0 : chunked ? -1 : (declared ?? -1);
  const connectionClose = (h['Connection'] ?? '').toLowerCase().split(/\s*,\s*/).includes('close');
  // Response.Write closes a body of unknown length the HTTP/1.0 way.
  const close = connectionClose || (contentLength === -1 && !chunked);
  const lines = [`${res.proto || 'HTTP/1.1'} ${res.status} ${res.statusText}`.trimEnd()];
  if (close && !connectionClose) lines.push('Connection: close');
  const sendsLength = !chunked && (contentLength > 0 || (contentLength === 0 && BODY_METHODS.has(method)));
  if (sendsLength) lines.push(`Content-Length: ${contentLength}`);
  else if (chunked) lines.push('Transfer-Encoding: chunked');
  for (const key of sortedKeys(h)) {
    if (key === 'Content-Length' || key === 'Transfer-Encoding' || key === 'Trailer') continue;
    // Set-Cookie is one line per cookie, as Go keeps them apart.
    if (key === 'Set-Cookie') for (const cookie of res.setCookies) lines.push(`Set-Cookie: ${cookie}`);
    else lines.push(`${key}: ${h[key]}`);
  }
  if (contentLength === 0 && !chunked && !sendsLength && !noBodyStatus) lines.push('Content-Length: 0');
  const head = `${lines.join('\n')}\n\n`;
  // Without bodies Go stops at the head; with them a HEAD response still has none, a chunked one is re-chunked.
  if (!withBody || method === 'HEAD') return head;
  const body = Buffer.from(res.body).toString('utf8');
  if (chunked) return `${head}${body.length > 0 ? `${body.length.toString(16)}\n${body}\n` : ''}0\n\n`;
  return `${head}${body}`;
}
