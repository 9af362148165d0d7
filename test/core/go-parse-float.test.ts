/** Go's strconv.ParseFloat, as k6 reads a threshold's numbers with it (messages verbatim). */
import { describe, expect, it } from 'vitest';
import { goParseFloat } from '../../src/core/go-parse-float.js';

describe("Go's strconv.ParseFloat", () => {
  it.each(['5', '-5', '+.5', '5.', '1e3', '1E-3', '1_000', '1_0.5_5', '0x1p-2', '0X1.8P3', '0x_1p0', 'inf', '-Infinity', 'NaN'])('accepts %j', (s) => {
    expect(goParseFloat(s).ok).toBe(true);
  });

  it.each(['', ' 5', '5 ', '0x10', '1__0', '_1', '1_', '1_.5', '+nan', 'infin', '1e', '.', 'e5', '1,5'])('refuses %j', (s) => {
    expect(goParseFloat(s)).toEqual({ ok: false, error: `strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax` });
  });

  it('values as Go: hex mantissas with binary exponents, ±Inf past float64 as a range error', () => {
    expect(goParseFloat('0x1.8p3')).toEqual({ ok: true, value: 12 });
    expect(goParseFloat('1_000.5')).toEqual({ ok: true, value: 1000.5 });
    expect(goParseFloat('-1e400')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "-1e400": value out of range', outOfRange: -Infinity });
    expect(goParseFloat('1e-400')).toEqual({ ok: true, value: 0 });
  });
});
