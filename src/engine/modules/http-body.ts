/**
 * Request bodies as k6 encodes them: strings and binary as they are; a plain
 * object as a form — application/x-www-form-urlencoded (keys sorted, arrays as
 * repeated keys, like Go's url.Values), or multipart/form-data with a random
 * boundary once any value is an http.file().
 */
import { randomBytes } from 'node:crypto';

/** What http.file(data, filename, contentType) returns. */
export class FileData {
  readonly data: unknown;
  readonly filename: string;
  readonly content_type: string;
  /** The data as bytes (k6 converts when the file is made, rejecting other types). */
  readonly bytes: Uint8Array;

  constructor(data: unknown, filename?: string, contentType?: string) {
    this.bytes = toBytes(data);
    this.data = data;
    // k6's defaults: a filename from the clock, and a generic binary type.
    this.filename = filename === undefined ? String(BigInt(Date.now()) * 1_000_000n) : String(filename);
    this.content_type = contentType === undefined ? 'application/octet-stream' : String(contentType);
  }
}

function toBytes(data: unknown): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`http.file(): invalid data type ${data === null ? 'null' : typeof data}; expected a string, an ArrayBuffer or a typed array (e.g. open(path, 'b'))`);
}

export interface EncodedBody {
  bytes: Uint8Array;
  /** The body as text where that is cheap (Response.request.body), else null. */
  text: string | null;
  /** The Content-Type the body implies, if any. */
  contentType?: string;
}

/** Go's fmt %v for the values a form can hold. */
function formValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(formValue).join(' ')}]`;
  return String(v);
}

/** Go's url.QueryEscape: spaces as '+', and only A-Z a-z 0-9 - _ . ~ left as they are. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function urlEncodedForm(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(data).sort()) {
    const v = data[key];
    const values = Array.isArray(v) ? v : [v];
    for (const el of values) parts.push(`${queryEscape(key)}=${queryEscape(formValue(el))}`);
  }
  return parts.join('&');
}

const escapeQuotes = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Go's multipart.Writer layout: parts headed by sorted MIME headers, closed with `--boundary--`. */
function multipartForm(data: Record<string, unknown>): EncodedBody {
  const boundary = randomBytes(30).toString('hex');
  const chunks: Uint8Array[] = [];
  let first = true;
  for (const [key, v] of Object.entries(data)) {
    let head = first ? `--${boundary}\r\n` : `\r\n--${boundary}\r\n`;
    first = false;
    if (v instanceof FileData) {
      head += `Content-Disposition: form-data; name="${key}"; filename="${escapeQuotes(v.filename)}"\r\nContent-Type: ${v.content_type}\r\n\r\n`;
      chunks.push(Buffer.from(head, 'utf8'), v.bytes);
    } else {
      head += `Content-Disposition: form-data; name="${escapeQuotes(key)}"\r\n\r\n`;
      chunks.push(Buffer.from(head + formValue(v), 'utf8'));
    }
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
  return { bytes: Buffer.concat(chunks), text: null, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Encodes a request body argument; null/undefined means no body. */
export function encodeBody(body: unknown): EncodedBody | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), text: body };
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body), text: null };
  if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), text: null };
  if (typeof body === 'object') {
    const data = body as Record<string, unknown>;
    if (Object.values(data).some((v) => v instanceof FileData)) return multipartForm(data);
    const text = urlEncodedForm(data);
    return { bytes: Buffer.from(text, 'utf8'), text, contentType: 'application/x-www-form-urlencoded' };
  }
  const text = String(body);
  return { bytes: Buffer.from(text, 'utf8'), text };
}
