/**
 * A lean incremental HTTP/1.1 response parser: status line, headers, and a body
 * framed by Content-Length, chunked transfer-encoding, or connection close.
 * It exists (instead of undici) so the client controls every timestamp k6 reports.
 * One parser lives per connection and is reset per response (no per-request parser,
 * regex or split on the hot path).
 */

export interface ParsedHead {
  status: number;
  statusText: string;
  proto: string;
  /** Canonical header names (`Content-Type`), repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Set-Cookie values, kept apart: joining them with `, ` would break Expires dates. */
  setCookies: string[];
  keepAlive: boolean;
}

const CRLF2 = Buffer.from('\r\n\r\n');
const NO_COOKIES: string[] = [];

/** Go's http.CanonicalHeaderKey: `content-type` → `Content-Type`. */
const canonicalCache = new Map<string, string>();

export function canonicalHeaderKey(name: string): string {
  let c = canonicalCache.get(name);
  if (c === undefined) {
    c = canonicalize(name);
    if (canonicalCache.size < 1000) canonicalCache.set(name, c);
  }
  return c;
}

function canonicalize(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((p) => (p.length ? (p[0] as string).toUpperCase() + p.slice(1) : p))
    .join('-');
}

const enum Mode {
  None,
  Length,
  Chunked,
  Close,
}

/** Parses the status line `HTTP/1.1 200 OK`; undefined when malformed. */
function parseStatusLine(line: string): { proto: string; status: number; statusText: string } | undefined {
  const sp = line.indexOf(' ');
  if (sp < 6 || !line.startsWith('HTTP/')) return undefined;
  const proto = line.slice(0, sp);
  const c0 = line.charCodeAt(sp + 1) - 48;
  const c1 = line.charCodeAt(sp + 2) - 48;
  const c2 = line.charCodeAt(sp + 3) - 48;
  if (!(c0 >= 0 && c0 <= 9 && c1 >= 0 && c1 <= 9 && c2 >= 0 && c2 <= 9)) return undefined;
  const after = line.length > sp + 4 ? line.charCodeAt(sp + 4) : 32;
  if (after !== 32) return undefined;
  if (proto !== 'HTTP/1.1' && proto !== 'HTTP/1.0' && !/^HTTP\/\d(?:\.\d)?$/.test(proto)) return undefined;
  return { proto, status: c0 * 100 + c1 * 10 + c2, statusText: line.slice(sp + 5) };
}

/** Header names servers send in canonical form already; matched in place (no slice, no hash). */
const KNOWN_HEADERS = ['Content-Type', 'Content-Length', 'Date', 'Connection', 'Keep-Alive', 'Transfer-Encoding', 'Server', 'Cache-Control', 'Content-Encoding', 'Set-Cookie', 'Etag', 'Vary', 'Location'];
const KNOWN_BY_LENGTH: string[][] = [];
for (const h of KNOWN_HEADERS) (KNOWN_BY_LENGTH[h.length] ??= []).push(h);

function knownHeader(text: string, start: number, end: number): string | undefined {
  const candidates = KNOWN_BY_LENGTH[end - start];
  if (candidates === undefined) return undefined;
  for (let i = 0; i < candidates.length; i++) if (text.startsWith(candidates[i] as string, start)) return candidates[i];
  return undefined;
}

