/**
 * The `k6/crypto` module on Node's crypto: the hash shortcuts (md5(data, enc), …),
 * hmac(), createHash()/createHMAC() objects, randomBytes() and hexEncode(), with k6's
 * names, output encodings and GoError messages (checked against k6 v0.49 and v2.2).
 *
 * Unlike Node's Hash, k6's hasher (Go's hash.Hash) can be digested and then updated and
 * digested again, so digest() reads a copy. HMAC is built from two such hashes (RFC 2104)
 * for the same reason: Node's Hmac has no copy().
 */
import { createHash, randomBytes as nodeRandomBytes, type Hash } from 'node:crypto';
import { GoError } from './go-error.js';
import { toArrayBuffer, toBytes } from './go-values.js';

/** k6 algorithm name → [Node/OpenSSL name, block size in bytes (for HMAC)]. */
const ALGORITHMS: Record<string, [string, number]> = {
  md4: ['md4', 64],
  md5: ['md5', 64],
  sha1: ['sha1', 64],
  sha256: ['sha256', 64],
  sha384: ['sha384', 128],
  sha512: ['sha512', 128],
  sha512_224: ['sha512-224', 128],
  sha512_256: ['sha512-256', 128],
  ripemd160: ['ripemd160', 64],
};

function algorithm(name: unknown): [string, number] {
  const alg = typeof name === 'string' && Object.hasOwn(ALGORITHMS, name) ? ALGORITHMS[name] : undefined;
  if (!alg) throw new GoError(`invalid algorithm: ${String(name)}`);
  return alg;
}

function newHash(nodeName: string): Hash {
  try {
    return createHash(nodeName);
  } catch (err) {
    // OpenSSL 3 moved MD4 to its legacy provider, which Node loads only when asked to.
    if (nodeName === 'md4') throw new GoError('md4 is not available in this Node.js (OpenSSL 3 keeps it in the legacy provider): run Node with --openssl-legacy-provider, or use another algorithm');
    throw err;
  }
}

function encodeDigest(sum: Buffer, encoding: unknown): string | ArrayBuffer {
  switch (encoding) {
    case 'hex':
      return sum.toString('hex');
    case 'base64':
      return sum.toString('base64');
    case 'base64url':
      return sum.toString('base64url') + '='.repeat((3 - (sum.length % 3)) % 3);
    case 'base64rawurl':
      return sum.toString('base64url');
    case 'binary':
      return toArrayBuffer(sum);
    default:
      throw new GoError(`invalid output encoding: ${encoding === undefined || encoding === null ? '' : String(encoding)}`);
  }
}

/** What createHash()/createHMAC() return: update(data) returns nothing (as in k6), digest(enc) can be called again. */
interface Hasher {
  digest(encoding?: unknown): string | ArrayBuffer;
  update(data: unknown): void;
}

function hasher(inner: Hash, finish: (innerSum: Buffer) => Buffer = (s) => s): Hasher {
  return {
    digest: (encoding) => encodeDigest(finish(inner.copy().digest()), encoding),
    update: (data) => {
      inner.update(toBytes(data));
    },
  };
}

function hmacHasher(alg: unknown, key: unknown): Hasher {
  const [nodeName, blockSize] = algorithm(alg);
  let k = Buffer.from(toBytes(key));
  if (k.length > blockSize) k = newHash(nodeName).update(k).digest();
  const pad = (byte: number) => {
    const p = Buffer.alloc(blockSize, byte);
    for (let i = 0; i < k.length; i++) p[i] = (p[i] as number) ^ (k[i] as number);
    return p;
  };
  const outerPad = pad(0x5c);
  return hasher(newHash(nodeName).update(pad(0x36)), (innerSum) => newHash(nodeName).update(outerPad).update(innerSum).digest());
}

export function createCryptoModule(): Record<string, unknown> {
  const shortcut = (name: string) => (input: unknown, outputEncoding?: unknown) => {
    const h = newHash((ALGORITHMS[name] as [string, number])[0]);
    try {
      h.update(toBytes(input));
    } catch (err) {
      if (err instanceof GoError) throw new GoError(`${name} failed: ${err.message}`);
      throw err;
    }
    return encodeDigest(h.digest(), outputEncoding);
  };
  const mod: Record<string, unknown> = {
    createHash: (alg: unknown): Hasher => hasher(newHash(algorithm(alg)[0])),
    createHMAC: hmacHasher,
    hmac: (alg: unknown, key: unknown, data: unknown, outputEncoding?: unknown) => {
      const h = hmacHasher(alg, key);
      h.update(data);
      return h.digest(outputEncoding);
    },
    hexEncode: (data: unknown): string => Buffer.from(toBytes(data)).toString('hex'),
    randomBytes: (size: unknown): ArrayBuffer => {
      // Go's int parameter: the JS number truncated toward zero.
      const n = Math.trunc(Number(size));
      if (!(n >= 1)) throw new GoError('invalid size');
      return toArrayBuffer(nodeRandomBytes(n));
    },
  };
  for (const name of Object.keys(ALGORITHMS)) mod[name] = shortcut(name);
  return { ...mod, default: mod, __esModule: true };
}
