// k6/encoding against RFC 4648's test vectors, a server that checks a Basic Authorization
// header, and Go's decoding errors (logged, so the test compares them with real k6's).
import { check } from 'k6';
import http from 'k6/http';
import encoding, { b64decode, b64encode } from 'k6/encoding';

export const options = { vus: 1, iterations: 1 };

// RFC 4648 section 10.
const VECTORS = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

const bytes = (ab) => Array.from(new Uint8Array(ab)).join(',');

export default function () {
  check(null, {
    'std encodes the RFC 4648 vectors': () => VECTORS.every(([plain, enc]) => b64encode(plain) === enc && b64encode(plain, 'std') === enc),
    'std decodes them back as strings': () => VECTORS.every(([plain, enc]) => b64decode(enc, 'std', 's') === plain),
    'rawstd drops the padding': () => VECTORS.every(([plain, enc]) => b64encode(plain, 'rawstd') === enc.replace(/=+$/, '') && b64decode(enc.replace(/=+$/, ''), 'rawstd', 's') === plain),
    'url and rawurl use - and _': () => b64encode(new Uint8Array([0xfb, 0xff, 0xfe]).buffer, 'url') === '-__-' && b64encode(new Uint8Array([0xfb, 0xff]).buffer, 'rawurl') === '-_8',
    'std uses + and /': () => b64encode(new Uint8Array([0xfb, 0xff, 0xfe]).buffer) === '+//+',
    'decode without format gives an ArrayBuffer': () => {
      const ab = b64decode('-_8', 'rawurl');
      return ab instanceof ArrayBuffer && bytes(ab) === '251,255';
    },
    'strings are encoded as UTF-8': () => b64encode('h\u00e9llo \u2603') === 'aMOpbGxvIOKYgw==' && b64decode('aMOpbGxvIOKYgw==', 'std', 's') === 'h\u00e9llo \u2603',
    'the default export has both functions': () => encoding.b64encode('foo') === 'Zm9v' && typeof encoding.b64decode === 'function',
  });

  const res = http.get(`${__ENV.BASE_URL}/basic`, { headers: { Authorization: `Basic ${b64encode('alice:s3cr\u00e9t')}` } });
  check(res, { 'the server accepts the Basic credentials': (r) => r.status === 200 });

  for (const [input, enc] of [
    ['Zm9vYg', 'std'],
    ['Zm9vYg==', 'rawstd'],
    ['Zm9vY', 'std'],
    ['!!!!', 'std'],
    ['-_-_', 'std'],
    ['Zm9vYmFy=', 'std'],
  ]) {
    try {
      b64decode(input, enc, 's');
      console.log(`b64decode(${input}, ${enc}) did not throw`);
    } catch (e) {
      console.log(`b64decode(${input}, ${enc}): ${String(e)}`);
    }
  }
  try {
    b64encode(42);
  } catch (e) {
    console.log(`b64encode(42): ${String(e)}`);
  }
}