/** text.slice(start, end) without surrounding spaces/tabs (no trim() copy in the usual `Name: value`). */
function trimmed(text: string, start: number, end: number): string {
  let a = start;
  let b = end;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  return text.slice(a, b);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

export class ResponseParser {
  head: ParsedHead | undefined;
  done = false;
  private isHead = false;
  private pending: Buffer | undefined;
  private bodyParts: Buffer[] = [];
  private mode = Mode.None;
  private remaining = 0;
  /** For chunked bodies: bytes left in the current chunk, or -1 while reading a size line. */
  private chunkLeft = -1;
  private chunkTrailer = false;

  constructor(isHead = false) {
    this.isHead = isHead;
  }

  /** Prepares for the next response on the same connection. */
  reset(isHead: boolean): void {
    this.isHead = isHead;
    this.head = undefined;
    this.done = false;
    this.pending = undefined;
    if (this.bodyParts.length) this.bodyParts = [];
    this.mode = Mode.None;
    this.remaining = 0;
    this.chunkLeft = -1;
    this.chunkTrailer = false;
  }

  /** Feeds bytes. */
  push(data: Buffer): void {
    let buf = this.pending ? Buffer.concat([this.pending, data]) : data;
    this.pending = undefined;
    if (!this.head) {
      const end = buf.indexOf(CRLF2);
      if (end < 0) {
        this.pending = buf;
        return;
      }
      const head = this.parseHead(buf.toString('latin1', 0, end));
      buf = buf.subarray(end + 4);
      if (head.status < 200 && head.status !== 101) {
        // 1xx informational: discard and parse the real response that follows.
        this.head = undefined;
        if (buf.length) this.push(buf);
        return;
      }
    }
    this.pushBody(buf);
  }

  /** The connection closed: completes a close-delimited body. */
  end(): void {
    if (this.head && this.mode === Mode.Close) this.done = true;
  }

  body(): Buffer {
    const parts = this.bodyParts;
    if (parts.length === 1) return parts[0] as Buffer;
    return parts.length === 0 ? EMPTY : Buffer.concat(parts);
  }

  private parseHead(text: string): ParsedHead {
    let eol = text.indexOf('\r\n');
    if (eol < 0) eol = text.length;
    const statusLine = text.slice(0, eol);
    const s = parseStatusLine(statusLine);
    if (!s) throw new Error(`malformed HTTP response status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const headers: Record<string, string> = {};
    let setCookies = NO_COOKIES;
    let pos = eol + 2;
    while (pos < text.length) {
      let next = text.indexOf('\r\n', pos);
      if (next < 0) next = text.length;
      const colon = text.indexOf(':', pos);
      if (colon > pos && colon < next) {
        const key = knownHeader(text, pos, colon) ?? canonicalHeaderKey(trimmed(text, pos, colon));
        const value = trimmed(text, colon + 1, next);
        if (key === 'Set-Cookie') {
          if (setCookies === NO_COOKIES) setCookies = [];
          setCookies.push(value);
        }
        const prev = headers[key];
        headers[key] = prev === undefined ? value : `${prev}, ${value}`;
      }
      pos = next + 2;
    }
    const connection = headers['Connection'];
    const keepAlive = s.proto === 'HTTP/1.0' ? connection !== undefined && connection.toLowerCase() === 'keep-alive' : connection === undefined || connection.toLowerCase() !== 'close';
    const head: ParsedHead = { status: s.status, statusText: s.statusText, proto: s.proto, headers, setCookies, keepAlive };
    this.head = head;
    const te = headers['Transfer-Encoding'];
    const cl = headers['Content-Length'];
    if (this.isHead || s.status === 204 || s.status === 304) this.mode = Mode.None;
    else if (te !== undefined && te.toLowerCase().includes('chunked')) this.mode = Mode.Chunked;
    else if (cl !== undefined) {
      this.mode = Mode.Length;
      this.remaining = Number(cl);
    } else this.mode = Mode.Close;
    if (this.mode === Mode.Close) head.keepAlive = false;
    return head;
  }

  private pushBody(buf: Buffer): void {
    switch (this.mode) {
      case Mode.None:
        this.done = true;
        return;
      case Mode.Close:
        if (buf.length) this.bodyParts.push(buf);
        return;
      case Mode.Length: {
        const take = Math.min(this.remaining, buf.length);
        if (take > 0) this.bodyParts.push(take === buf.length ? buf : buf.subarray(0, take));
        this.remaining -= take;
        if (this.remaining <= 0) this.done = true;
        return;
      }
      case Mode.Chunked:
        this.pushChunked(buf);
    }
  }

  /** Walks the chunked framing by offsets: only body data becomes a Buffer view. */
  private pushChunked(buf: Buffer): void {
    let at = 0;
    const len = buf.length;
    while (at < len && !this.done) {
      if (this.chunkLeft < 0) {
        const eol = buf.indexOf(13, at); // '\r'
        if (eol < 0 || eol + 1 >= len) {
          this.pending = at === 0 ? buf : buf.subarray(at);
          return;
        }
        const line = buf.toString('latin1', at, eol);
        at = eol + 2;
        if (this.chunkTrailer) {
          if (line === '') this.done = true;
          continue;
        }
        const semi = line.indexOf(';');
        const size = parseInt(semi < 0 ? line : line.slice(0, semi), 16);
        if (Number.isNaN(size)) throw new Error(`malformed chunk size line: ${JSON.stringify(line.slice(0, 40))}`);
        if (size === 0) this.chunkTrailer = true;
        else this.chunkLeft = size + 2; // data plus its CRLF
        continue;
      }
      const take = Math.min(this.chunkLeft, len - at);
      const dataBytes = Math.min(take, Math.max(0, this.chunkLeft - 2));
      if (dataBytes > 0) this.bodyParts.push(buf.subarray(at, at + dataBytes));
      this.chunkLeft -= take;
      at += take;
      if (this.chunkLeft === 0) this.chunkLeft = -1;
    }
  }
}

const EMPTY = Buffer.alloc(0);
