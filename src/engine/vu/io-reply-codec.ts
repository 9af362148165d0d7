/**
 * Sync (blocking) HTTP replies go from the controller to the waiting VU through a
 * SharedArrayBuffer: cheaper than a MessagePort round (no structured clone, no port
 * queue). Replies that do not fit (large bodies, batches) fall back to the port.
 *
 * Layout: u32 text bytes, u32 body bytes, then 12 float64 numbers (status, errorCode,
 * bytesSent, bytesReceived, remotePort, the 7 timings), then the strings as one UTF-8
 * text joined by NUL (statusText, proto, error, remoteIp, tlsVersion, header count,
 * name/value pairs, cookie count, Set-Cookie values), then the body. Binary numbers and
 * one string avoid JSON's number printing/parsing and key internalizing per reply.
 */
import type { HttpTimings, WireResponse } from '../http/client.js';

/** Size of each worker's reply buffer. */
export const IO_REPLY_BYTES = 256 * 1024;
/** CTRL_IO_FLAG values: reply is in the shared buffer / on the port. */
export const IO_READY_SHARED = 1;
export const IO_READY_PORT = 2;

const NUMBERS = 12;
const TEXT_AT = 8 + NUMBERS * 8;
const SEP = '\u0000';

/** Writes a response into `buf`; false when it does not fit (use the port). */
export function writeReply(buf: Buffer, res: WireResponse): boolean {
  // A NUL inside a value would shift every field after it: such replies take the port.
  if (res.statusText.includes(SEP) || res.error.includes(SEP)) return false;
  let text = `${res.statusText}${SEP}${res.proto}${SEP}${res.error}${SEP}${res.remoteIp}${SEP}${res.tlsVersion}`;
  let headerCount = 0;
  let headerText = '';
  for (const k in res.headers) {
    const v = res.headers[k] as string;
    if (v.includes(SEP) || k.includes(SEP)) return false;
    headerText += `${SEP}${k}${SEP}${v}`;
    headerCount++;
  }
  text += `${SEP}${headerCount}${headerText}${SEP}${res.setCookies.length}`;
  for (const c of res.setCookies) {
    if (c.includes(SEP)) return false;
    text += `${SEP}${c}`;
  }
  const body = res.body;
  // utf8 is at most 3 bytes per UTF-16 unit.
  if (TEXT_AT + text.length * 3 + body.byteLength > buf.length) return false;
  const n = new Float64Array(buf.buffer, buf.byteOffset + 8, NUMBERS);
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
  const textLen = buf.write(text, TEXT_AT, 'utf8');
  buf.writeUInt32LE(textLen, 0);
  buf.writeUInt32LE(body.byteLength, 4);
  buf.set(body, TEXT_AT + textLen);
  return true;
}

export function readReply(buf: Buffer): WireResponse {
  const textLen = buf.readUInt32LE(0);
  const bodyLen = buf.readUInt32LE(4);
  const n = new Float64Array(buf.buffer, buf.byteOffset + 8, NUMBERS);
  const parts = buf.toString('utf8', TEXT_AT, TEXT_AT + textLen).split(SEP);
  const headers: Record<string, string> = {};
  let i = 5;
  const headerCount = Number(parts[i++]);
  for (let h = 0; h < headerCount; h++, i += 2) headers[parts[i] as string] = parts[i + 1] as string;
  const cookieCount = Number(parts[i++]);
  const setCookies = cookieCount === 0 ? [] : parts.slice(i, i + cookieCount);
  // Copy: the shared buffer is reused by the next reply.
  const body = new Uint8Array(bodyLen);
  const at = TEXT_AT + textLen;
  body.set(buf.subarray(at, at + bodyLen));
  const timings: HttpTimings = { blocked: n[5] as number, connecting: n[6] as number, tls_handshaking: n[7] as number, sending: n[8] as number, waiting: n[9] as number, receiving: n[10] as number, duration: n[11] as number };
  return {
    status: n[0] as number,
    statusText: parts[0] as string,
    proto: parts[1] as string,
    error: parts[2] as string,
    remoteIp: parts[3] as string,
    tlsVersion: parts[4] as string,
    headers,
    setCookies,
    body,
    timings,
    errorCode: n[1] as number,
    bytesSent: n[2] as number,
    bytesReceived: n[3] as number,
    remotePort: n[4] as number,
  };
}
