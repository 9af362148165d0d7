// k6/crypto against published test vectors (FIPS 180 "abc", RFC 1321, RIPEMD-160's authors,
// RFC 2202 and RFC 4231 HMACs) and a server that verifies an HMAC-SHA256 request signature.
import { check } from 'k6';
import http from 'k6/http';
import crypto from 'k6/crypto';

export const options = { vus: 1, iterations: 1 };

const ABC = {
  md5: '900150983cd24fb0d6963f7d28e17f72',
  sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
  sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  sha384: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
  sha512: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  sha512_224: '4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa',
  sha512_256: '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23',
  ripemd160: '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc',
};

// RFC 2202 / RFC 4231 test case 2: key "Jefe".
const JEFE = {
  md5: '750c783e6ab0b503eaa86e310a5db738',
  sha1: 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
  sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  sha384: 'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
  sha512: '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
};

const hex = (ab) => Array.from(new Uint8Array(ab), (b) => b.toString(16).padStart(2, '0')).join('');

export default function () {
  const algs = Object.keys(ABC);
  check(null, {
    'the hash shortcuts give the "abc" vectors': () => algs.every((a) => crypto[a]('abc', 'hex') === ABC[a]),
    'createHash().update().digest() gives them too': () =>
      algs.every((a) => {
        const h = crypto.createHash(a);
        h.update('a');
        h.update(new Uint8Array([98, 99]).buffer);
        return h.digest('hex') === ABC[a];
      }),
    'hmac() gives the RFC 2202/4231 values': () => Object.keys(JEFE).every((a) => crypto.hmac(a, 'Jefe', 'what do ya want for nothing?', 'hex') === JEFE[a]),
    'a key longer than the block is hashed first (RFC 4231 case 6)': () =>
      crypto.hmac('sha256', new Uint8Array(131).fill(0xaa).buffer, 'Test Using Larger Than Block-Size Key - Hash Key First', 'hex') === '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    'output encodings': () =>
      crypto.sha256('', 'base64') === '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' &&
      crypto.sha256('', 'base64url') === '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=' &&
      crypto.sha256('', 'base64rawurl') === '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU' &&
      hex(crypto.md5('abc', 'binary')) === ABC.md5,
    'a hasher digests again after more updates': () => {
      const h = crypto.createHMAC('sha256', 'Jefe');
      h.update('what do ya want ');
      const partial = h.digest('hex');
      h.update('for nothing?');
      return partial === crypto.hmac('sha256', 'Jefe', 'what do ya want ', 'hex') && h.digest('hex') === JEFE.sha256;
    },
    'randomBytes gives fresh ArrayBuffers': () => {
      const a = crypto.randomBytes(16);
      const b = crypto.randomBytes(16);
      return a instanceof ArrayBuffer && a.byteLength === 16 && hex(a) !== hex(b);
    },
    'hexEncode': () => crypto.hexEncode(new Uint8Array([1, 171, 255]).buffer) === '01abff',
  });

  const body = JSON.stringify({ order: 42, items: ['a', 'b'] });
  const signature = crypto.hmac('sha256', 'shared-secret', body, 'hex');
  const res = http.post(`${__ENV.BASE_URL}/signed`, body, { headers: { 'X-Signature': signature, 'Content-Type': 'application/json' } });
  check(res, { 'the server verifies the HMAC signature': (r) => r.status === 200 });

  for (const [label, f] of [
    ['unknown output encoding', () => crypto.sha256('x', 'latin1')],
    ['no output encoding', () => crypto.md5('x')],
    ['unknown hmac algorithm', () => crypto.hmac('sha3', 'k', 'x', 'hex')],
    ['number input', () => crypto.sha1(42, 'hex')],
    ['randomBytes(0)', () => crypto.randomBytes(0)],
  ]) {
    try {
      f();
      console.log(`${label}: no error`);
    } catch (e) {
      console.log(`${label}: ${String(e)}`);
    }
  }
}
