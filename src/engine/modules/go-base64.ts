/**
 * Base64 as Go's encoding/base64 does it, which k6/encoding exposes: the four encodings
 * (std, rawstd, url, rawurl) and, above all, the same decoding errors. Node's decoder
 * accepts nearly anything, where Go stops at the first bad byte and says where
 * ("illegal base64 data at input byte N"): scripts that catch those see the same.
 */
import { GoError } from './go-error.js';

export type Base64Encoding = 'std' | 'rawstd' | 'url' | 'rawurl';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PAD = 0x3d; // '='
const CR = 0x0d;
const LF = 0x0a;

function decodeMap(alphabet: string): Uint8Array {
  const map = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) map[alphabet.charCodeAt(i)] = i;
  return map;
}
const STD_MAP = decodeMap(STD);
const URL_MAP = decodeMap(URL_SAFE);

/** k6 falls back to std for any other encoding name. */
function parseEncoding(encoding: unknown): { url: boolean; padded: boolean } {
  switch (encoding) {
    case 'rawstd':
      return { url: false, padded: false };
    case 'url':
      return { url: true, padded: true };
    case 'rawurl':
      return { url: true, padded: false };
    default:
      return { url: false, padded: true };
  }
}

export function encodeBase64(data: Uint8Array, encoding: unknown): string {
  const { url, padded } = parseEncoding(encoding);
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let out = buf.toString(url ? 'base64url' : 'base64');
  // Node's base64url never pads, its base64 always does.
  if (url && padded) out += '='.repeat((4 - (out.length % 4)) % 4);
  if (!url && !padded) out = out.replace(/=+$/, '');
  return out;
}

const illegal = (at: number) => new GoError(`illegal base64 data at input byte ${at}`, at);

/** Decodes like Go's (*Encoding).DecodeString (non-strict: stray trailing bits are ignored; CR and LF skipped). */
export function decodeBase64(src: Uint8Array, encoding: unknown): Uint8Array {
  const { url, padded } = parseEncoding(encoding);
  const map = url ? URL_MAP : STD_MAP;
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let n = 0;
  let si = 0;
  const skipNewlines = () => {
    while (si < src.length && (src[si] === CR || src[si] === LF)) si++;
  };
  for (;;) {
    // One quantum: up to four symbols, as Go's decodeQuantum reads them.
    const q = [0, 0, 0, 0];
    let len = 4;
    let end = false;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.subarray(0, n);
        if (j === 1 || padded) throw illegal(si - j);
        len = j;
        end = true;
        break;
      }
      const c = src[si] as number;
      si++;
      const v = map[c] as number;
      if (v !== 0xff) {
        q[j] = v;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (!padded || c !== PAD) throw illegal(si - 1);
      // Padding: only after two or three symbols, and "==" after two.
      if (j < 2) throw illegal(si - 1);
      if (j === 2) {
        skipNewlines();
        if (si === src.length) throw illegal(src.length);
        if (src[si] !== PAD) throw illegal(si - 1);
        si++;
      }
      skipNewlines();
      if (si < src.length) throw illegal(si);
      len = j;
      end = true;
      break;
    }
    const val = ((q[0] as number) << 18) | ((q[1] as number) << 12) | ((q[2] as number) << 6) | (q[3] as number);
    if (len >= 2) out[n++] = (val >> 16) & 0xff;
    if (len >= 3) out[n++] = (val >> 8) & 0xff;
    if (len >= 4) out[n++] = val & 0xff;
    if (end) return out.subarray(0, n);
  }
}
