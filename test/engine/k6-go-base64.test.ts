/**
 * k6/encoding's decoder follows Go's encoding/base64 (which k6 calls): CR and LF skipped
 * anywhere, stray bits after the last symbol ignored (non-strict), and the first bad byte
 * reported by its offset in the UTF-8 input ("illegal base64 data at input byte N").
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/engine/modules/go-base64.js';
import { GoError } from '../../src/engine/modules/go-error.js';
import { goTypeName, toBytes } from '../../src/engine/modules/go-values.js';

const dec = (s: string, enc = 'std') => Buffer.from(decodeBase64(Buffer.from(s, 'utf8'), enc)).toString('latin1');
const err = (s: string, enc = 'std') => {
  try {
    dec(s, enc);
  } catch (e) {
    return e instanceof GoError ? `${String(e)} (value ${String(e.value)})` : `not a GoError: ${String(e)}`;
  }
  return 'no error';
};

describe('Go base64 (k6/encoding)', () => {
  it('skips CR and LF, also inside the padding', () => {
    expect(dec('Zm9v\r\nYmFy\n')).toBe('foobar');
    expect(dec('Zm9vYg=\n=')).toBe('foob');
    expect(dec('\n\nZg==\r\n')).toBe('f');
  });

  it('ignores stray low bits after the last symbol, as Go does unless Strict', () => {
    expect(dec('Zm9vYh==')).toBe('foob');
  });

  it('reports the offset of the first bad byte', () => {
    expect(err('Zm9vYg')).toBe('GoError: illegal base64 data at input byte 4 (value 4)');
    expect(err('Zm9vYg=')).toBe('GoError: illegal base64 data at input byte 7 (value 7)');
    expect(err('Zm9vYg=x')).toBe('GoError: illegal base64 data at input byte 6 (value 6)');
    expect(err('Zm9vYmE=x')).toBe('GoError: illegal base64 data at input byte 8 (value 8)');
    expect(err('Zg==Zg==')).toBe('GoError: illegal base64 data at input byte 4 (value 4)');
    expect(err('Z===')).toBe('GoError: illegal base64 data at input byte 1 (value 1)');
    expect(err('Zm9v\u00e9')).toBe('GoError: illegal base64 data at input byte 4 (value 4)');
    expect(err('Zm8=', 'rawstd')).toBe('GoError: illegal base64 data at input byte 3 (value 3)');
    expect(err('Zm8', 'rawurl')).toBe('no error');
    expect(err('Z', 'rawstd')).toBe('GoError: illegal base64 data at input byte 0 (value 0)');
  });

  it('pads url like std and leaves raw encodings unpadded', () => {
    const b = new Uint8Array([0xfb, 0xff]);
    expect([encodeBase64(b, 'std'), encodeBase64(b, 'url'), encodeBase64(b, 'rawstd'), encodeBase64(b, 'rawurl'), encodeBase64(b, 'bogus')]).toEqual(['+/8=', '-_8=', '+/8', '-_8', '+/8=']);
  });

  it("names a value's Go type as k6's messages print it", () => {
    expect([1, 1.5, -0, 2 ** 60, true, null, undefined, [], {}, new Int16Array(1), new Date(0), 5n].map(goTypeName)).toEqual([
      'int64',
      'float64',
      'float64',
      'float64',
      'bool',
      '<nil>',
      '<nil>',
      '[]interface {}',
      'map[string]interface {}',
      '[]int16',
      'time.Time',
      '*big.Int',
    ]);
    expect(() => toBytes(3)).toThrow('invalid type int64, expected string, []byte or ArrayBuffer');
    expect(Array.from(toBytes(new Uint8Array([1, 2, 3]).subarray(1)))).toEqual([2, 3]);
  });
});
