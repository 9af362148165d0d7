/**
 * Go's strconv.ParseFloat(s, 64): which strings it accepts and the error it gives for the
 * rest. k6 parses a threshold's numbers with it and prints its error verbatim, so the engine
 * needs the same accept/refuse line and wording, not JavaScript's Number() (which takes
 * "0x10", " 5 " and "", and refuses "1_000" and "inf").
 */
import { goQuote } from './go-quote.js';

/**
 * The value, or Go's error. A well-formed number beyond float64 is an error in Go too, but Go
 * still returns ±Inf with it: `outOfRange` carries that value (absent on a syntax error).
 */
export type GoParseFloatResult = { ok: true; value: number } | { ok: false; error: string; outOfRange?: number };

/** Decimal: digits with an optional point and exponent ("5", ".5", "5.", "1e3"). */
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
/** Hexadecimal: a 0x mantissa and a mandatory binary exponent ("0x1p-2", "0x1.8P3"); "0x10" is refused. */
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/;
/** inf / infinity with an optional sign, nan without one, any case. */
const INF = /^([+-]?)(?:inf|infinity)$/i;
const NAN = /^nan$/i;

export function goParseFloat(s: string): GoParseFloatResult {
  const inf = INF.exec(s);
  if (inf) return { ok: true, value: inf[1] === '-' ? -Infinity : Infinity };
  if (NAN.test(s)) return { ok: true, value: NaN };
  const syntaxError = { ok: false as const, error: `strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax` };
  const hexPrefix = /^[+-]?0[xX]/.test(s);
  if (s.includes('_') && !underscoresOk(s, hexPrefix)) return syntaxError;
  const digits = s.replace(/_/g, '');
  let value: number;
  const hex = hexPrefix ? HEX.exec(digits) : null;
  if (hex && (hex[2] || hex[3])) value = hexFloat(hex[1] as string, hex[2] as string, hex[3] as string, Number(hex[4]));
  else if (!hexPrefix && DECIMAL.test(digits)) value = Number(digits);
  else return syntaxError;
  // A well-formed number beyond float64 is ±Inf with ErrRange; one too small is 0 without an error.
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, error: `strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`, outOfRange: value };
}

/**
 * Go's underscoreOK: `_` only between digits (hex digits after a 0x prefix), or right
 * after the prefix ("1_000", "0x_1p0"; not "1__0", "_1", "1_", "1_.5").
 */
function underscoresOk(s: string, hexPrefix: boolean): boolean {
  let rest = s.replace(/^[+-]/, '');
  let saw: 'digit' | 'underscore' | 'other' = 'other';
  if (hexPrefix) {
    rest = rest.slice(2);
    saw = 'digit';
  }
  const isDigit = hexPrefix ? (c: string) => /[0-9a-fA-F]/.test(c) : (c: string) => c >= '0' && c <= '9';
  for (const c of rest) {
    if (isDigit(c)) saw = 'digit';
    else if (c === '_') {
      if (saw !== 'digit') return false;
      saw = 'underscore';
    } else {
      if (saw === 'underscore') return false;
      saw = 'other';
    }
  }
  return saw !== 'underscore';
}

function hexFloat(sign: string, whole: string, fraction: string, exponent: number): number {
  const mantissa = parseInt(`${whole}${fraction}`, 16);
  const value = mantissa * 2 ** (exponent - 4 * fraction.length);
  return sign === '-' ? -value : value;
}
