/**
 * A blocking VU's single request goes to the controller through a SharedArrayBuffer
 * (the message that announces it carries no payload): a structured clone of the request
 * object costs both threads more than this, mostly in creating and internalizing the
 * header object's keys on the controller. Requests that do not fit, carry a NUL in a
 * string, or come as a batch take the port as a message.
 *
 * Layout: Int32 text bytes, body bytes (-1: no body), text version; then the UTF-8 text
 * method, url, timeoutMs, flags (1 insecureSkipTLSVerify, 2 noConnectionReuse, 4 closeIdleFirst),
 * localAddress ('' for none), then header name/value pairs,
 * joined by NUL; then the body. A VU usually sends the same request again and again: an
 * unchanged text is not re-encoded, and the controller reuses what it decoded last time.
 */
import type { WireRequest } from '../http/wire.js';
import { IO_REPLY_BYTES } from './io-reply-codec.js';

/** Size of each worker's request buffer. */
export const IO_REQUEST_BYTES = 64 * 1024;

const TEXT_LEN = 0;
const BODY_LEN = 1;
const TEXT_VERSION = 2;
const TEXT_AT = 16;
const SEP = '\u0000';

/** VU side: one per request buffer. */
export class RequestWriter {
  private readonly ints: Int32Array;
  private lastText = '';
  private version = 0;

  constructor(private readonly buf: Buffer) {
    this.ints = new Int32Array(buf.buffer, buf.byteOffset, 4);
  }

  /** Writes a request; false when it does not fit or cannot be encoded (use the port). */
  write(req: WireRequest): boolean {
    const flags = (req.insecureSkipTLSVerify === true ? 1 : 0) | (req.noConnectionReuse === true ? 2 : 0) | (req.closeIdleFirst === true ? 4 : 0);
    let text = `${req.method}${SEP}${req.url}${SEP}${req.timeoutMs}${SEP}${flags}${SEP}${req.localAddress ?? ''}`;
    const headers = req.headers;
    for (const k in headers) text += `${SEP}${k}${SEP}${headers[k]}`;
    const body = req.body;
    const bodyLen = body === null ? 0 : body.byteLength;
    const buf = this.buf;
    let textLen = this.ints[TEXT_LEN] as number;
    if (text !== this.lastText || this.version === 0) {
      // A NUL inside a string would shift the fields after it; one more than the fields' NULs means one did.
      if (countSep(text) !== 4 + 2 * Object.keys(headers).length) return false;
      // utf8 is at most 3 bytes per UTF-16 unit.
      if (TEXT_AT + text.length * 3 + bodyLen > buf.length) return false;
      textLen = buf.write(text, TEXT_AT, 'utf8');
      this.ints[TEXT_LEN] = textLen;
      this.ints[TEXT_VERSION] = ++this.version;
      this.lastText = text;
    } else if (TEXT_AT + textLen + bodyLen > buf.length) return false;
    this.ints[BODY_LEN] = body === null ? -1 : bodyLen;
    if (body !== null && bodyLen > 0) buf.set(body, TEXT_AT + textLen);
    return true;
  }
}

function countSep(text: string): number {
  let n = 0;
  for (let i = text.indexOf(SEP); i !== -1; i = text.indexOf(SEP, i + 1)) n++;
  return n;
}

/** Controller side: one per request buffer. */
export class RequestReader {
  private readonly ints: Int32Array;
  private version = -1;
  private last: WireRequest | undefined;

  constructor(private readonly buf: Buffer) {
    this.ints = new Int32Array(buf.buffer, buf.byteOffset, 4);
  }

  /** The request in the buffer; the object is reused while the VU repeats it (the I/O side must not change it). */
  read(): WireRequest {
    const textLen = this.ints[TEXT_LEN] as number;
    const bodyLen = this.ints[BODY_LEN] as number;
    const version = this.ints[TEXT_VERSION] as number;
    let body: Uint8Array | null = null;
    if (bodyLen >= 0) {
      // A copy: the socket may still hold it after the VU wrote its next request.
      body = new Uint8Array(bodyLen);
      if (bodyLen > 0) this.buf.copy(body, 0, TEXT_AT + textLen, TEXT_AT + textLen + bodyLen);
    }
    let req = this.last;
    if (req === undefined || version !== this.version) {
      const parts = this.buf.toString('utf8', TEXT_AT, TEXT_AT + textLen).split(SEP);
      const headers: Record<string, string> = {};
      for (let i = 5; i < parts.length; i += 2) headers[parts[i] as string] = parts[i + 1] as string;
      const flags = Number(parts[3]);
      req = { method: parts[0] as string, url: parts[1] as string, headers, body: null, timeoutMs: Number(parts[2]), insecureSkipTLSVerify: (flags & 1) !== 0 };
      if ((flags & 2) !== 0) req.noConnectionReuse = true;
      if ((flags & 4) !== 0) req.closeIdleFirst = true;
      if (parts[4]) req.localAddress = parts[4];
      this.version = version;
    }
    if (req.body !== body) req = { ...req, body };
    this.last = req;
    return req;
  }
}

/** One shared buffer per worker holds both: the reply area, then the request area. */
export const IO_BUFFER_BYTES = IO_REPLY_BYTES + IO_REQUEST_BYTES;

export function splitIoBuffer(sab: SharedArrayBuffer): { reply: Buffer; request: Buffer } {
  return { reply: Buffer.from(sab, 0, IO_REPLY_BYTES), request: Buffer.from(sab, IO_REPLY_BYTES, IO_REQUEST_BYTES) };
}
