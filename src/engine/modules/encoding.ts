/** The `k6/encoding` module: b64encode / b64decode with k6's four encodings and Go's decoding errors. */
import { decodeBase64, encodeBase64 } from './go-base64.js';
import { toArrayBuffer, toBytes, toGoString } from './go-values.js';

export function createEncodingModule(): Record<string, unknown> {
  const mod = {
    /** `input`: a string (encoded as UTF-8), ArrayBuffer or Uint8Array; `encoding`: std (default), rawstd, url or rawurl. */
    b64encode: (input: unknown, encoding?: unknown): string => encodeBase64(toBytes(input), encoding),
    /** Returns an ArrayBuffer, or a string when `format` is "s". */
    b64decode: (input: unknown, encoding?: unknown, format?: unknown): ArrayBuffer | string => {
      const bytes = decodeBase64(Buffer.from(toGoString(input), 'utf8'), encoding);
      return format === 's' ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : toArrayBuffer(bytes);
    },
  };
  return { ...mod, default: mod, __esModule: true };
}
