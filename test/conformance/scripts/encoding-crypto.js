// about: k6/encoding base64 (std, rawstd, url, rawurl; to strings and bytes) and k6/crypto (hashes, HMAC, incremental hashing, random bytes)
// conformance: {"counts":["checks"]}
import encoding from 'k6/encoding';
import crypto from 'k6/crypto';
import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  check(null, {
    'b64 std': () => encoding.b64encode('user:pass') === 'dXNlcjpwYXNz',
    'b64 rawstd': () => encoding.b64encode('a', 'rawstd') === 'YQ',
    'b64 url': () => encoding.b64encode('\xff\xfe?', 'url') === 'w7_Dvj8=',
    'b64 decode to string': () => encoding.b64decode('dXNlcjpwYXNz', 'std', 's') === 'user:pass',
    'b64 decode to bytes': () => new Uint8Array(encoding.b64decode('AQID')).join() === '1,2,3',
    'b64 rawurl decode': () => encoding.b64decode('w7_Dvj8', 'rawurl', 's') === '\xff\xfe?',
  });
  check(null, {
    'md5 hex': () => crypto.md5('hello', 'hex') === '5d41402abc4b2a76b9719d911017c592',
    'sha1 hex': () => crypto.sha1('hello', 'hex') === 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d',
    'sha256 base64': () => crypto.sha256('hello', 'base64') === 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=',
    'sha512 hex length': () => crypto.sha512('hello', 'hex').length === 128,
    'hmac sha256': () => crypto.hmac('sha256', 'key', 'hello', 'hex') === '9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b',
    'createHash': () => { const h = crypto.createHash('sha256'); h.update('hel'); h.update('lo'); return h.digest('hex') === crypto.sha256('hello', 'hex'); },
    'createHMAC': () => { const h = crypto.createHMAC('sha1', 'key'); h.update('hello'); return h.digest('hex') === crypto.hmac('sha1', 'key', 'hello', 'hex'); },
    'randomBytes': () => crypto.randomBytes(16).byteLength === 16,
  });
}
