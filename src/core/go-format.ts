/**
 * Number formatting that matches Go's fmt/strconv, so benchstat output can be
 * reproduced byte for byte: `%.Nf` rounds exact decimal ties half to even
 * (strconv.FormatFloat), while JavaScript's toFixed rounds them up; `%v` switches
 * to exponent form below 1e-4 and from 1e+06 (Go's shortest %g) with a two-digit exponent.
 */

/** Go's strconv.FormatFloat(x, 'f', prec, 64), i.e. `%.<prec>f`. */
export function formatFixedGo(x: number, prec: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  let out = abs.toFixed(prec);
  // toFixed gives the exact decimal expansion; look at the digits after `prec`
  // to detect an exact tie, which Go rounds to even.
  const wide = abs.toFixed(Math.min(100, prec + 30));
  const tail = wide.slice(wide.length - 30);
  if (tail[0] === '5' && /^50*$/.test(tail)) {
    const truncated = wide.slice(0, wide.length - 30).replace(/\.$/, '');
    const lastDigit = Number(truncated[truncated.length - 1]);
    if (lastDigit % 2 === 0) out = truncated;
  }
  return negative ? `-${out}` : out;
}

/** Go's `%+.2f%%`: always signed, `-0.00%` for tiny negatives. */
export function formatSignedPercentGo(pct: number): string {
  const s = formatFixedGo(pct, 2);
  return `${s.startsWith('-') ? s : `+${s}`}%`;
}

/**
 * Go's `%v` / fmt.Sprint for a float64: `%g` with the shortest round-trip digits, which
 * switches to exponent form when the exponent is below −4 or at least 6 (strconv's
 * shortest-%g rule: 1234567 prints as 1.234567e+06, unlike JavaScript's 1e21 threshold).
 */
export function formatFloatGo(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  // In this range JavaScript's shortest decimal form equals Go's.
  return String(x);
}
