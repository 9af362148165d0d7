/**
 * Sync (blocking) HTTP replies go from the controller to the waiting VU through a
 * SharedArrayBuffer: cheaper than a MessagePort round (no structured clone, no port
 * queue). Replies that do not fit (large bodies, batches) fall back to the port.
 *
 * Layout: Int32 text bytes, body bytes, text version; then 12 float64 numbers (status,
 * errorCode, bytesSent, bytesReceived, remotePort, the 7 timings), then the strings as
 * one UTF-8 text joined by NUL (statusText, proto, error, goError, remoteIp, tlsVersion, tlsCipherSuite, header
 * count, name/value pairs, cookie count, Set-Cookie values), then the body. Binary
 * numbers and one string avoid JSON's number printing/parsing and key internalizing.
 *
 * A VU mostly gets the same status line and headers again and again (they change when
 * the Date header ticks): the writer skips re-encoding a text equal to the previous one
 * and the reader then reuses what it decoded last time (the text version tells it),
 * which halves the cost of a reply on both threads.
 */
import type { HttpTimings, WireResponse } from '../http/wire.js';

/** Size of each worker's reply buffer. */
export const IO_REPLY_BYTES = 256 * 1024;
/** CTRL_IO_FLAG values: reply is in the shared buffer / on the port. */
export const IO_READY_SHARED = 1;
export const IO_READY_PORT = 2;

const TEXT_LEN = 0;
const BODY_LEN = 1;
const TEXT_VERSION = 2;
const NUMBERS_AT = 16;
const NUMBERS = 12;
const TEXT_AT = NUMBERS_AT + NUMBERS * 8;
const SEP = '\u0000';
const EMPTY = new Uint8Array(0);

/** Controller side: one per reply buffer (it remembers the last text written). */
export class ReplyWriter {
  private readonly ints: Int32Array;
  private readonly numbers: Float64Array;
  private lastText = '';
  private version = 0;

  constructor(private readonly buf: Buffer) {
    this.ints = new Int32Array(buf.buffer, buf.byteOffset, 4);
    this.numbers = new Float64Array(buf.buffer, buf.byteOffset + NUMBERS_AT, NUMBERS);
  }

  /** Writes a response; false when it does not fit (use the port). */
  write(res: WireResponse): boolean {
    const text = replyText(res);
    if (text === undefined) return false;
    const body = res.body;
    const buf = this.buf;
    let textLen = this.ints[TEXT_LEN] as number;
    if (text !== this.lastText || this.version === 0) {
      // utf8 is at most 3 bytes per UTF-16 unit.
      if (TEXT_AT + text.length * 3 + body.byteLength > buf.length) return false;
      textLen = buf.write(text, TEXT_AT, 'utf8');
      this.ints[TEXT_LEN] = textLen;
      this.ints[TEXT_VERSION] = ++this.version;
      this.lastText = text;
    } else if (TEXT_AT + textLen + body.byteLength > buf.length) return false;
    const n = this.numbers;
    const t = res.timings;
    n[0] = res.status;
    n[1] = res.errorCode;
    n[2] = res.bytesSent;
    n[3] = res.bytesReceived;
    n[4] = res.remotePort;
    n[5] = t.blocked;
    n[6] = t.connecting;
    n[7] = t.tls_handshaking;
    n[8] = t.sending;
    n[9] = t.waiting;
    n[10] = t.receiving;
    n[11] = t.duration;
    this.ints[BODY_LEN] = body.byteLength;
    if (body.byteLength > 0) buf.set(body, TEXT_AT + textLen);
    return true;
  }
}

/** The strings of a response as one NUL-joined text; undefined when a value holds a NUL. */
function replyText(res: WireResponse): string | undefined {
  // A NUL inside a value would shift every field after it: such replies take the port.
  if (res.statusText.includes(SEP) || res.error.includes(SEP) || res.goError.includes(SEP)) return undefined;
  let headerCount = 0;
  let headerText = '';
  for (const k in res.headers) {
    const v = res.headers[k] as string;
    if (v.includes(SEP) || k.includes(SEP)) return undefined;
    headerText += `${SEP}${k}${SEP}${v}`;
    headerCount++;
  }
  let text = `${res.statusText}${SEP}${res.proto}${SEP}${res.error}${SEP}${res.goError}${SEP}${res.remoteIp}${SEP}${res.tlsVersion}${SEP}${res.tlsCipherSuite}${SEP}${headerCount}${headerText}${SEP}${res.setCookies.length}`;
  for (const c of res.setCookies) {
    if (c.includes(SEP)) return undefined;
    text += `${SEP}${c}`;
  }
  return text;
}

interface DecodedText {
  statusText: string;
  proto: string;
  error: string;
  goError: string;
  remoteIp: string;
  tlsVersion: string;
  tlsCipherSuite: string;
  headers: Record<string, string>;
  setCookies: string[];
}

/** VU side: one per reply buffer (it keeps the last decoded text). */
export class ReplyReader {
  private readonly ints: Int32Array;
  private readonly numbers: Float64Array;
  private version = -1;
  private text: DecodedText | undefined;

  constructor(private readonly buf: Buffer) {
    this.ints = new Int32Array(buf.buffer, buf.byteOffset, 4);
    this.numbers = new Float64Array(buf.buffer, buf.byteOffset + NUMBERS_AT, NUMBERS);
  }

  read(): WireResponse {
    const textLen = this.ints[TEXT_LEN] as number;
    const bodyLen = this.ints[BODY_LEN] as number;
    const version = this.ints[TEXT_VERSION] as number;
    let d = this.text;
    if (d === undefined || version !== this.version) {
      d = decodeText(this.buf.toString('utf8', TEXT_AT, TEXT_AT + textLen));
      this.text = d;
      this.version = version;
    }
    // Copies: the script may change what it gets, and the shared buffer is reused by the next reply.
    let body = EMPTY;
    if (bodyLen > 0) {
      body = new Uint8Array(bodyLen);
      this.buf.copy(body, 0, TEXT_AT + textLen, TEXT_AT + textLen + bodyLen);
    }
    const n = this.numbers;
    const timings: HttpTimings = { blocked: n[5] as number, connecting: n[6] as number, tls_handshaking: n[7] as number, sending: n[8] as number, waiting: n[9] as number, receiving: n[10] as number, duration: n[11] as number };
    return {
      status: n[0] as number,
      statusText: d.statusText,
      proto: d.proto,
      error: d.error,
      goError: d.goError,
      remoteIp: d.remoteIp,
      tlsVersion: d.tlsVersion,
      tlsCipherSuite: d.tlsCipherSuite,
      headers: { ...d.headers },
      setCookies: d.setCookies.length === 0 ? [] : d.setCookies.slice(),
      body,
      timings,
      errorCode: n[1] as number,
      bytesSent: n[2] as number,
      bytesReceived: n[3] as number,
      remotePort: n[4] as number,
    };
  }
}

function decodeText(text: string): DecodedText {
  const parts = text.split(SEP);
  const headers: Record<string, string> = {};
  let i = 7;
  const headerCount = Number(parts[i++]);
  for (let h = 0; h < headerCount; h++, i += 2) headers[parts[i] as string] = parts[i + 1] as string;
  const cookieCount = Number(parts[i++]);
  return {
    statusText: parts[0] as string,
    proto: parts[1] as string,
    error: parts[2] as string,
    goError: parts[3] as string,
    remoteIp: parts[4] as string,
    tlsVersion: parts[5] as string,
    tlsCipherSuite: parts[6] as string,
    headers,
    setCookies: cookieCount === 0 ? [] : parts.slice(i, i + cookieCount),
  };
}
