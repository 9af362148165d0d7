/**
 * Exact rational numbers over bigint, enough for execution segments: k6 uses
 * big.Rat so that 1/3 + 1/3 + 1/3 is exactly 1 and no VU is lost to rounding.
 */

/** A normalized fraction: denominator > 0, gcd(numerator, denominator) = 1. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num/den in lowest terms; den must not be 0. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('denominator 0');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export const ZERO = rational(0n);
export const ONE = rational(1n);

export function compare(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

/** `1/3`, `0`, `1`: the shortest exact form (Go's RatString). */
export function formatRational(r: Rational): string {
  return r.den === 1n ? String(r.num) : `${r.num}/${r.den}`;
}

/** Least common multiple of positive bigints. */
export function lcm(values: readonly bigint[]): bigint {
  return values.reduce((acc, v) => (acc / gcd(acc, v)) * v, 1n);
}

const INTEGER = /^[+-]?\d+$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;
const DECIMAL = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/;

function parseDecimal(text: string): Rational | undefined {
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && m[3] === '')) return undefined;
  const [, sign, whole = '', frac = '', exp = '0'] = m;
  let num = BigInt(`${sign}${whole}${frac}` || '0');
  let den = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (Math.abs(e) > 30) return undefined;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den *= 10n ** BigInt(-e);
  return rational(num, den);
}

/**
 * Parses k6's rational forms: a percentage of a whole number (`25%`), a fraction
 * (`1/3`) or a decimal (`0.25`, `1`); undefined when `text` is none of them.
 */
export function parseRational(text: string): Rational | undefined {
  const t = text.trim();
  if (t.endsWith('%')) {
    const body = t.slice(0, -1);
    return INTEGER.test(body) ? rational(BigInt(body), 100n) : undefined;
  }
  const f = FRACTION.exec(t);
  if (f) return BigInt(f[2] as string) === 0n ? undefined : rational(BigInt(f[1] as string), BigInt(f[2] as string));
  return parseDecimal(t);
}
