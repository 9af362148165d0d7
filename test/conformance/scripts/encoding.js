// about: k6/encoding base64 in std, rawstd, url and rawurl forms, to strings and bytes
// conformance: {"counts":["checks"]}
import encoding from 'k6/encoding';
import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  check(null, {
    'std': () => encoding.b64encode('user:pass') === 'dXNlcjpwYXNz',
    'rawstd': () => encoding.b64encode('a', 'rawstd') === 'YQ',
    'url': () => encoding.b64encode('\xff\xfe?', 'url') === 'w7_Dvj8=',
    'decode to string': () => encoding.b64decode('dXNlcjpwYXNz', 'std', 's') === 'user:pass',
    'decode to bytes': () => new Uint8Array(encoding.b64decode('AQID')).join() === '1,2,3',
    'rawurl decode': () => encoding.b64decode('w7_Dvj8', 'rawurl', 's') === '\xff\xfe?',
  });
}
